package org.paceline.cib;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks the fencing topology (levels, targets, devices that are fence devices) and warns when
 * fencing is enabled with no fence device to do it.
 */
final class FencingChecks {
  private final ValidationContext ctx;

  FencingChecks(ValidationContext ctx) {
    this.ctx = ctx;
  }

  void fencingTopology() {
    Set<String> targetsAndIndexes = new HashSet<>();
    for (FencingLevel l : ctx.config.fencingLevels()) {
      ctx.id("fencing-level", l.id());
      if (l.index() < 1 || l.index() > 9) {
        ctx.error(
            "fencing-level", l.id(), "index " + l.index() + " is out of range (expected 1-9)");
      }
      int targets =
          (l.target() != null ? 1 : 0)
              + (l.targetPattern() != null ? 1 : 0)
              + (l.targetAttribute() != null ? 1 : 0);
      if (targets != 1) {
        ctx.error(
            "fencing-level",
            l.id(),
            "give exactly one of target, target-pattern or target-attribute");
      }
      if (l.targetAttribute() != null && l.targetValue() == null) {
        ctx.error("fencing-level", l.id(), "target-attribute needs a target-value");
      }
      String key =
          l.target() + "|" + l.targetPattern() + "|" + l.targetAttribute() + "|" + l.index();
      if (!targetsAndIndexes.add(key)) {
        ctx.error(
            "fencing-level", l.id(), "a second level with index " + l.index() + " for its target");
      }
      for (String d : l.devices()) {
        var r = ctx.config.resource(d);
        if (r.isEmpty()) {
          ctx.error("fencing-level", l.id(), "unknown fence device '" + d + "'");
        } else if (!(r.get() instanceof Primitive p) || !"stonith".equals(resourceClass(p))) {
          ctx.error(
              "fencing-level",
              l.id(),
              "device '" + d + "' is not a fence device (expected a primitive of class stonith)");
        }
      }
    }
  }

  void stonithPresence() {
    // A bad value reads as the default (true) and is reported by the property check.
    boolean enabled = ClusterOption.STONITH_ENABLED.enabled(ctx.config);
    boolean anyDevice =
        ctx.config
            .allResources()
            .anyMatch(r -> r instanceof Primitive p && "stonith".equals(p.resourceClass()));
    if (enabled && !anyDevice && !ctx.config.resources().isEmpty()) {
      ctx.warning(
          "crm_config",
          null,
          "stonith-enabled is true but no fence device is configured: failed nodes cannot be"
              + " fenced, so their resources will not be recovered");
    }
  }

  /** A primitive's class, or its template's when it is made from one. */
  private String resourceClass(Primitive p) {
    if (p.template() == null) {
      return p.resourceClass();
    }
    for (Resource r : ctx.config.resources()) {
      if (r instanceof OtherResource o
          && "template".equals(o.element().name())
          && p.template().equals(o.id())) {
        return CibXmlReader.templatePrimitive(o.element()).resourceClass();
      }
    }
    return null;
  }
}
