package org.paceline.cib;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks resources: their shape (a group holds only primitives, a clone one primitive or group, no
 * clone inside anything), their meta attribute values, and each primitive's agent, template and
 * operations.
 */
final class ResourceChecks {
  private static final Set<String> ON_FAIL =
      Set.of(
          "ignore", "block", "stop", "restart", "standby", "fence", "demote", "restart-container");

  private final ValidationContext ctx;
  private final AttributeSetChecks sets;

  ResourceChecks(ValidationContext ctx, AttributeSetChecks sets) {
    this.ctx = ctx;
    this.sets = sets;
  }

  void resource(Resource r, Resource parent) {
    if (r instanceof OtherResource) {
      ctx.id(((OtherResource) r).element().name(), r.id());
      return;
    }
    String element = r instanceof Primitive ? "primitive" : r instanceof Group ? "group" : "clone";
    ctx.id(element, r.id());
    r.metaAttributes().forEach(s -> sets.nvSet("meta_attributes", s));
    meta(element, r);
    if (r instanceof Primitive p) {
      primitive(p);
    } else if (r instanceof Group g) {
      g.instanceAttributes().forEach(s -> sets.nvSet("instance_attributes", s));
      if (g.members().isEmpty()) {
        ctx.error("group", g.id(), "a group needs at least one primitive");
      }
      for (Resource m : g.members()) {
        if (!(m instanceof Primitive)) {
          ctx.error(
              "group",
              g.id(),
              "member '"
                  + m.id()
                  + "' is a "
                  + kind(m)
                  + ": a group may hold only primitives (no group inside a group, no clone)");
        }
        resource(m, g);
      }
    } else if (r instanceof Clone c) {
      c.instanceAttributes().forEach(s -> sets.nvSet("instance_attributes", s));
      if (c.child() == null) {
        ctx.error("clone", c.id(), "a clone must hold one primitive or group");
      } else {
        if (c.child() instanceof Clone || c.child() instanceof OtherResource) {
          ctx.error(
              "clone",
              c.id(),
              "holds a " + kind(c.child()) + ": a clone may hold only a primitive or a group");
        }
        resource(c.child(), c);
      }
      if (parent != null) {
        ctx.error("clone", c.id(), "a clone cannot be inside a " + kind(parent));
      }
    }
  }

  private static String kind(Resource r) {
    if (r instanceof Primitive) {
      return "primitive";
    }
    if (r instanceof Group) {
      return "group";
    }
    if (r instanceof Clone c) {
      return c.promotable() ? "promotable clone" : "clone";
    }
    return ((OtherResource) r).element().name();
  }

  private void meta(String element, Resource r) {
    for (NvSet s : r.metaAttributes()) {
      for (NvPair p : s.nvpairs()) {
        // "#default" is Pacemaker's explicit "use the default" for any meta attribute.
        if (p.name() == null || p.value() == null || "#default".equals(p.value())) {
          continue;
        }
        String v = p.value();
        String expected =
            switch (p.name()) {
              case "target-role" ->
                  parses(() -> Role.parse(v))
                      ? null
                      : "Started, Stopped, " + "Promoted or Unpromoted";
              case "is-managed",
                  "maintenance",
                  "globally-unique",
                  "interleave",
                  "notify",
                  "ordered",
                  "promotable",
                  "allow-migrate",
                  "critical" ->
                  CibBooleans.valid(v) ? null : "true or false";
              case "resource-stickiness" ->
                  parses(() -> Score.parse(v)) ? null : "a score (integer or INFINITY)";
              case "migration-threshold" ->
                  parses(() -> Score.parse(v)) ? null : "an integer or INFINITY";
              case "clone-max",
                  "clone-node-max",
                  "promoted-max",
                  "promoted-node-max",
                  "master-max",
                  "master-node-max",
                  "clone-min" ->
                  v.trim().matches("[0-9]{1,9}") ? null : "a non-negative integer";
              case "failure-timeout" ->
                  parses(() -> IntervalSpec.toMs(v)) ? null : "a time such as 60s or 10min";
              case "requires" ->
                  Set.of("nothing", "quorum", "fencing", "unfencing").contains(v)
                      ? null
                      : "nothing, quorum, fencing or unfencing";
              case "multiple-active" ->
                  Set.of("block", "stop_only", "stop_start", "stop_unexpected").contains(v)
                      ? null
                      : "block, stop_only, stop_start or stop_unexpected";
              default -> null;
            };
        if (expected != null) {
          ctx.error(
              element,
              r.id(),
              "meta attribute " + p.name() + "='" + v + "' is invalid (expected " + expected + ")");
        }
      }
    }
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void primitive(Primitive p) {
    p.instanceAttributes().forEach(s -> sets.nvSet("instance_attributes", s));
    p.utilization().forEach(s -> sets.nvSet("utilization", s));
    if (p.template() == null) {
      if (p.resourceClass() == null || p.resourceClass().isBlank()) {
        ctx.error("primitive", p.id(), "missing class (e.g. ocf, systemd, lsb, stonith)");
      }
      if (p.type() == null || p.type().isBlank()) {
        ctx.error("primitive", p.id(), "missing type (the agent name, e.g. IPaddr2)");
      }
      if ("ocf".equals(p.resourceClass()) && p.provider() == null) {
        ctx.error("primitive", p.id(), "an ocf primitive needs a provider (e.g. heartbeat)");
      }
    } else if (!definedTemplate(p.template())) {
      ctx.error("primitive", p.id(), "uses unknown template '" + p.template() + "'");
    }
    if (p.operationsId() != null) {
      ctx.id("operations", p.operationsId());
    }
    Set<String> keys = new HashSet<>();
    for (Op op : p.operations()) {
      ctx.id("op", op.id());
      op.metaAttributes().forEach(s -> sets.nvSet("meta_attributes", s));
      op.instanceAttributes().forEach(s -> sets.nvSet("instance_attributes", s));
      if (op.name() == null || op.name().isBlank()) {
        ctx.error("op", op.id(), "missing name (the action, e.g. monitor)");
      }
      long intervalMs = -1;
      try {
        intervalMs = op.intervalMs();
      } catch (IllegalArgumentException e) {
        ctx.error("op", op.id(), "interval: " + e.getMessage());
      }
      try {
        op.timeoutMs();
      } catch (IllegalArgumentException e) {
        ctx.error("op", op.id(), "timeout: " + e.getMessage());
      }
      if (op.onFail() != null && !ON_FAIL.contains(op.onFail())) {
        ctx.error(
            "op",
            op.id(),
            "bad on-fail '"
                + op.onFail()
                + "' (expected ignore, block, stop, restart, standby, fence or demote)");
      }
      if (intervalMs >= 0 && op.name() != null) {
        String key = op.name() + "_" + intervalMs + "_" + op.role();
        if (!keys.add(key)) {
          ctx.error(
              "op",
              op.id(),
              "a second "
                  + op.name()
                  + " with interval "
                  + op.interval()
                  + (op.role() == null ? "" : " and role " + op.role())
                  + " in primitive '"
                  + p.id()
                  + "' (each action/interval pair must be unique)");
        }
      }
    }
  }

  private boolean definedTemplate(String id) {
    return ctx.config.resources().stream()
        .anyMatch(
            r ->
                r instanceof OtherResource o
                    && "template".equals(o.element().name())
                    && id.equals(o.id()));
  }
}
