package org.paceline.cib;

/**
 * Checks the alerts section: each alert has an id and an absolute agent path, each recipient an id
 * and a value, and the meta attributes the agents' runner reads hold usable values ({@code timeout}
 * a positive time, {@code enabled} a boolean, {@code timestamp-format} not empty).
 */
final class AlertChecks {
  private final ValidationContext ctx;

  AlertChecks(ValidationContext ctx) {
    this.ctx = ctx;
  }

  void check() {
    for (XmlNode section : ctx.config.otherChildren()) {
      if (!section.name().equals("alerts")) {
        continue;
      }
      for (XmlNode a : section.children()) {
        if (!a.name().equals("alert")) {
          continue;
        }
        String id = a.id();
        ctx.id("alert", id);
        String path = a.attributes().get("path");
        if (path == null || path.isEmpty()) {
          ctx.error("alert", id, "has no path (the alert agent to run)");
        } else if (!path.startsWith("/")) {
          ctx.error("alert", id, "path '" + path + "' is not absolute");
        }
        meta("alert", id, a);
        for (XmlNode r : a.children()) {
          if (!r.name().equals("recipient")) {
            continue;
          }
          ctx.id("recipient", r.id());
          if (r.attributes().get("value") == null) {
            ctx.error("recipient", r.id(), "has no value");
          }
          meta("recipient", r.id(), r);
        }
      }
    }
  }

  private void meta(String element, String id, XmlNode owner) {
    for (XmlNode set : owner.children()) {
      if (!set.name().equals("meta_attributes")) {
        continue;
      }
      for (XmlNode nv : set.children()) {
        String name = nv.attributes().get("name");
        String value = nv.attributes().getOrDefault("value", "");
        if ("timeout".equals(name)) {
          long ms;
          try {
            ms = IntervalSpec.toMs(value);
          } catch (IllegalArgumentException e) {
            ms = -1;
          }
          if (ms <= 0) {
            ctx.error(element, id, "timeout '" + value + "' is not a positive time (e.g. 30s)");
          }
        } else if ("enabled".equals(name) && !CibBooleans.valid(value)) {
          ctx.error(element, id, "enabled '" + value + "' is not a boolean");
        } else if ("timestamp-format".equals(name) && value.isEmpty()) {
          ctx.error(element, id, "timestamp-format is empty");
        }
      }
    }
  }
}
