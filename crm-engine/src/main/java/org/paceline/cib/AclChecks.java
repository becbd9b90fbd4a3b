package org.paceline.cib;

import java.util.Map;

/** Checks the access control section: roles that exist, well-formed permissions, references. */
final class AclChecks {
  private final ValidationContext ctx;

  AclChecks(ValidationContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The access control section: a user's roles must be defined, a permission names exactly one of
   * xpath, reference and object-type (attribute only with object-type), and a reference names an
   * object of the configuration (Pacemaker's ACL schema).
   */
  void check() {
    for (XmlNode section : ctx.config.otherChildren()) {
      if (!section.name().equals("acls")) {
        continue;
      }
      java.util.Set<String> roles = new java.util.HashSet<>();
      for (XmlNode a : section.children()) {
        if (a.name().equals("acl_role")) {
          roles.add(a.attributes().get("id"));
        }
      }
      for (XmlNode a : section.children()) {
        String id = a.attributes().get("id");
        if (a.name().equals("acl_target") || a.name().equals("acl_group")) {
          for (XmlNode r : a.children()) {
            String role = r.attributes().get("id");
            if (r.name().equals("role") && !roles.contains(role)) {
              ctx.error(a.name(), id, "has role '" + role + "', which no acl_role defines");
            }
          }
        } else if (a.name().equals("acl_role")) {
          for (XmlNode p : a.children()) {
            if (!p.name().equals("acl_permission")) {
              continue;
            }
            Map<String, String> at = p.attributes();
            String pid = at.get("id");
            int named =
                (at.containsKey("xpath") ? 1 : 0)
                    + (at.containsKey("reference") ? 1 : 0)
                    + (at.containsKey("object-type") ? 1 : 0);
            if (named != 1) {
              ctx.error(
                  "acl_permission",
                  pid,
                  "names " + named + " of xpath, reference and object-type; exactly one is needed");
            }
            if (at.containsKey("attribute") && !at.containsKey("object-type")) {
              ctx.error("acl_permission", pid, "attribute goes with object-type only");
            }
            String ref = at.get("reference");
            if (ref != null
                && !ctx.resourceIds.contains(ref)
                && !ctx.tagIds.contains(ref)
                && ctx.config.node(ref).isEmpty()
                && ctx.config.nodes().stream().noneMatch(n -> ref.equals(n.id()))
                && ctx.config.constraints().stream().noneMatch(x -> ref.equals(x.id()))) {
              ctx.error(
                  "acl_permission",
                  pid,
                  "refers to '" + ref + "', which is not in the configuration");
            }
          }
        }
      }
    }
  }
}
