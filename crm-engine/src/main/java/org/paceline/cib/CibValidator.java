package org.paceline.cib;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a configuration for what Pacemaker would reject or silently misread: missing and duplicate
 * ids, dangling references, bad values (scores, roles, times, booleans), structural mistakes (a
 * group inside a group), and cycles among mandatory orders. Pure: it reads the model and returns
 * findings, in document order.
 */
public final class CibValidator {
  /** XML ID syntax, which Pacemaker's schema requires of every id. */
  private static final Pattern XML_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private static final Set<String> ON_FAIL =
      Set.of(
          "ignore", "block", "stop", "restart", "standby", "fence", "demote", "restart-container");
  private static final Set<String> ORDER_ACTIONS = Set.of("start", "stop", "promote", "demote");
  private static final Set<String> OPERATIONS =
      Set.of("lt", "gt", "lte", "gte", "eq", "ne", "defined", "not_defined");
  private static final Set<String> EXPRESSION_TYPES =
      Set.of("string", "integer", "number", "version");
  private static final Set<String> DATE_OPERATIONS = Set.of("in_range", "gt", "lt", "date_spec");
  private static final Set<String> DISCOVERY = Set.of("always", "never", "exclusive");
  private static final Set<String> LOSS_POLICIES = Set.of("stop", "demote", "fence", "freeze");
  private static final Set<String> NODE_TYPES = Set.of("member", "ping", "remote", "normal");

  private final Configuration config;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, String> definedIds = new HashMap<>();
  private final Set<String> resourceIds = new HashSet<>();
  private final Set<String> tagIds = new HashSet<>();
  private final Set<String> nodeIds = new HashSet<>();

  private CibValidator(Configuration config) {
    this.config = config;
  }

  /** All findings for a CIB's configuration. */
  public static List<Problem> validate(Cib cib) {
    return validate(cib.configuration());
  }

  /** All findings for a configuration. */
  public static List<Problem> validate(Configuration config) {
    CibValidator v = new CibValidator(config);
    v.run();
    return List.copyOf(v.problems);
  }

  /** Whether any finding is an error. */
  public static boolean hasErrors(List<Problem> problems) {
    return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
  }

  private void run() {
    config.allResources().forEach(r -> resourceIds.add(r.id()));
    config.tags().forEach(t -> tagIds.add(t.id()));
    properties();
    nodes();
    for (Resource r : config.resources()) {
      resource(r, null);
    }
    for (NvSet s : config.rscDefaults()) {
      nvSet("meta_attributes", s);
    }
    for (NvSet s : config.opDefaults()) {
      nvSet("meta_attributes", s);
    }
    for (Constraint c : config.constraints()) {
      constraint(c);
    }
    fencingTopology();
    for (Tag t : config.tags()) {
      id("tag", t.id());
      for (String ref : t.refs()) {
        boolean known =
            resourceIds.contains(ref)
                || config.node(ref).isPresent()
                || config.nodes().stream().anyMatch(n -> ref.equals(n.id()))
                || config.constraints().stream().anyMatch(k -> ref.equals(k.id()));
        if (!known) {
          problems.add(Problem.error("tag", t.id(), "tags unknown id '" + ref + "'"));
        }
      }
    }
    acls();
    orderCycles();
    stonithPresence();
  }

  /**
   * The access control section: a user's roles must be defined, a permission names exactly one of
   * xpath, reference and object-type (attribute only with object-type), and a reference names an
   * object of the configuration (Pacemaker's ACL schema).
   */
  private void acls() {
    for (XmlNode section : config.otherChildren()) {
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
              error(a.name(), id, "has role '" + role + "', which no acl_role defines");
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
              error(
                  "acl_permission",
                  pid,
                  "names " + named + " of xpath, reference and object-type; exactly one is needed");
            }
            if (at.containsKey("attribute") && !at.containsKey("object-type")) {
              error("acl_permission", pid, "attribute goes with object-type only");
            }
            String ref = at.get("reference");
            if (ref != null
                && !resourceIds.contains(ref)
                && !tagIds.contains(ref)
                && config.node(ref).isEmpty()
                && config.nodes().stream().noneMatch(n -> ref.equals(n.id()))
                && config.constraints().stream().noneMatch(x -> ref.equals(x.id()))) {
              error(
                  "acl_permission",
                  pid,
                  "refers to '" + ref + "', which is not in the configuration");
            }
          }
        }
      }
    }
  }

  private void error(String element, String id, String message) {
    problems.add(Problem.error(element, id, message));
  }

  private void warning(String element, String id, String message) {
    problems.add(Problem.warning(element, id, message));
  }

  /** Checks an id's presence, syntax and uniqueness across the configuration. */
  private void id(String element, String id) {
    if (id == null || id.isEmpty()) {
      error(element, null, "missing id (every " + element + " needs a unique id)");
      return;
    }
    // Node ids come from the membership layer (numbers, UUIDs): the schema types them as text, so
    // they are not XML IDs and need only be unique among nodes (a Pacemaker Remote node's id is
    // the id of its connection resource).
    if ("node".equals(element)) {
      if (!nodeIds.add(id)) {
        error(element, id, "duplicate node id '" + id + "'");
      }
      return;
    }
    if (!XML_ID.matcher(id).matches()) {
      error(
          element,
          id,
          "invalid id '"
              + id
              + "' (expected a letter or _ first, then letters, digits, '.', '-' or '_')");
    }
    String previous = definedIds.putIfAbsent(id, element);
    if (previous != null) {
      error(element, id, "duplicate id '" + id + "' (already used by a " + previous + ")");
    }
  }

  /** An element that may be a reference (id-ref) instead of a definition. */
  private void idOrRef(String element, String id, String idRef) {
    if (id == null && idRef != null) {
      return;
    }
    id(element, id);
  }

  // ---------------------------------------------------------------- properties and nodes

  private void properties() {
    for (NvSet s : config.clusterProperties()) {
      nvSet("cluster_property_set", s);
      for (NvPair p : s.nvpairs()) {
        if (p.name() == null) {
          continue;
        }
        var option = ClusterOption.byName(p.name());
        if (option.isPresent()) {
          String expected = option.get().check(p.value());
          if (expected != null) {
            error(
                "nvpair",
                p.id(),
                "cluster property " + p.name() + "='" + p.value() + "': " + expected);
          }
        } else if (!ClusterOption.informational(p.name())) {
          warning("nvpair", p.id(), "unknown cluster property '" + p.name() + "' (ignored)");
        }
      }
    }
  }

  private void nodes() {
    Set<String> unames = new HashSet<>();
    for (Node n : config.nodes()) {
      id("node", n.id());
      if (n.uname() == null || n.uname().isBlank()) {
        error("node", n.id(), "missing uname (the node's name)");
      } else if (!unames.add(n.uname())) {
        error("node", n.id(), "duplicate node name '" + n.uname() + "'");
      }
      if (n.type() != null && !NODE_TYPES.contains(n.type())) {
        error("node", n.id(), "bad type '" + n.type() + "' (expected member, ping or remote)");
      }
      n.instanceAttributes().forEach(s -> nvSet("instance_attributes", s));
      n.utilization().forEach(s -> nvSet("utilization", s));
      NvSet.lookup(n.instanceAttributes(), "standby")
          .filter(v -> !CibBooleans.valid(v))
          .ifPresent(v -> error("node", n.id(), "standby='" + v + "': expected true or false"));
    }
  }

  // ---------------------------------------------------------------- attribute sets and rules

  private void nvSet(String element, NvSet s) {
    idOrRef(element, s.id(), s.idRef());
    if (s.rule() != null) {
      rule(s.rule(), false);
    }
    Set<String> names = new HashSet<>();
    for (NvPair p : s.nvpairs()) {
      idOrRef("nvpair", p.id(), p.idRef());
      if (p.idRef() == null && (p.name() == null || p.name().isBlank())) {
        error("nvpair", p.id(), "missing name");
      } else if (element.equals("utilization") && p.value() != null && !isInteger(p.value())) {
        warning(
            "nvpair",
            p.id(),
            "utilization '" + p.name() + "' = '" + p.value() + "' is not an integer (0 is used)");
      }
      if (p.name() != null && !names.add(p.name())) {
        warning(
            "nvpair",
            p.id(),
            "'" + p.name() + "' is set twice in " + element + " '" + s.id() + "' (first wins)");
      }
    }
  }

  private static boolean isInteger(String v) {
    try {
      Integer.parseInt(v.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void rule(Rule r, boolean scored) {
    idOrRef("rule", r.id(), r.idRef());
    if (r.idRef() != null && r.id() == null) {
      return;
    }
    if (r.booleanOp() != null && !Set.of("and", "or").contains(r.booleanOp())) {
      error("rule", r.id(), "bad boolean-op '" + r.booleanOp() + "' (expected and or or)");
    }
    if (scored && r.score() == null && r.scoreAttribute() == null) {
      error("rule", r.id(), "a location rule needs a score or a score-attribute");
    }
    if (r.score() != null && r.scoreAttribute() != null) {
      error("rule", r.id(), "give either score or score-attribute, not both");
    }
    if (r.expressions().isEmpty()) {
      error("rule", r.id(), "a rule needs at least one expression");
    }
    for (RuleExpression x : r.expressions()) {
      if (x instanceof Rule nested) {
        rule(nested, false);
      } else if (x instanceof AttributeExpression a) {
        id("expression", a.id());
        if (a.attribute() == null) {
          error("expression", a.id(), "missing attribute");
        }
        if (a.operation() == null || !OPERATIONS.contains(a.operation())) {
          error(
              "expression",
              a.id(),
              "bad operation '"
                  + a.operation()
                  + "' (expected lt, gt, lte, gte, eq, ne, defined or not_defined)");
        } else if (!a.operation().endsWith("defined") && a.value() == null) {
          error("expression", a.id(), "operation " + a.operation() + " needs a value");
        }
        if (a.type() != null && !EXPRESSION_TYPES.contains(a.type())) {
          error(
              "expression",
              a.id(),
              "bad type '" + a.type() + "' (expected string, integer, number or version)");
        }
      } else if (x instanceof DateExpression d) {
        id("date_expression", d.id());
        if (d.operation() == null || !DATE_OPERATIONS.contains(d.operation())) {
          error(
              "date_expression",
              d.id(),
              "bad operation '" + d.operation() + "' (expected in_range, gt, lt or date_spec)");
        }
      }
    }
  }

  // ---------------------------------------------------------------- resources

  private void resource(Resource r, Resource parent) {
    if (r instanceof OtherResource) {
      id(((OtherResource) r).element().name(), r.id());
      return;
    }
    String element = r instanceof Primitive ? "primitive" : r instanceof Group ? "group" : "clone";
    id(element, r.id());
    r.metaAttributes().forEach(s -> nvSet("meta_attributes", s));
    meta(element, r);
    if (r instanceof Primitive p) {
      primitive(p);
    } else if (r instanceof Group g) {
      g.instanceAttributes().forEach(s -> nvSet("instance_attributes", s));
      if (g.members().isEmpty()) {
        error("group", g.id(), "a group needs at least one primitive");
      }
      for (Resource m : g.members()) {
        if (!(m instanceof Primitive)) {
          error(
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
      c.instanceAttributes().forEach(s -> nvSet("instance_attributes", s));
      if (c.child() == null) {
        error("clone", c.id(), "a clone must hold one primitive or group");
      } else {
        if (c.child() instanceof Clone || c.child() instanceof OtherResource) {
          error(
              "clone",
              c.id(),
              "holds a " + kind(c.child()) + ": a clone may hold only a primitive or a group");
        }
        resource(c.child(), c);
      }
      if (parent != null) {
        error("clone", c.id(), "a clone cannot be inside a " + kind(parent));
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
          error(
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
    p.instanceAttributes().forEach(s -> nvSet("instance_attributes", s));
    p.utilization().forEach(s -> nvSet("utilization", s));
    if (p.template() == null) {
      if (p.resourceClass() == null || p.resourceClass().isBlank()) {
        error("primitive", p.id(), "missing class (e.g. ocf, systemd, lsb, stonith)");
      }
      if (p.type() == null || p.type().isBlank()) {
        error("primitive", p.id(), "missing type (the agent name, e.g. IPaddr2)");
      }
      if ("ocf".equals(p.resourceClass()) && p.provider() == null) {
        error("primitive", p.id(), "an ocf primitive needs a provider (e.g. heartbeat)");
      }
    } else if (!definedTemplate(p.template())) {
      error("primitive", p.id(), "uses unknown template '" + p.template() + "'");
    }
    if (p.operationsId() != null) {
      id("operations", p.operationsId());
    }
    Set<String> keys = new HashSet<>();
    for (Op op : p.operations()) {
      id("op", op.id());
      op.metaAttributes().forEach(s -> nvSet("meta_attributes", s));
      op.instanceAttributes().forEach(s -> nvSet("instance_attributes", s));
      if (op.name() == null || op.name().isBlank()) {
        error("op", op.id(), "missing name (the action, e.g. monitor)");
      }
      long intervalMs = -1;
      try {
        intervalMs = op.intervalMs();
      } catch (IllegalArgumentException e) {
        error("op", op.id(), "interval: " + e.getMessage());
      }
      try {
        op.timeoutMs();
      } catch (IllegalArgumentException e) {
        error("op", op.id(), "timeout: " + e.getMessage());
      }
      if (op.onFail() != null && !ON_FAIL.contains(op.onFail())) {
        error(
            "op",
            op.id(),
            "bad on-fail '"
                + op.onFail()
                + "' (expected ignore, block, stop, restart, standby, fence or demote)");
      }
      if (intervalMs >= 0 && op.name() != null) {
        String key = op.name() + "_" + intervalMs + "_" + op.role();
        if (!keys.add(key)) {
          error(
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
    return config.resources().stream()
        .anyMatch(
            r ->
                r instanceof OtherResource o
                    && "template".equals(o.element().name())
                    && id.equals(o.id()));
  }

  // ---------------------------------------------------------------- constraints

  private void constraint(Constraint c) {
    if (c instanceof OtherConstraint o) {
      id(o.element().name(), o.id());
      if (o.element().name().equals("rsc_ticket")) {
        ticket(o);
      }
      return;
    }
    for (ResourceSet s : c.resourceSets()) {
      idOrRef("resource_set", s.id(), s.idRef());
      if (s.idRef() == null && s.resourceRefs().isEmpty()) {
        error("resource_set", s.id(), "an empty resource set");
      }
      for (String ref : s.resourceRefs()) {
        reference(c, ref, "resource_set '" + s.id() + "'");
      }
      if (s.action() != null && !ORDER_ACTIONS.contains(s.action())) {
        error(
            "resource_set",
            s.id(),
            "bad action '" + s.action() + "' (expected start, stop, promote or demote)");
      }
    }
    if (c instanceof LocationConstraint l) {
      location(l);
    } else if (c instanceof ColocationConstraint k) {
      colocation(k);
    } else if (c instanceof OrderConstraint o) {
      order(o);
    }
  }

  /**
   * An rsc_ticket as Pacemaker's unpack checks it: a ticket, a resource (rsc or resource sets) that
   * exists, and a loss-policy it knows (otherwise Pacemaker resets it, as the scheduler does).
   */
  private void ticket(OtherConstraint c) {
    XmlNode e = c.element();
    Map<String, String> a = e.attributes();
    if (a.get("ticket") == null || a.get("ticket").isBlank()) {
      error("rsc_ticket", e.id(), "missing ticket");
    }
    List<XmlNode> sets =
        e.children().stream().filter(k -> k.name().equals("resource_set")).toList();
    if (sets.isEmpty() && a.get("rsc") == null) {
      error("rsc_ticket", e.id(), "names no resource (rsc or a resource_set)");
    }
    reference(c, a.get("rsc"), "rsc");
    for (XmlNode set : sets) {
      for (XmlNode ref : set.children()) {
        if (ref.name().equals("resource_ref")) {
          reference(c, ref.id(), "resource_set '" + set.id() + "'");
        }
      }
    }
    String loss = a.get("loss-policy");
    if (loss != null && !LOSS_POLICIES.contains(loss)) {
      warning(
          "rsc_ticket",
          e.id(),
          "bad loss-policy '"
              + loss
              + "' (expected stop, demote, fence or freeze; stop, or demote for role Promoted, is"
              + " used)");
    }
  }

  private String element(Constraint c) {
    if (c instanceof OtherConstraint o) {
      return o.element().name();
    }
    if (c instanceof LocationConstraint) {
      return "rsc_location";
    }
    if (c instanceof ColocationConstraint) {
      return "rsc_colocation";
    }
    return "rsc_order";
  }

  private void reference(Constraint c, String ref, String role) {
    if (ref == null) {
      return;
    }
    if (!resourceIds.contains(ref) && !tagIds.contains(ref)) {
      error(element(c), c.id(), role + " refers to unknown resource '" + ref + "'");
    }
  }

  private void location(LocationConstraint l) {
    id("rsc_location", l.id());
    int targets =
        (l.rsc() != null ? 1 : 0)
            + (l.rscPattern() != null ? 1 : 0)
            + (l.resourceSets().isEmpty() ? 0 : 1);
    if (targets != 1) {
      error("rsc_location", l.id(), "give exactly one of rsc, rsc-pattern or resource sets");
    }
    reference(l, l.rsc(), "rsc");
    if (l.rscPattern() != null) {
      try {
        Pattern.compile(l.rscPattern());
      } catch (PatternSyntaxException e) {
        error(
            "rsc_location",
            l.id(),
            "rsc-pattern is not a valid regular expression: " + e.getDescription());
      }
    }
    boolean direct = l.node() != null || l.score() != null;
    if (direct && !l.rules().isEmpty()) {
      error("rsc_location", l.id(), "give either node and score, or rules, not both");
    } else if (!direct && l.rules().isEmpty()) {
      error("rsc_location", l.id(), "needs node and score, or at least one rule");
    } else if (direct && (l.node() == null || l.score() == null)) {
      error(
          "rsc_location",
          l.id(),
          l.node() == null ? "has a score but no node" : "has a node but no score");
    }
    if (l.node() != null && !config.nodes().isEmpty() && config.node(l.node()).isEmpty()) {
      warning("rsc_location", l.id(), "node '" + l.node() + "' is not a configured node");
    }
    if (l.resourceDiscovery() != null && !DISCOVERY.contains(l.resourceDiscovery())) {
      error(
          "rsc_location",
          l.id(),
          "bad resource-discovery '"
              + l.resourceDiscovery()
              + "' (expected always, never or exclusive)");
    }
    for (Rule r : l.rules()) {
      rule(r, true);
    }
  }

  private void colocation(ColocationConstraint k) {
    id("rsc_colocation", k.id());
    if (k.resourceSets().isEmpty()) {
      if (k.rsc() == null || k.withRsc() == null) {
        error("rsc_colocation", k.id(), "needs both rsc and with-rsc (or resource sets)");
      }
      if (k.score() == null) {
        error("rsc_colocation", k.id(), "missing score (e.g. INFINITY)");
      }
      reference(k, k.rsc(), "rsc");
      reference(k, k.withRsc(), "with-rsc");
      if (k.rsc() != null && k.rsc().equals(k.withRsc())) {
        error("rsc_colocation", k.id(), "colocates '" + k.rsc() + "' with itself");
      }
    } else if (k.rsc() != null || k.withRsc() != null) {
      error("rsc_colocation", k.id(), "give either rsc/with-rsc or resource sets, not both");
    }
  }

  private void order(OrderConstraint o) {
    id("rsc_order", o.id());
    String badKind = o.otherAttributes().get("kind");
    if (badKind != null) {
      warning(
          "rsc_order",
          o.id(),
          "kind '"
              + badKind
              + "' is not Mandatory, Optional or Serialize; Pacemaker takes it as Mandatory"
              + " (its score is ignored)");
    }
    if (o.resourceSets().isEmpty()) {
      if (o.first() == null || o.then() == null) {
        error("rsc_order", o.id(), "needs both first and then (or resource sets)");
      }
      reference(o, o.first(), "first");
      reference(o, o.then(), "then");
      if (o.first() != null
          && o.first().equals(o.then())
          && o.effectiveFirstAction().equals(o.effectiveThenAction())) {
        error("rsc_order", o.id(), "orders '" + o.first() + "' after itself");
      }
    } else if (o.first() != null || o.then() != null) {
      error("rsc_order", o.id(), "give either first/then or resource sets, not both");
    }
    for (String action : new String[] {o.firstAction(), o.thenAction()}) {
      if (action != null && !ORDER_ACTIONS.contains(action.toLowerCase(Locale.ROOT))) {
        error(
            "rsc_order",
            o.id(),
            "bad action '" + action + "' (expected start, stop, promote or demote)");
      }
    }
  }

  /**
   * Mandatory orders must not form a cycle (A before B before A): such a transition could never
   * run. Nodes are resource actions ("db:start"); edges come from single orders and sequential
   * resource sets.
   */
  private void orderCycles() {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    Map<String, String> edgeConstraint = new HashMap<>();
    for (Constraint c : config.constraints()) {
      if (!(c instanceof OrderConstraint o) || o.effectiveKind() != OrderKind.MANDATORY) {
        continue;
      }
      if (o.resourceSets().isEmpty()) {
        if (o.first() != null && o.then() != null) {
          edge(
              edges,
              edgeConstraint,
              o.first() + ":" + o.effectiveFirstAction(),
              o.then() + ":" + o.effectiveThenAction(),
              o.id());
        }
        continue;
      }
      List<String> previousSet = List.of();
      for (ResourceSet s : o.resourceSets()) {
        String action = s.action() == null ? "start" : s.action();
        List<String> members = s.resourceRefs().stream().map(r -> r + ":" + action).toList();
        for (String from : previousSet) {
          for (String to : members) {
            edge(edges, edgeConstraint, from, to, o.id());
          }
        }
        boolean sequential = s.sequential() == null || s.sequential();
        if (sequential) {
          for (int i = 1; i < members.size(); i++) {
            edge(edges, edgeConstraint, members.get(i - 1), members.get(i), o.id());
          }
          previousSet = members.isEmpty() ? previousSet : List.of(members.get(members.size() - 1));
        } else {
          previousSet = members;
        }
      }
    }
    Set<String> done = new HashSet<>();
    Set<String> reported = new HashSet<>();
    for (String start : edges.keySet()) {
      List<String> cycle = findCycle(start, edges, done);
      if (cycle != null) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < cycle.size(); i++) {
          ids.add(edgeConstraint.get(cycle.get(i - 1) + ">" + cycle.get(i)));
        }
        String first = ids.get(0);
        if (reported.add(String.join(",", ids.stream().sorted().toList()))) {
          error(
              "rsc_order",
              first,
              "mandatory orders form a cycle: "
                  + String.join(" -> ", cycle)
                  + " (constraints "
                  + String.join(", ", ids)
                  + ")");
        }
      }
    }
  }

  private static void edge(
      Map<String, List<String>> edges,
      Map<String, String> edgeConstraint,
      String from,
      String to,
      String constraintId) {
    edges.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    edgeConstraint.putIfAbsent(from + ">" + to, constraintId);
  }

  /** Iterative DFS from {@code start}; returns a cycle as a closed path, or null. */
  private static List<String> findCycle(
      String start, Map<String, List<String>> edges, Set<String> done) {
    if (done.contains(start)) {
      return null;
    }
    Deque<String> path = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    Set<String> onPath = new HashSet<>();
    path.push(start);
    next.push(0);
    onPath.add(start);
    while (!path.isEmpty()) {
      String node = path.peek();
      int i = next.pop();
      List<String> out = edges.getOrDefault(node, List.of());
      if (i < out.size()) {
        next.push(i + 1);
        String to = out.get(i);
        if (onPath.contains(to)) {
          List<String> cycle = new ArrayList<>();
          List<String> stack = new ArrayList<>(path);
          java.util.Collections.reverse(stack);
          cycle.addAll(stack.subList(stack.indexOf(to), stack.size()));
          cycle.add(to);
          return cycle;
        }
        if (!done.contains(to)) {
          path.push(to);
          next.push(0);
          onPath.add(to);
        }
      } else {
        path.pop();
        onPath.remove(node);
        done.add(node);
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- fencing

  private void fencingTopology() {
    Set<String> targetsAndIndexes = new HashSet<>();
    for (FencingLevel l : config.fencingLevels()) {
      id("fencing-level", l.id());
      if (l.index() < 1 || l.index() > 9) {
        error("fencing-level", l.id(), "index " + l.index() + " is out of range (expected 1-9)");
      }
      int targets =
          (l.target() != null ? 1 : 0)
              + (l.targetPattern() != null ? 1 : 0)
              + (l.targetAttribute() != null ? 1 : 0);
      if (targets != 1) {
        error(
            "fencing-level",
            l.id(),
            "give exactly one of target, target-pattern or target-attribute");
      }
      if (l.targetAttribute() != null && l.targetValue() == null) {
        error("fencing-level", l.id(), "target-attribute needs a target-value");
      }
      String key =
          l.target() + "|" + l.targetPattern() + "|" + l.targetAttribute() + "|" + l.index();
      if (!targetsAndIndexes.add(key)) {
        error(
            "fencing-level", l.id(), "a second level with index " + l.index() + " for its target");
      }
      for (String d : l.devices()) {
        var r = config.resource(d);
        if (r.isEmpty()) {
          error("fencing-level", l.id(), "unknown fence device '" + d + "'");
        } else if (!(r.get() instanceof Primitive p) || !"stonith".equals(resourceClass(p))) {
          error(
              "fencing-level",
              l.id(),
              "device '" + d + "' is not a fence device (expected a primitive of class stonith)");
        }
      }
    }
  }

  private void stonithPresence() {
    boolean enabled;
    try {
      enabled = ClusterOption.STONITH_ENABLED.enabled(config);
    } catch (IllegalArgumentException e) {
      return; // already reported as a bad property value
    }
    boolean anyDevice =
        config
            .allResources()
            .anyMatch(r -> r instanceof Primitive p && "stonith".equals(p.resourceClass()));
    if (enabled && !anyDevice && !config.resources().isEmpty()) {
      warning(
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
    for (Resource r : config.resources()) {
      if (r instanceof OtherResource o
          && "template".equals(o.element().name())
          && p.template().equals(o.id())) {
        return CibXmlReader.templatePrimitive(o.element()).resourceClass();
      }
    }
    return null;
  }
}
