package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.ColocationConstraint;
import org.paceline.cib.Configuration;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.OrderKind;
import org.paceline.cib.ResourceSet;
import org.paceline.cib.Role;
import org.paceline.cib.Rule;
import org.paceline.cib.Score;

/**
 * crmsh's constraint statements: {@code location}, {@code colocation}, {@code order} and {@code
 * rsc_ticket} (part of {@link CrmshConfigure}, which dispatches to it); resource sets are read by
 * {@link CrmshResourceSets}.
 */
final class CrmshConstraints {
  private CrmshConstraints() {}

  /**
   * {@code location ID RSC [ATTR=VALUE ...] SCORE: NODE [role=ROLE] | rule ... [rule ...]}, as
   * crmsh's parser reads it: RSC is a resource or tag, {@code /REGEX/} (rsc-pattern) or {@code {
   * SET }} (resource sets, roles as in a colocation); the attributes are {@code role=} ({@code
   * $role=}) and {@code resource-discovery=}; a trailing resource-discovery= is read as well. A
   * node the configuration does not list is a warning, as in crmsh (it may join later).
   */
  static Configuration location(Configuration c, CrmshWords w, List<String> warnings)
      throws CrmshException {
    String id = CrmshConfigure.newId(c, w);
    String rsc = null;
    String pattern = null;
    List<ResourceSet> sets = List.of();
    String first = w.next("a resource, /PATTERN/ or { SET }");
    if (first.length() > 2 && first.startsWith("/") && first.endsWith("/")) {
      pattern = first.substring(1, first.length() - 1);
      try {
        java.util.regex.Pattern.compile(pattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw w.error("bad resource pattern: " + e.getDescription());
      }
    } else if (first.equals("{")) {
      List<String> inner = new ArrayList<>();
      while (true) {
        String x = w.next("a resource or '}'");
        if (x.equals("}")) {
          break;
        }
        inner.add(x);
      }
      if (inner.isEmpty()) {
        throw w.error("empty resource set");
      }
      sets = CrmshResourceSets.resourceSets(c, new CrmshWords(inner), id, true);
    } else {
      rsc = first;
      CrmshConfigure.requireResource(c, rsc, w);
    }
    Role role = null;
    String discovery = null;
    while (w.hasNext() && w.peek().matches("\\$?(role|resource-discovery)=.*")) {
      String a = w.next("ATTR=VALUE");
      String value = a.substring(a.indexOf('=') + 1);
      if (a.contains("role=")) {
        role = CrmshWords.role(value, w);
      } else {
        discovery = discovery(value, w);
      }
    }
    if (!w.hasNext()) {
      throw w.error("expected SCORE: NODE or rule");
    }
    List<Rule> rules = List.of();
    Score score = null;
    String node = null;
    if (w.peek().equals("rule")) {
      rules = CrmshRules.parse(id, w);
    } else {
      score = CrmshWords.scoreColon(w.next("SCORE:"), w);
      node = w.next("a node");
      if (c.node(node).isEmpty()) {
        warnings.add("location " + id + ": " + node + " is not a node in the configuration");
      }
      if (role == null && w.hasNext() && w.peek().matches("\\$?role=.*")) {
        String r = w.next("role=ROLE");
        role = CrmshWords.role(r.substring(r.indexOf('=') + 1), w);
      }
    }
    if (discovery == null && w.hasNext() && w.peek().startsWith("resource-discovery=")) {
      discovery =
          discovery(w.next("resource-discovery=").substring("resource-discovery=".length()), w);
    }
    w.end();
    return Configs.withConstraint(
        c,
        new LocationConstraint(
            id,
            rsc,
            pattern,
            role,
            score,
            node,
            rules,
            discovery,
            sets,
            rules.isEmpty() ? null : Map.of()));
  }

  private static String discovery(String value, CrmshWords w) throws CrmshException {
    if (!Set.of("always", "never", "exclusive").contains(value)) {
      throw w.error("resource-discovery is always, never or exclusive");
    }
    return value;
  }

  static Configuration colocation(Configuration c, CrmshWords w) throws CrmshException {
    String id = CrmshConfigure.newId(c, w);
    Score score = CrmshWords.scoreColon(w.next("SCORE:"), w);
    // A trailing node-attribute= is an option of the constraint (either form).
    String nodeAttribute = null;
    List<String> rest = w.rest();
    if (!rest.isEmpty() && rest.get(rest.size() - 1).startsWith("node-attribute=")) {
      nodeAttribute = rest.get(rest.size() - 1).substring("node-attribute=".length());
      w.dropLast();
      if (nodeAttribute.isEmpty()) {
        throw w.error("node-attribute= needs an attribute name");
      }
    }
    if (CrmshResourceSets.isSetForm(w)) {
      List<ResourceSet> sets = CrmshResourceSets.resourceSets(c, w, id, true);
      return Configs.withConstraint(
          c,
          new ColocationConstraint(
              id, null, null, score, null, null, nodeAttribute, sets, Map.of()));
    }
    String[] rsc = CrmshConfigure.rscWithSuffix(c, w, "a resource");
    String[] with = CrmshConfigure.rscWithSuffix(c, w, "the resource it runs with");
    w.end();
    ColocationConstraint cc =
        new ColocationConstraint(
            id,
            rsc[0],
            with[0],
            score,
            rsc[1] == null ? null : CrmshWords.role(rsc[1], w),
            with[1] == null ? null : CrmshWords.role(with[1], w),
            nodeAttribute,
            List.of(),
            Map.of());
    return Configs.withConstraint(c, cc);
  }

  static Configuration order(Configuration c, CrmshWords w) throws CrmshException {
    String id = CrmshConfigure.newId(c, w);
    // The kind is optional in crmsh ("order o a b" is Mandatory, Pacemaker's default); a score
    // is the older form: 0 is Optional, any other Mandatory.
    OrderKind kind = null;
    if (w.hasNext() && w.peek().endsWith(":")) {
      String kindWord = w.next("KIND:");
      String k = kindWord.substring(0, kindWord.length() - 1);
      switch (k.toLowerCase(Locale.ROOT)) {
        case "mandatory", "inf", "+inf", "infinity", "+infinity" -> kind = OrderKind.MANDATORY;
        case "optional", "0" -> kind = OrderKind.OPTIONAL;
        case "serialize" -> kind = OrderKind.SERIALIZE;
        default -> {
          if (k.matches("[+-]?\\d+")) {
            kind = Integer.parseInt(k) == 0 ? OrderKind.OPTIONAL : OrderKind.MANDATORY;
          } else {
            throw w.error(
                "bad order kind '"
                    + k
                    + "' (expected Mandatory, Optional, Serialize, inf or a score)");
          }
        }
      }
    }
    Boolean symmetrical = null;
    List<String> rest = w.rest();
    if (!rest.isEmpty() && rest.get(rest.size() - 1).startsWith("symmetrical=")) {
      String last = rest.get(rest.size() - 1);
      w.dropLast();
      symmetrical = CrmshResourceSets.bool(last, w);
    }
    if (CrmshResourceSets.isSetForm(w)) {
      List<ResourceSet> sets = CrmshResourceSets.resourceSets(c, w, id, false);
      return Configs.withConstraint(
          c,
          new OrderConstraint(id, null, null, null, null, kind, null, symmetrical, sets, Map.of()));
    }
    String[] first = CrmshConfigure.rscWithSuffix(c, w, "the first resource");
    String[] then = CrmshConfigure.rscWithSuffix(c, w, "the then resource");
    for (String[] x : List.of(first, then)) {
      if (x[1] != null
          && !Set.of("start", "stop", "promote", "demote", "promoted", "demoted").contains(x[1])) {
        throw w.error("bad action '" + x[1] + "' (expected start, stop, promote, demote)");
      }
    }
    w.end();
    OrderConstraint oc =
        new OrderConstraint(
            id, first[0], then[0], first[1], then[1], kind, null, symmetrical, List.of(), Map.of());
    return Configs.withConstraint(c, oc);
  }

  /**
   * {@code rsc_ticket ID TICKET: RSC[:ROLE] [RSC[:ROLE] ...] [loss-policy=POLICY]}: the resources
   * run only while the ticket is granted (one resource is written as Pacemaker's rsc/rsc-role,
   * several as a resource set per role).
   */
  static Configuration rscTicket(Configuration c, CrmshWords w) throws CrmshException {
    String id = CrmshConfigure.newId(c, w);
    String ticketWord = w.next("TICKET:");
    if (!ticketWord.endsWith(":") || ticketWord.length() < 2) {
      throw w.error("expected TICKET: with a colon, found '" + ticketWord + "'");
    }
    String ticket = ticketWord.substring(0, ticketWord.length() - 1);
    String lossPolicy = null;
    List<String[]> rscs = new ArrayList<>();
    while (w.hasNext()) {
      String word = w.next("a resource or loss-policy=");
      if (word.startsWith("loss-policy=")) {
        lossPolicy = word.substring("loss-policy=".length());
        if (!List.of("stop", "demote", "fence", "freeze").contains(lossPolicy)) {
          throw w.error("loss-policy '" + lossPolicy + "': expected stop, demote, fence or freeze");
        }
        continue;
      }
      String[] rr = word.split(":", 2);
      CrmshConfigure.requireResource(c, rr[0], w);
      String role = null;
      if (rr.length == 2) {
        try {
          role = Role.parse(rr[1]).xmlName();
        } catch (IllegalArgumentException e) {
          throw w.error(e.getMessage());
        }
      }
      rscs.add(new String[] {rr[0], role});
    }
    if (rscs.isEmpty()) {
      throw w.error("rsc_ticket " + id + ": expected at least one resource");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("id", id);
    attrs.put("ticket", ticket);
    List<org.paceline.cib.XmlNode> children = new ArrayList<>();
    if (rscs.size() == 1) {
      attrs.put("rsc", rscs.get(0)[0]);
      if (rscs.get(0)[1] != null) {
        attrs.put("rsc-role", rscs.get(0)[1]);
      }
    } else {
      Map<String, List<String>> byRole = new LinkedHashMap<>();
      for (String[] r : rscs) {
        byRole.computeIfAbsent(r[1] == null ? "" : r[1], k -> new ArrayList<>()).add(r[0]);
      }
      int n = 0;
      for (Map.Entry<String, List<String>> e : byRole.entrySet()) {
        Map<String, String> setAttrs = new LinkedHashMap<>();
        setAttrs.put("id", id + "-" + n++);
        if (!e.getKey().isEmpty()) {
          setAttrs.put("role", e.getKey());
        }
        List<org.paceline.cib.XmlNode> refs = new ArrayList<>();
        for (String r : e.getValue()) {
          refs.add(new org.paceline.cib.XmlNode("resource_ref", Map.of("id", r), List.of(), null));
        }
        children.add(new org.paceline.cib.XmlNode("resource_set", setAttrs, refs, null));
      }
    }
    if (lossPolicy != null) {
      attrs.put("loss-policy", lossPolicy);
    }
    return Configs.withConstraint(
        c,
        new org.paceline.cib.OtherConstraint(
            new org.paceline.cib.XmlNode("rsc_ticket", attrs, children, null)));
  }
}
