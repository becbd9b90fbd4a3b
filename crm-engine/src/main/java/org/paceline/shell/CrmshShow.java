package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Clone;
import org.paceline.cib.ColocationConstraint;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.FencingLevel;
import org.paceline.cib.Group;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.Node;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.OrderKind;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Role;
import org.paceline.cib.Rule;
import org.paceline.cib.Score;

/**
 * Renders a configuration in crmsh's {@code configure show} text format: one statement per object
 * (continuation lines end in a backslash and start with a tab), in crmsh's order: nodes, resource
 * templates, primitives, groups, clones, tags, constraints, alerts, fencing topology, properties,
 * defaults. Pure; what it prints can be read back by {@link CrmshConfigure} statement by statement.
 */
final class CrmshShow {
  private CrmshShow() {}

  /**
   * Every resource depth first, the top-level ones in the order a load creates them (primitives,
   * groups, clones; each kind in the configuration's order): printed so, the text loads back to a
   * configuration that prints the same text.
   */
  private static List<Resource> inLoadOrder(Configuration c) {
    List<Resource> top = new ArrayList<>(c.resources());
    top.sort(
        java.util.Comparator.comparingInt(
            r -> r instanceof Primitive ? 0 : r instanceof Group ? 2 : r instanceof Clone ? 3 : 1));
    return top.stream().flatMap(CrmshShow::depthFirst).toList();
  }

  private static java.util.stream.Stream<Resource> depthFirst(Resource r) {
    return java.util.stream.Stream.concat(
        java.util.stream.Stream.of(r), r.children().stream().flatMap(CrmshShow::depthFirst));
  }

  /** The set ids some {@code $id-ref} names, for the rendering in progress. */
  private static final ThreadLocal<java.util.Set<String>> REFERENCED =
      ThreadLocal.withInitial(java.util.Set::of);

  private static java.util.Set<String> referencedSetIds(Configuration c) {
    java.util.Set<String> out = new java.util.HashSet<>();
    java.util.function.Consumer<List<NvSet>> add =
        l -> l.stream().map(NvSet::idRef).filter(java.util.Objects::nonNull).forEach(out::add);
    for (Resource r : c.allResources().toList()) {
      if (r instanceof Primitive p) {
        add.accept(p.instanceAttributes());
        add.accept(p.metaAttributes());
        add.accept(p.utilization());
        p.operations().forEach(o -> add.accept(o.instanceAttributes()));
        p.operations().forEach(o -> add.accept(o.metaAttributes()));
      }
    }
    add.accept(c.clusterProperties());
    add.accept(c.rscDefaults());
    add.accept(c.opDefaults());
    return out;
  }

  static String render(Configuration c) {
    REFERENCED.set(referencedSetIds(c));
    try {
      return renderSets(c);
    } finally {
      REFERENCED.remove();
    }
  }

  private static String renderSets(Configuration c) {
    List<String> out = new ArrayList<>();
    for (Node n : c.nodes()) {
      out.add(node(n));
    }
    List<Resource> all = inLoadOrder(c);
    for (Resource r : all) {
      if (r instanceof org.paceline.cib.OtherResource o && o.element().name().equals("template")) {
        out.add(
            primitive(
                org.paceline.cib.CibXmlReader.templatePrimitive(o.element()), "rsc_template"));
      }
    }
    for (Resource r : all) {
      if (r instanceof Primitive p) {
        out.add(primitive(p));
      } else if (bundle(r) != null) {
        // A bundle's primitive is shown as a primitive of its own, as crmsh does.
        for (org.paceline.cib.XmlNode x : bundle(r).children()) {
          if (x.name().equals("primitive")) {
            out.add(primitive(org.paceline.cib.CibXmlReader.templatePrimitive(x)));
          }
        }
      }
    }
    for (Resource r : all) {
      if (bundle(r) != null) {
        out.add(bundleStatement(bundle(r)));
      }
    }
    for (Resource r : all) {
      if (r instanceof Group g) {
        out.add(
            statement(
                "group "
                    + g.id()
                    + " "
                    + String.join(" ", g.members().stream().map(Resource::id).toList()),
                withDescription(g.description(), metaPart(g.metaAttributes()))));
      }
    }
    for (Resource r : all) {
      if (r instanceof Clone cl) {
        out.add(
            statement(
                "clone " + cl.id() + " " + (cl.child() == null ? "" : cl.child().id()),
                withDescription(cl.description(), metaPart(cl.metaAttributes()))));
      }
    }
    for (org.paceline.cib.Tag t : c.tags()) {
      out.add("tag " + t.id() + " " + String.join(" ", t.refs()));
    }
    for (Constraint x : c.constraints()) {
      out.add(constraint(x));
    }
    out.addAll(CrmshAlerts.show(c));
    out.addAll(CrmshAcls.show(c));
    if (!c.fencingLevels().isEmpty()) {
      out.add(fencingTopology(c));
    }
    for (NvSet s : c.clusterProperties()) {
      out.add(defaultsSet("property", s));
    }
    for (NvSet s : c.rscDefaults()) {
      out.add(defaultsSet("rsc_defaults", s));
    }
    for (NvSet s : c.opDefaults()) {
      out.add(defaultsSet("op_defaults", s));
    }
    return String.join("\n", out) + (out.isEmpty() ? "" : "\n");
  }

  private static String primitive(Primitive p) {
    return primitive(p, "primitive");
  }

  /** A primitive, or (with {@code keyword} rsc_template) a resource template, as crmsh shows it. */
  private static String primitive(Primitive p, String keyword) {
    List<String> parts = new ArrayList<>();
    parts.addAll(attrLists("params", p.instanceAttributes(), p.id() + "-instance_attributes"));
    parts.addAll(attrLists("meta", p.metaAttributes(), p.id() + "-meta_attributes"));
    parts.addAll(attrLists("utilization", p.utilization(), p.id() + "-utilization"));
    if (p.operationsId() != null && !p.operations().isEmpty()) {
      parts.add("operations $id=" + p.operationsId());
    }
    for (Op o : p.operations()) {
      StringBuilder b = new StringBuilder("op " + o.name());
      b.append(" interval=").append(o.interval() == null ? "0" : o.interval());
      if (o.timeout() != null) {
        b.append(" timeout=").append(o.timeout());
      }
      if (o.role() != null) {
        b.append(" role=").append(o.role().xmlName());
      }
      if (o.onFail() != null) {
        b.append(" on-fail=").append(o.onFail());
      }
      if (o.enabled() != null) {
        b.append(" enabled=").append(o.enabled());
      }
      for (Map.Entry<String, String> e : o.otherAttributes().entrySet()) {
        b.append(' ').append(e.getKey()).append('=').append(quote(e.getValue()));
      }
      // The operation's own parameters (OCF_CHECK_LEVEL=10), as crmsh shows them; further
      // sets, and sets with an id of their own, a score or a rule, as op_params / op_meta.
      String opId = o.id() == null ? "" : o.id();
      List<NvSet> inst = o.instanceAttributes();
      if (!inst.isEmpty() && plain(inst.get(0), opId + "-instance_attributes")) {
        for (org.paceline.cib.NvPair np : inst.get(0).nvpairs()) {
          b.append(' ').append(np.name()).append('=').append(quote(np.value()));
        }
        inst = inst.subList(1, inst.size());
      }
      for (String x : attrLists("op_params", inst, opId + "-instance_attributes")) {
        b.append(' ').append(x);
      }
      for (String x : attrLists("op_meta", o.metaAttributes(), opId + "-meta_attributes")) {
        b.append(' ').append(x);
      }
      parts.add(b.toString());
    }
    String agent = p.template() != null ? "@" + p.template() : p.agent();
    if (p.description() != null) {
      parts.add(0, "description=" + quote(p.description()));
    }
    return statement(keyword + " " + p.id() + " " + agent, parts);
  }

  private static String constraint(Constraint x) {
    if (x instanceof LocationConstraint l) {
      String target =
          l.rsc() != null
              ? l.rsc()
              : l.rscPattern() != null
                  ? "/" + l.rscPattern() + "/"
                  : l.resourceSets().isEmpty() ? null : sets(l.resourceSets(), true);
      if (target != null) {
        String head =
            "location "
                + l.id()
                + " "
                + (l.rsc() == null && l.rscPattern() == null ? "{ " + target + " }" : target);
        if (l.role() != null) {
          head += " role=" + l.role().xmlName();
        }
        if (l.resourceDiscovery() != null) {
          head += " resource-discovery=" + l.resourceDiscovery();
        }
        if (l.node() != null && l.score() != null) {
          return head + " " + score(l.score()) + ": " + l.node();
        }
        List<String> parts = new ArrayList<>();
        for (Rule r : l.rules()) {
          parts.add(CrmshRules.show(r));
        }
        return statement(head, parts);
      }
    }
    if (x instanceof ColocationConstraint c && c.rsc() != null) {
      return "colocation "
          + c.id()
          + " "
          + score(c.score())
          + ": "
          + withRole(c.rsc(), c.rscRole())
          + " "
          + withRole(c.withRsc(), c.withRscRole())
          + (c.nodeAttribute() == null ? "" : " node-attribute=" + c.nodeAttribute());
    }
    if (x instanceof OrderConstraint o && o.first() != null) {
      String kind =
          o.kind() == null && o.score() != null
              ? score(o.score())
              : switch (o.effectiveKind()) {
                case MANDATORY -> "Mandatory";
                case OPTIONAL -> "Optional";
                case SERIALIZE -> "Serialize";
              };
      if (o.kind() == OrderKind.MANDATORY || o.kind() == null && o.score() == null) {
        kind = "Mandatory";
      }
      return "order "
          + o.id()
          + " "
          + kind
          + ": "
          + o.first()
          + (o.firstAction() == null ? "" : ":" + o.firstAction())
          + " "
          + o.then()
          + (o.thenAction() == null ? "" : ":" + o.thenAction())
          + (o.symmetrical() != null ? " symmetrical=" + o.symmetrical() : "");
    }
    if (x instanceof ColocationConstraint c && c.rsc() == null && !c.resourceSets().isEmpty()) {
      String sets = sets(c.resourceSets(), true);
      if (sets != null && c.nodeAttribute() == null) {
        return "colocation " + c.id() + " " + score(c.score()) + ": " + sets;
      }
    }
    if (x instanceof OrderConstraint o && o.first() == null && !o.resourceSets().isEmpty()) {
      String sets = sets(o.resourceSets(), false);
      if (sets != null) {
        String kind =
            switch (o.effectiveKind()) {
              case MANDATORY -> "Mandatory";
              case OPTIONAL -> "Optional";
              case SERIALIZE -> "Serialize";
            };
        return "order "
            + o.id()
            + " "
            + kind
            + ": "
            + sets
            + (o.symmetrical() != null ? " symmetrical=" + o.symmetrical() : "");
      }
    }
    if (x instanceof org.paceline.cib.OtherConstraint o
        && o.element().name().equals("rsc_ticket")) {
      String ticket = ticket(o.element());
      if (ticket != null) {
        return ticket;
      }
    }
    // Patterns, set scores, references and kept-verbatim constraints: say so rather than print a
    // wrong statement.
    return "# " + x.getClass().getSimpleName() + " " + x.id() + ": shown by 'show xml' only";
  }

  /** An rsc_ticket as crmsh writes it, or null when it has something that syntax cannot say. */
  private static String ticket(org.paceline.cib.XmlNode t) {
    Map<String, String> a = t.attributes();
    StringBuilder b = new StringBuilder("rsc_ticket " + a.get("id") + " " + a.get("ticket") + ":");
    if (a.get("rsc") != null) {
      b.append(' ').append(a.get("rsc"));
      if (a.get("rsc-role") != null) {
        b.append(':').append(a.get("rsc-role"));
      }
    }
    for (org.paceline.cib.XmlNode set : t.children()) {
      if (!set.name().equals("resource_set")) {
        return null;
      }
      String role = set.attributes().get("role");
      for (org.paceline.cib.XmlNode ref : set.children()) {
        b.append(' ').append(ref.id());
        if (role != null) {
          b.append(':').append(role);
        }
      }
    }
    if (a.get("loss-policy") != null) {
      b.append(" loss-policy=").append(a.get("loss-policy"));
    }
    for (String k : a.keySet()) {
      if (!List.of("id", "ticket", "rsc", "rsc-role", "loss-policy").contains(k)) {
        return null;
      }
    }
    return b.toString();
  }

  /**
   * Resource sets in crmsh's syntax (what {@link CrmshConfigure} reads back), or null when a set
   * has something that syntax cannot say (a score, ordering, a reference, other attributes).
   */
  private static String sets(List<org.paceline.cib.ResourceSet> sets, boolean colocation) {
    List<String> parts = new ArrayList<>();
    String lastPlainSuffix = null;
    boolean lastPlain = false;
    for (org.paceline.cib.ResourceSet s : sets) {
      if (s.idRef() != null
          || s.score() != null
          || s.ordering() != null
          || !s.otherAttributes().isEmpty()
          || s.resourceRefs().isEmpty()) {
        return null;
      }
      String suffix =
          colocation
              ? (s.role() == null ? null : s.role().xmlName())
              : (s.action() == null ? null : s.action());
      if (!colocation && s.role() != null) {
        return null;
      }
      List<String> members = new ArrayList<>();
      for (String r : s.resourceRefs()) {
        members.add(suffix == null ? r : r + ":" + suffix);
      }
      boolean sequential = !Boolean.FALSE.equals(s.sequential());
      boolean requireAll = !Boolean.FALSE.equals(s.requireAll());
      boolean plain =
          sequential
              && requireAll
              && !(lastPlain && java.util.Objects.equals(lastPlainSuffix, suffix));
      if (plain) {
        parts.add(String.join(" ", members));
      } else if (!requireAll) {
        parts.add("[ " + String.join(" ", members) + (sequential ? " sequential=true" : "") + " ]");
      } else {
        parts.add(
            "( "
                + String.join(" ", members)
                + (sequential ? " sequential=true" : "")
                + (Boolean.TRUE.equals(s.requireAll()) ? " require-all=true" : "")
                + " )");
      }
      lastPlain = plain;
      lastPlainSuffix = suffix;
    }
    String text = String.join(" ", parts);
    if (text.split(" ").length == 2) {
      // Two plain words would read back as the two-resource form: bracket the first set.
      parts.set(0, "( " + parts.get(0) + " sequential=true )");
      text = String.join(" ", parts);
    }
    return text;
  }

  private static String withRole(String rsc, Role role) {
    return role == null ? rsc : rsc + ":" + role.xmlName();
  }

  static String score(Score s) {
    if (s.infinite()) {
      return "inf";
    }
    if (s.minusInfinite()) {
      return "-inf";
    }
    return String.valueOf(s.value());
  }

  /** {@code description=TEXT} first, then {@code parts}. */
  private static List<String> withDescription(String description, List<String> parts) {
    if (description == null) {
      return parts;
    }
    List<String> out = new ArrayList<>();
    out.add("description=" + quote(description));
    out.addAll(parts);
    return out;
  }

  private static List<String> metaPart(List<NvSet> sets) {
    String meta = pairs(sets);
    return meta.isEmpty() ? List.of() : List.of("meta " + meta);
  }

  private static List<String> pairList(NvSet s) {
    List<String> l = new ArrayList<>();
    for (NvPair p : s.nvpairs()) {
      l.add(p.name() + "=" + quote(p.value()));
    }
    return l;
  }

  private static String pairs(List<NvSet> sets) {
    List<String> l = new ArrayList<>();
    for (NvSet s : sets) {
      l.addAll(pairList(s));
    }
    return String.join(" ", l);
  }

  static String quote(String v) {
    if (v == null) {
      return "";
    }
    return v.isEmpty() || v.matches(".*[\\s\"'\\\\].*")
        ? "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        : v;
  }

  static String statement(String head, List<String> parts) {
    if (parts.isEmpty()) {
      return head;
    }
    return head + " \\\n\t" + String.join(" \\\n\t", parts);
  }

  /**
   * The fencing topology as crmsh shows it: per target ({@code NODE:}, {@code attr:NAME=VALUE},
   * {@code pattern:REGEX}) its levels' devices in index order; when every node the configuration
   * lists has the same levels and there are no other targets, just the devices.
   */
  private static String fencingTopology(Configuration c) {
    Map<String, java.util.TreeMap<Integer, String>> byTarget = new LinkedHashMap<>();
    for (FencingLevel l : c.fencingLevels()) {
      String t =
          l.target() != null
              ? l.target() + ":"
              : l.targetPattern() != null
                  ? "pattern:" + l.targetPattern()
                  : "attr:" + l.targetAttribute() + "=" + l.targetValue();
      byTarget
          .computeIfAbsent(t, k -> new java.util.TreeMap<>())
          .put(l.index(), String.join(",", l.devices()));
    }
    java.util.Set<String> distinct = new java.util.HashSet<>();
    byTarget.values().forEach(v -> distinct.add(String.join(" ", v.values())));
    if (distinct.size() == 1 && byTarget.size() == c.nodes().size()) {
      return statement("fencing_topology", List.of(distinct.iterator().next()));
    }
    List<String> parts = new ArrayList<>();
    byTarget.forEach((t, v) -> parts.add(t + " " + String.join(" ", v.values())));
    return statement("fencing_topology", parts);
  }

  /**
   * {@code node [ID:] UNAME[:TYPE] [description=...] [attributes ...] [utilization ...]}, as crmsh
   * shows a node (the id only where it differs from the name).
   */
  private static String node(Node n) {
    String head = "node " + (n.id() == null || n.id().equals(n.uname()) ? "" : n.id() + ": ");
    head += n.uname();
    if (n.type() != null && !n.type().equals("member") && !n.type().equals("normal")) {
      head += ":" + n.type();
    }
    List<String> parts = new ArrayList<>();
    parts.addAll(attrLists("attributes", n.instanceAttributes(), "nodes-" + n.id()));
    parts.addAll(attrLists("utilization", n.utilization(), "nodes-" + n.id() + "-utilization"));
    return statement(head, withDescription(n.description(), parts));
  }

  /** Whether a set is a plain run of pairs with its default id (no score, rule or reference). */
  private static boolean plain(NvSet s, String defaultId) {
    return s.idRef() == null
        && s.score() == null
        && s.rule() == null
        && (s.id() == null || s.id().equals(defaultId));
  }

  /**
   * Attribute sets as crmsh shows them, one {@code KEYWORD [$id=ID | $id-ref=REF] [SCORE:] [rule
   * ...] NAME=VALUE ...} each; {@code $id=} only where another set refers to it ({@code $id-ref}),
   * as crmsh does: other set ids are made anew by a load.
   */
  static List<String> attrLists(String keyword, List<NvSet> sets, String baseId) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < sets.size(); i++) {
      NvSet s = sets.get(i);
      StringBuilder b = new StringBuilder(keyword);
      if (s.idRef() != null) {
        out.add(b.append(" $id-ref=").append(s.idRef()).toString());
        continue;
      }
      if (s.id() != null && REFERENCED.get().contains(s.id())) {
        b.append(" $id=").append(s.id());
      }
      if (s.score() != null) {
        b.append(' ').append(score(s.score())).append(':');
      }
      if (s.rule() != null) {
        b.append(' ').append(CrmshRules.show(s.rule()));
      }
      List<String> pairs = pairList(s);
      if (!pairs.isEmpty()) {
        b.append(' ').append(String.join(" ", pairs));
      }
      out.add(b.toString());
    }
    return out;
  }

  /** {@code property|rsc_defaults|op_defaults ID: [rule ...] NAME=VALUE ...}. */
  private static String defaultsSet(String keyword, NvSet s) {
    List<String> parts = new ArrayList<>();
    if (s.rule() != null) {
      parts.add(CrmshRules.show(s.rule()));
    }
    parts.addAll(pairList(s));
    return statement(keyword + " " + s.id() + ":", parts);
  }

  /** The {@code <bundle>} element of {@code r}, or null. */
  private static org.paceline.cib.XmlNode bundle(Resource r) {
    return r instanceof org.paceline.cib.OtherResource o && o.element().name().equals("bundle")
        ? o.element()
        : null;
  }

  /** {@code bundle ID docker ... network ... port-mapping ... storage ... meta ... primitive P}. */
  private static String bundleStatement(org.paceline.cib.XmlNode b) {
    List<String> parts = new ArrayList<>();
    String primitive = null;
    for (org.paceline.cib.XmlNode x : b.children()) {
      switch (x.name()) {
        case "docker", "rkt", "podman" -> parts.add(x.name() + " " + attrs(x.attributes()));
        case "network", "storage" -> {
          StringBuilder part = new StringBuilder(x.name());
          if (!x.attributes().isEmpty()) {
            part.append(' ').append(attrs(x.attributes()));
          }
          for (org.paceline.cib.XmlNode m : x.children()) {
            part.append(' ').append(m.name()).append(' ').append(attrs(m.attributes()));
          }
          parts.add(part.toString());
        }
        case "meta_attributes" -> {
          List<String> pairs = new ArrayList<>();
          for (org.paceline.cib.XmlNode nv : x.children()) {
            pairs.add(nv.attributes().get("name") + "=" + quote(nv.attributes().get("value")));
          }
          parts.add("meta " + String.join(" ", pairs));
        }
        case "primitive" -> primitive = x.attributes().get("id");
        default -> {
          // Nothing else belongs in a bundle.
        }
      }
    }
    if (primitive != null) {
      parts.add("primitive " + primitive);
    }
    String d = b.attributes().get("description");
    return statement(
        "bundle " + b.attributes().get("id"), d == null ? parts : withDescription(d, parts));
  }

  private static String attrs(Map<String, String> a) {
    List<String> out = new ArrayList<>();
    a.forEach((k, v) -> out.add(k + "=" + quote(v)));
    return String.join(" ", out);
  }
}
