package org.paceline.cib;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code <configuration>} section: cluster properties and defaults, nodes, resources,
 * constraints, fencing topology and tags. Old words ({@code <master>}, Master/Slave) become the new
 * ones here.
 */
final class ConfigurationXmlReader {
  private final CibReadContext ctx;
  private final AttributeSetXmlReader attributeSets;

  ConfigurationXmlReader(CibReadContext ctx, AttributeSetXmlReader attributeSets) {
    this.ctx = ctx;
    this.attributeSets = attributeSets;
  }

  Configuration configuration(ParsedElement e) {
    List<NvSet> props = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    List<Resource> resources = new ArrayList<>();
    List<Constraint> constraints = new ArrayList<>();
    List<NvSet> rscDefaults = new ArrayList<>();
    List<NvSet> opDefaults = new ArrayList<>();
    List<FencingLevel> levels = new ArrayList<>();
    List<Tag> tags = new ArrayList<>();
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "crm_config" -> props.addAll(attributeSets.sets(c, "cluster_property_set"));
        case "rsc_defaults" -> rscDefaults.addAll(attributeSets.sets(c, "meta_attributes"));
        case "op_defaults" -> opDefaults.addAll(attributeSets.sets(c, "meta_attributes"));
        case "nodes" -> {
          for (ParsedElement n : c.children) {
            if ("node".equals(n.name)) {
              nodes.add(node(n));
            } else {
              ctx.unexpected(c, n, "<node>");
            }
          }
        }
        case "resources" -> {
          for (ParsedElement r : c.children) {
            resources.add(resource(r));
          }
        }
        case "constraints" -> {
          for (ParsedElement r : c.children) {
            constraints.add(constraint(r));
          }
        }
        case "fencing-topology" -> {
          for (ParsedElement l : c.children) {
            if ("fencing-level".equals(l.name)) {
              levels.add(fencingLevel(l));
            } else {
              ctx.unexpected(c, l, "<fencing-level>");
            }
          }
        }
        case "tags" -> {
          for (ParsedElement t : c.children) {
            if ("tag".equals(t.name)) {
              ctx.track(t);
              List<String> refs = new ArrayList<>();
              for (ParsedElement o : t.children) {
                refs.add(o.attr("id"));
              }
              tags.add(new Tag(t.attr("id"), refs));
            } else {
              ctx.unexpected(c, t, "<tag>");
            }
          }
        }
        default -> others.add(c.toXmlNode());
      }
    }
    return new Configuration(
        props, nodes, resources, constraints, rscDefaults, opDefaults, levels, tags, others);
  }

  // ---------------------------------------------------------------- nodes

  private Node node(ParsedElement e) {
    ctx.track(e);
    List<NvSet> attrs = new ArrayList<>();
    List<NvSet> util = new ArrayList<>();
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "instance_attributes" -> attrs.add(attributeSets.nvSet(c));
        case "utilization" -> util.add(attributeSets.nvSet(c));
        default -> others.add(c.toXmlNode());
      }
    }
    return new Node(
        e.attr("id"),
        e.attr("uname"),
        e.attr("type"),
        e.attr("description"),
        attrs,
        util,
        CibReadContext.others(e, "id", "uname", "type", "description"),
        others);
  }

  // ---------------------------------------------------------------- resources

  private Resource resource(ParsedElement e) {
    return switch (e.name) {
      case "primitive" -> primitive(e);
      case "group" -> group(e);
      case "clone" -> clone(e, false);
      case "master" -> {
        ctx.readWarning(
            e,
            "<master> was removed in Pacemaker 3.0 (schema pacemaker-4.0): read as a <clone> with"
                + " meta attribute promotable=true, which is how it is written back");
        yield clone(e, true);
      }
      default -> {
        ctx.track(e);
        yield new OtherResource(e.toXmlNode());
      }
    };
  }

  Primitive primitive(ParsedElement e) {
    ctx.track(e);
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> inst = new ArrayList<>();
    List<NvSet> util = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    String opsId = null;
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "meta_attributes" -> meta.add(attributeSets.nvSet(c));
        case "instance_attributes" -> inst.add(attributeSets.nvSet(c));
        case "utilization" -> util.add(attributeSets.nvSet(c));
        case "operations" -> {
          if (c.attr("id-ref") != null) {
            // A reference to another <operations id=...> stays as written (so a round trip keeps
            // it); OperationsReferences resolves it before scheduling, as Pacemaker's
            // expand_idref does.
            others.add(c.toXmlNode());
            continue;
          }
          ctx.track(c);
          opsId = c.attr("id");
          for (ParsedElement o : c.children) {
            if ("op".equals(o.name)) {
              ops.add(op(o));
            } else {
              ctx.unexpected(c, o, "<op>");
            }
          }
        }
        default -> others.add(c.toXmlNode());
      }
    }
    return new Primitive(
        e.attr("id"),
        e.attr("class"),
        e.attr("provider"),
        e.attr("type"),
        e.attr("description"),
        e.attr("template"),
        meta,
        inst,
        util,
        opsId,
        ops,
        CibReadContext.others(e, "id", "class", "provider", "type", "description", "template"),
        others);
  }

  private Op op(ParsedElement e) {
    ctx.track(e);
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> inst = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "meta_attributes" -> meta.add(attributeSets.nvSet(c));
        case "instance_attributes" -> inst.add(attributeSets.nvSet(c));
        default -> ctx.unexpected(e, c, "<meta_attributes> or <instance_attributes>");
      }
    }
    return new Op(
        e.attr("id"),
        e.attr("name"),
        e.attr("interval"),
        e.attr("timeout"),
        ctx.parse(e, "role", Role::parse),
        e.attr("on-fail"),
        ctx.parseBool(e, "enabled"),
        meta,
        inst,
        CibReadContext.others(
            e, "id", "name", "interval", "timeout", "role", "on-fail", "enabled"));
  }

  private Group group(ParsedElement e) {
    ctx.track(e);
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> inst = new ArrayList<>();
    List<Resource> members = new ArrayList<>();
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "meta_attributes" -> meta.add(attributeSets.nvSet(c));
        case "instance_attributes" -> inst.add(attributeSets.nvSet(c));
        case "primitive", "group", "clone", "master" -> members.add(resource(c));
        default -> others.add(c.toXmlNode());
      }
    }
    return new Group(
        e.attr("id"),
        e.attr("description"),
        meta,
        inst,
        members,
        CibReadContext.others(e, "id", "description"),
        others);
  }

  private Clone clone(ParsedElement e, boolean legacyMaster) {
    ctx.track(e);
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> inst = new ArrayList<>();
    Resource child = null;
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "meta_attributes" -> meta.add(attributeSets.nvSet(c));
        case "instance_attributes" -> inst.add(attributeSets.nvSet(c));
        case "primitive", "group", "clone", "master" -> {
          if (child != null) {
            ctx.problem(c, "a clone holds exactly one primitive or group, found a second one");
          }
          child = resource(c);
        }
        default -> others.add(c.toXmlNode());
      }
    }
    if (child == null) {
      ctx.problem(e, "a clone must hold one primitive or group");
    }
    String id = e.attr("id");
    if (legacyMaster && NvSet.lookup(meta, "promotable").isEmpty()) {
      // <master> is the old spelling of a promotable clone: write it the new way.
      NvPair p = NvPair.of(id + "-meta_attributes-promotable", "promotable", "true");
      if (meta.isEmpty()) {
        meta.add(NvSet.of(id + "-meta_attributes", List.of(p)));
      } else {
        NvSet first = meta.get(0);
        List<NvPair> pairs = new ArrayList<>(first.nvpairs());
        pairs.add(p);
        meta.set(
            0,
            new NvSet(
                first.id(),
                first.idRef(),
                first.score(),
                first.rule(),
                pairs,
                first.otherAttributes()));
      }
    }
    return new Clone(
        id,
        e.attr("description"),
        meta,
        inst,
        child,
        CibReadContext.others(e, "id", "description"),
        others);
  }

  // ---------------------------------------------------------------- constraints

  private Constraint constraint(ParsedElement e) {
    ctx.track(e);
    return switch (e.name) {
      case "rsc_location" -> location(e);
      case "rsc_colocation" ->
          new ColocationConstraint(
              e.attr("id"),
              e.attr("rsc"),
              e.attr("with-rsc"),
              ctx.parse(e, "score", Score::parse),
              ctx.parse(e, "rsc-role", Role::parse),
              ctx.parse(e, "with-rsc-role", Role::parse),
              e.attr("node-attribute"),
              resourceSets(e),
              CibReadContext.others(
                  e,
                  "id",
                  "rsc",
                  "with-rsc",
                  "score",
                  "rsc-role",
                  "with-rsc-role",
                  "node-attribute"));
      case "rsc_order" -> order(e);
      default -> new OtherConstraint(e.toXmlNode());
    };
  }

  /**
   * An rsc_order. A kind that is none of Pacemaker's words is kept verbatim among the other
   * attributes (so it is written back as read) and, as in Pacemaker, taken as Mandatory; the
   * validator warns about it.
   */
  private OrderConstraint order(ParsedElement e) {
    OrderKind kind = null;
    boolean knownKind = true;
    if (e.attr("kind") != null) {
      try {
        kind = OrderKind.parse(e.attr("kind"));
      } catch (IllegalArgumentException ex) {
        knownKind = false;
      }
    }
    List<String> known =
        new ArrayList<>(
            List.of("id", "first", "then", "first-action", "then-action", "symmetrical"));
    if (knownKind) {
      // With a bad kind, the score is ignored as well (Pacemaker); both are kept verbatim.
      known.add("kind");
      known.add("score");
    }
    return new OrderConstraint(
        e.attr("id"),
        e.attr("first"),
        e.attr("then"),
        e.attr("first-action"),
        e.attr("then-action"),
        kind,
        knownKind ? ctx.parse(e, "score", Score::parse) : null,
        ctx.parseBool(e, "symmetrical"),
        resourceSets(e),
        CibReadContext.others(e, known.toArray(String[]::new)));
  }

  private LocationConstraint location(ParsedElement e) {
    List<Rule> rules = new ArrayList<>();
    List<ResourceSet> sets = new ArrayList<>();
    List<Rule> lifetime = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "rule" -> rules.add(attributeSets.rule(c));
        case "resource_set" -> sets.add(resourceSet(c));
        case "lifetime" -> lifetime.addAll(lifetimeRules(c));
        default -> ctx.unexpected(e, c, "<rule>, <resource_set> or <lifetime>");
      }
    }
    Score score = ctx.parse(e, "score", Score::parse);
    String node = e.attr("node");
    if (!lifetime.isEmpty()) {
      rules = LegacyLifetime.combine(e.attr("id"), node, score, rules, lifetime);
      score = null;
      node = null;
    }
    return new LocationConstraint(
        e.attr("id"),
        e.attr("rsc"),
        e.attr("rsc-pattern"),
        ctx.parse(e, "role", Role::parse),
        score,
        node,
        rules,
        e.attr("resource-discovery"),
        sets,
        CibReadContext.others(
            e, "id", "rsc", "rsc-pattern", "role", "score", "node", "resource-discovery"));
  }

  /**
   * The rules of a location constraint's {@code <lifetime>}, which Pacemaker 2.1 evaluated to
   * decide whether the constraint was active and Pacemaker 3.0 folds into the constraint's own
   * rule.
   */
  private List<Rule> lifetimeRules(ParsedElement lifetime) {
    ctx.track(lifetime);
    List<Rule> rules = new ArrayList<>();
    for (ParsedElement c : lifetime.children) {
      if ("rule".equals(c.name)) {
        rules.add(attributeSets.rule(c));
      } else {
        ctx.unexpected(lifetime, c, "<rule>");
      }
    }
    ctx.readWarning(
        lifetime,
        "<lifetime> was removed in Pacemaker 3.0: read as Pacemaker 3.0's upgrade reads it, as a"
            + " condition joined (and) to the constraint's rule, which is how it is written back");
    return rules;
  }

  private List<ResourceSet> resourceSets(ParsedElement e) {
    List<ResourceSet> sets = new ArrayList<>();
    for (ParsedElement c : e.children) {
      if ("resource_set".equals(c.name)) {
        sets.add(resourceSet(c));
      } else if ("lifetime".equals(c.name)) {
        // Pacemaker 3.0's upgrade (upgrade-3.10-3.xsl) drops it from colocations and orders.
        ctx.readWarning(
            c,
            "<lifetime> was removed in Pacemaker 3.0 and, in "
                + e.describe()
                + ", is dropped as Pacemaker 3.0 drops it: the constraint now applies at all"
                + " times; to limit it in time, use a location constraint with a date rule");
      } else {
        ctx.unexpected(e, c, "<resource_set>");
      }
    }
    return sets;
  }

  private ResourceSet resourceSet(ParsedElement e) {
    ctx.track(e);
    List<String> refs = new ArrayList<>();
    for (ParsedElement c : e.children) {
      if ("resource_ref".equals(c.name)) {
        if (c.attr("id") == null) {
          ctx.problem(c, "a resource_ref needs an id");
        }
        refs.add(c.attr("id"));
      } else {
        ctx.unexpected(e, c, "<resource_ref>");
      }
    }
    return new ResourceSet(
        e.attr("id"),
        e.attr("id-ref"),
        ctx.parseBool(e, "sequential"),
        ctx.parseBool(e, "require-all"),
        e.attr("ordering"),
        e.attr("action"),
        ctx.parse(e, "role", Role::parse),
        ctx.parse(e, "score", Score::parse),
        refs,
        CibReadContext.others(
            e, "id", "id-ref", "sequential", "require-all", "ordering", "action", "role", "score"));
  }

  private FencingLevel fencingLevel(ParsedElement e) {
    ctx.track(e);
    Integer index = ctx.parseInt(e, "index");
    if (index == null) {
      ctx.problem(e, "missing index (expected 1-9)");
    }
    String devices = e.attr("devices");
    List<String> list = new ArrayList<>();
    if (devices == null || devices.isBlank()) {
      ctx.problem(e, "missing devices (expected a comma-separated list of fence device ids)");
    } else {
      for (String d : devices.split(",")) {
        list.add(d.trim());
      }
    }
    return new FencingLevel(
        e.attr("id"),
        e.attr("target"),
        e.attr("target-pattern"),
        e.attr("target-attribute"),
        e.attr("target-value"),
        index == null ? 0 : index,
        list,
        CibReadContext.others(
            e,
            "id",
            "target",
            "target-pattern",
            "target-attribute",
            "target-value",
            "index",
            "devices"));
  }
}
