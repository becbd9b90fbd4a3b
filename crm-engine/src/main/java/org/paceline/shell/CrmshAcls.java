package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Configuration;
import org.paceline.cib.XmlNode;

/**
 * crmsh's access control statements, both ways, as Pacemaker's (ACL version 2) {@code <acls>}:
 *
 * <pre>
 * role ID RULE [RULE ...]
 *   RULE :: read|write|deny SPEC     (attribute:NAME after tag:ELEMENT only)
 *   SPEC :: xpath:XPATH | ref:ID | tag:ELEMENT | SHORTCUT
 *   SHORTCUT :: meta:RSC[:ATTR] | params:RSC[:ATTR] | utilization:RSC | location:RSC
 *             | property[:ATTR] | node[:NODE] | nodeattr[:ATTR] | nodeutil[:NODE] | status | cib
 * acl_target ID [ROLE ...]        (user ID role:ROLE ... is the older form)
 * </pre>
 *
 * A shortcut becomes the XPath crmsh makes of it. A role or target of an id already there is
 * replaced.
 */
final class CrmshAcls {
  /** crmsh's shortcuts: the XPath, and what an optional argument appends ({@code @@}: it). */
  private static final Map<String, String[]> SHORTCUTS =
      Map.ofEntries(
          Map.entry(
              "meta",
              new String[] {"//primitive[@id='@@']/meta_attributes", "/nvpair[@name='@@']"}),
          Map.entry(
              "params",
              new String[] {"//primitive[@id='@@']/instance_attributes", "/nvpair[@name='@@']"}),
          Map.entry("utilization", new String[] {"//primitive[@id='@@']/utilization"}),
          Map.entry("location", new String[] {"//rsc_location[@id='cli-prefer-@@' and @rsc='@@']"}),
          Map.entry(
              "property",
              new String[] {"//crm_config/cluster_property_set", "/nvpair[@name='@@']"}),
          Map.entry(
              "nodeattr", new String[] {"//nodes/node/instance_attributes", "/nvpair[@name='@@']"}),
          Map.entry("nodeutil", new String[] {"//nodes/node/utilization", "[@uname='@@']"}),
          Map.entry("node", new String[] {"//nodes/node", "[@uname='@@']"}),
          Map.entry("status", new String[] {"/cib/status"}),
          Map.entry("cib", new String[] {"/cib"}));

  private CrmshAcls() {}

  static Configuration role(Configuration c, CrmshWords w) throws CrmshException {
    String id = w.next("a role id");
    String description = null;
    if (w.hasNext() && w.peek().startsWith("description=")) {
      description = w.next("description=").substring("description=".length());
    }
    List<XmlNode> permissions = new ArrayList<>();
    Map<String, Integer> perKind = new LinkedHashMap<>();
    while (w.hasNext()) {
      String kind = w.next("read, write or deny");
      if (!kind.equals("read") && !kind.equals("write") && !kind.equals("deny")) {
        throw w.error("a role's rule starts with read, write or deny, not '" + kind + "'");
      }
      int n = perKind.merge(kind, 1, Integer::sum) - 1;
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("id", id + "-" + kind + (n == 0 ? "" : "-" + n));
      attrs.put("kind", kind);
      boolean target = false;
      while (w.hasNext() && !isKind(w.peek())) {
        String spec = w.next("xpath:, ref:, tag:, attribute: or a shortcut");
        int colon = spec.indexOf(':');
        String key = colon < 0 ? spec : spec.substring(0, colon);
        String value = colon < 0 ? null : spec.substring(colon + 1);
        boolean names = !key.equals("attribute") && !key.equals("attr");
        if (names && target) {
          throw w.error(
              "one rule names one part of the CIB: xpath:, ref: or tag: (Pacemaker's ACLs)");
        }
        switch (key) {
          case "xpath" -> attrs.put("xpath", need(value, spec, w));
          case "ref", "reference" -> attrs.put("reference", need(value, spec, w));
          case "tag", "type" -> attrs.put("object-type", need(value, spec, w));
          case "attribute", "attr" -> {
            attrs.put("attribute", need(value, spec, w));
            continue;
          }
          default -> {
            String[] s = SHORTCUTS.get(key);
            if (s == null) {
              throw w.error(
                  "'" + spec + "' is not xpath:, ref:, tag:, attribute: or a crmsh shortcut");
            }
            attrs.put("xpath", shortcut(s, value, spec, w));
          }
        }
        target = true;
      }
      if (!target) {
        throw w.error(kind + " needs what it applies to (xpath:, ref:, tag: or a shortcut)");
      }
      if (attrs.containsKey("attribute") && !attrs.containsKey("object-type")) {
        throw w.error("attribute: goes with tag: only (Pacemaker's ACL schema)");
      }
      permissions.add(new XmlNode("acl_permission", attrs, List.of(), null));
    }
    if (permissions.isEmpty()) {
      throw w.error("role " + id + " needs at least one rule (read|write|deny ...)");
    }
    Map<String, String> roleAttrs = new LinkedHashMap<>();
    roleAttrs.put("id", id);
    if (description != null) {
      roleAttrs.put("description", description);
    }
    return put(c, new XmlNode("acl_role", roleAttrs, permissions, null));
  }

  /**
   * {@code acl_target ID [ROLE ...]}, the older {@code user ID role:ROLE ...}, and ({@code element}
   * acl_group) {@code acl_group ID [ROLE ...]}: a group of users, as crmsh writes it.
   */
  static Configuration target(Configuration c, CrmshWords w, boolean legacyUser)
      throws CrmshException {
    return target(c, w, legacyUser, "acl_target");
  }

  static Configuration target(Configuration c, CrmshWords w, boolean legacyUser, String element)
      throws CrmshException {
    String id = w.next("a user id");
    List<XmlNode> roles = new ArrayList<>();
    while (w.hasNext()) {
      String r = w.next("a role");
      if (legacyUser) {
        if (!r.startsWith("role:")) {
          throw w.error("user takes role:ROLE words (rules of their own are ACL version 1)");
        }
        r = r.substring("role:".length());
      }
      roles.add(new XmlNode("role", Map.of("id", r), List.of(), null));
    }
    return put(c, new XmlNode(element, Map.of("id", id), roles, null));
  }

  private static boolean isKind(String word) {
    return word.equals("read") || word.equals("write") || word.equals("deny");
  }

  private static String need(String value, String spec, CrmshWords w) throws CrmshException {
    if (value == null || value.isEmpty()) {
      throw w.error("'" + spec + "' needs a value after the colon");
    }
    return value;
  }

  private static String shortcut(String[] s, String arg, String spec, CrmshWords w)
      throws CrmshException {
    boolean takesTarget = s[0].contains("@@");
    if (takesTarget && (arg == null || arg.isEmpty())) {
      throw w.error("'" + spec + "' names no resource");
    }
    String rsc = takesTarget ? arg.split(":", 2)[0] : null;
    String rest = takesTarget ? (arg.contains(":") ? arg.split(":", 2)[1] : null) : arg;
    String xpath = takesTarget ? s[0].replace("@@", rsc) : s[0];
    if (rest != null && !rest.isEmpty()) {
      if (s.length < 2) {
        throw w.error(
            "'" + spec + "' takes nothing after the " + (takesTarget ? "resource" : "name"));
      }
      xpath += s[1].replace("@@", rest);
    }
    return xpath;
  }

  /** Replaces (or appends) an element of {@code <acls>} by id. */
  private static Configuration put(Configuration c, XmlNode element) {
    return Configs.withSectionElement(c, "acls", element);
  }

  /** The role and acl_target statements of a configuration, as crmsh shows them. */
  static List<String> show(Configuration c) {
    List<String> roles = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (XmlNode section : c.otherChildren()) {
      if (!section.name().equals("acls")) {
        continue;
      }
      for (XmlNode a : section.children()) {
        String id = a.attributes().get("id");
        if (a.name().equals("acl_role")) {
          List<String> parts = new ArrayList<>();
          for (XmlNode p : a.children()) {
            if (!p.name().equals("acl_permission")) {
              continue;
            }
            Map<String, String> at = p.attributes();
            StringBuilder b = new StringBuilder(at.getOrDefault("kind", "read"));
            if (at.containsKey("xpath")) {
              b.append(" xpath:").append(CrmshShow.quote(at.get("xpath")));
            }
            if (at.containsKey("reference")) {
              b.append(" ref:").append(at.get("reference"));
            }
            if (at.containsKey("object-type")) {
              b.append(" type:").append(at.get("object-type"));
            }
            if (at.containsKey("attribute")) {
              b.append(" attr:").append(at.get("attribute"));
            }
            parts.add(b.toString());
          }
          String d = a.attributes().get("description");
          if (d != null) {
            parts.add(0, "description=" + CrmshShow.quote(d));
          }
          roles.add(CrmshShow.statement("role " + id, parts));
        } else if (a.name().equals("acl_target") || a.name().equals("acl_group")) {
          List<String> names = new ArrayList<>();
          a.children().forEach(r -> names.add(r.attributes().get("id")));
          targets.add(a.name() + " " + id + (names.isEmpty() ? "" : " " + String.join(" ", names)));
        }
      }
    }
    roles.addAll(targets);
    return roles;
  }
}
