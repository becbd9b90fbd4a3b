package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.Clone;
import org.paceline.cib.ColocationConstraint;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.FencingLevel;
import org.paceline.cib.Group;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.OrderKind;
import org.paceline.cib.OtherResource;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.ResourceSet;
import org.paceline.cib.Role;
import org.paceline.cib.Rule;
import org.paceline.cib.Score;
import org.paceline.cib.XmlNode;

/**
 * crmsh's {@code configure} language applied to a configuration: one command (its words) in, the
 * changed configuration or an error out. Pure: no I/O except through {@link AgentParameters}.
 *
 * <p>Commands: {@code primitive}, {@code group}, {@code clone}, {@code promotable} (and crmsh 4's
 * {@code ms}), {@code location}, {@code colocation} ({@code collocation}), {@code order}, {@code
 * property}, {@code rsc_defaults}, {@code op_defaults}, {@code fencing_topology}, {@code delete}.
 * Errors name the command, the id, and the word that is wrong (1-based position).
 */
final class CrmshConfigure {
  private CrmshConfigure() {}

  /** The commands that change the configuration, in the order help lists them. */
  static final List<String> EDIT_COMMANDS =
      List.of(
          "primitive",
          "group",
          "clone",
          "promotable",
          "ms",
          "bundle",
          "location",
          "colocation",
          "collocation",
          "order",
          "property",
          "rsc_defaults",
          "op_defaults",
          "fencing_topology",
          "delete",
          "node",
          "rsc_ticket",
          "tag",
          "rsc_template",
          "alert",
          "role",
          "acl_target",
          "acl_group",
          "user");

  /** The resource classes Pacemaker's executor knows (ocf takes a provider as well). */
  static final List<String> RESOURCE_CLASSES =
      List.of("ocf", "lsb", "service", "systemd", "stonith", "nagios", "upstart");

  /** The result of one command. */
  sealed interface Result permits Changed, Failed {}

  /** The command applied: the new configuration, a one-line description, warnings. */
  record Changed(Configuration configuration, String description, List<String> warnings)
      implements Result {}

  /** The command was refused; nothing changed. */
  record Failed(String message) implements Result {}

  /** Thrown inside the parser; turned into {@link Failed} at the top. */
  static final class CrmshException extends Exception {
    CrmshException(String message) {
      super(message);
    }
  }

  /** Applies one command ({@code words.get(0)} is its name) to {@code c}. */
  static Result apply(Configuration c, List<String> words, AgentParameters agents) {
    if (words.isEmpty()) {
      return new Failed("empty command");
    }
    List<String> warnings = new ArrayList<>();
    try {
      Words w = new Words(words);
      String cmd = w.next("a command");
      Configuration next =
          switch (cmd) {
            case "primitive" -> primitive(c, w, agents, warnings, false);
            case "rsc_template" -> primitive(c, w, agents, warnings, true);
            case "group" -> group(c, w);
            case "bundle" -> bundle(c, w);
            case "clone" -> clone(c, w, false, false);
            case "promotable" -> clone(c, w, true, false);
            case "ms", "master" -> clone(c, w, true, true);
            case "location" -> location(c, w, warnings);
            case "colocation", "collocation" -> colocation(c, w);
            case "order" -> order(c, w);
            case "property" -> properties(c, w, Section.PROPERTY);
            case "rsc_defaults" -> properties(c, w, Section.RSC_DEFAULTS);
            case "op_defaults" -> properties(c, w, Section.OP_DEFAULTS);
            case "fencing_topology", "fencing-topology" -> fencingTopology(c, w, warnings);
            case "node" -> node(c, w);
            case "rsc_ticket" -> rscTicket(c, w);
            case "tag" -> tag(c, w);
            case "alert" -> CrmshAlerts.parse(c, w);
            case "role" -> CrmshAcls.role(c, w);
            case "acl_target" -> CrmshAcls.target(c, w, false);
            case "acl_group" -> CrmshAcls.target(c, w, false, "acl_group");
            case "user" -> CrmshAcls.target(c, w, true);
            case "delete" -> delete(c, w, warnings);
            default ->
                throw new CrmshException(
                    "unknown configure command '"
                        + cmd
                        + "' (expected one of "
                        + String.join(", ", EDIT_COMMANDS)
                        + ")");
          };
      return new Changed(next, String.join(" ", words), warnings);
    } catch (CrmshException e) {
      return new Failed(words.get(0) + ": " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- resources

  /**
   * {@code primitive ID AGENT|@TEMPLATE [params ...] [meta ...] [utilization ...] [op ...]}, and
   * {@code rsc_template ID AGENT ...} (the same words, kept as Pacemaker's {@code <template>}).
   */
  private static Configuration primitive(
      Configuration c, Words w, AgentParameters agents, List<String> warnings, boolean template)
      throws CrmshException {
    String id = newId(c, w);
    String agentWord = w.next("an agent (class:provider:type)");
    String[] a = agentWord.split(":", -1);
    String cls = null;
    String provider = null;
    String type = null;
    String fromTemplate = null;
    if (agentWord.startsWith("@") && !template) {
      // An instance of a resource template: its agent, parameters and ops come from there.
      fromTemplate = agentWord.substring(1);
      Primitive t = templateNamed(c, fromTemplate);
      if (t == null) {
        throw w.error("no resource template '" + fromTemplate + "' (define it with rsc_template)");
      }
      a = t.agent().split(":", -1);
    }
    if (a.length == 3 && a[0].equals("ocf")) {
      cls = a[0];
      provider = a[1];
      type = a[2];
    } else if (a.length == 2 && !a[0].equals("ocf")) {
      cls = a[0];
      type = a[1];
      if (!RESOURCE_CLASSES.contains(cls)) {
        throw w.error(
            "unknown resource class '"
                + cls
                + "' (expected one of "
                + String.join(", ", RESOURCE_CLASSES)
                + ")");
      }
    } else if (a.length == 1 && !a[0].isEmpty()) {
      // crmsh's short form: a bare type is ocf:heartbeat:TYPE.
      cls = "ocf";
      provider = "heartbeat";
      type = a[0];
    } else {
      throw w.error(
          "bad agent '"
              + agentWord
              + "' (expected ocf:PROVIDER:TYPE, stonith:TYPE, systemd:NAME, lsb:NAME)");
    }
    String agent = provider == null ? cls + ":" + type : cls + ":" + provider + ":" + type;
    if (fromTemplate != null) {
      cls = null;
      provider = null;
      type = null;
    }
    List<NvSet> paramSets = new ArrayList<>();
    List<NvSet> metaSets = new ArrayList<>();
    List<NvSet> utilizationSets = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    String description = null;
    String operationsId = null;
    while (w.hasNext()) {
      String section = w.next("params, meta, utilization or op");
      if (section.startsWith("description=")) {
        description = section.substring("description=".length());
        continue;
      }
      switch (section) {
        case "params" -> paramSets.add(attrList(w, id + "-instance_attributes", paramSets));
        case "meta" -> metaSets.add(attrList(w, id + "-meta_attributes", metaSets));
        case "utilization" ->
            utilizationSets.add(attrList(w, id + "-utilization", utilizationSets));
        case "op" -> ops.add(op(id, w));
        case "operations" -> {
          // crmsh: "operations $id=ID" names the <operations> element the ops go in
          String spec = w.next("$id=ID");
          if (!spec.startsWith("$id=") || spec.length() == "$id=".length()) {
            throw w.error("operations: expected $id=ID, found '" + spec + "'");
          }
          operationsId = spec.substring("$id=".length());
        }
        default -> {
          boolean first =
              paramSets.isEmpty()
                  && metaSets.isEmpty()
                  && utilizationSets.isEmpty()
                  && ops.isEmpty();
          if (first && section.contains("=")) {
            // crmsh: parameters right after the agent need no "params" ("primitive p Dummy a=1").
            w.back();
            paramSets.add(attrList(w, id + "-instance_attributes", paramSets));
          } else {
            throw w.error("expected params, meta, utilization or op, found '" + section + "'");
          }
        }
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    paramSets.forEach(set -> set.nvpairs().forEach(nv -> params.put(nv.name(), nv.value())));
    Optional<String> missing = agents.missing(agent);
    if (missing.isPresent()) {
      throw new CrmshException(id + ": " + missing.get());
    }
    Optional<Set<String>> known = agents.parameters(agent);
    if (known.isPresent() && fromTemplate == null && !template) {
      // crmsh refuses a primitive without a parameter its agent requires (IPaddr2 without ip).
      for (String r : agents.required(agent).orElse(Set.of())) {
        if (!params.containsKey(r)) {
          throw new CrmshException(
              id + ": agent " + agent + " requires parameter '" + r + "', which is not set");
        }
      }
    }
    if (known.isEmpty()) {
      if (!params.isEmpty()) {
        warnings.add(
            "no meta-data for agent "
                + agent
                + " here (not installed, or not an OCF agent): its parameters were not checked");
      }
    } else {
      for (String p : params.keySet()) {
        if (!known.get().contains(p)) {
          throw new CrmshException(
              id
                  + ": unknown parameter '"
                  + p
                  + "' for agent "
                  + agent
                  + " (it takes: "
                  + String.join(", ", known.get())
                  + ")");
        }
      }
    }
    Primitive p =
        new Primitive(
            id,
            cls,
            provider,
            type,
            description,
            fromTemplate,
            metaSets,
            paramSets,
            utilizationSets,
            operationsId,
            ops,
            Map.of(),
            List.of());
    List<Resource> rs = new ArrayList<>(c.resources());
    rs.add(template ? new OtherResource(CibXmlWriter.templateElement(p)) : p);
    return Configs.withResources(c, rs);
  }

  /** The resource template of that id, read as the primitive it describes, or null. */
  static Primitive templateNamed(Configuration c, String id) {
    for (Resource r : c.resources()) {
      if (r instanceof OtherResource o
          && o.element().name().equals("template")
          && id.equals(o.id())) {
        return CibXmlReader.templatePrimitive(o.element());
      }
    }
    return null;
  }

  private static Op op(String rscId, Words w) throws CrmshException {
    String name = w.next("an op name (monitor, start, stop, ...)");
    if (!name.matches("[a-z_-]+")) {
      throw w.error("bad op name '" + name + "'");
    }
    Map<String, String> kv = new LinkedHashMap<>();
    pairs(w, kv, "op " + name);
    String interval = kv.remove("interval");
    String timeout = kv.remove("timeout");
    String role = kv.remove("role");
    String onFail = kv.remove("on-fail");
    String enabled = kv.remove("enabled");
    Role r = null;
    if (role != null) {
      try {
        r = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw new CrmshException("op " + name + ": " + e.getMessage());
      }
    }
    String iv = interval == null ? "0" : interval;
    String opId = rscId + "-" + name + "-" + iv;
    // What the op element does not define (OCF_CHECK_LEVEL=10, ...) is a parameter of the
    // operation: crmsh writes it into the op's instance_attributes, which Pacemaker passes on.
    Map<String, String> attrs = new LinkedHashMap<>();
    Map<String, String> params = new LinkedHashMap<>();
    kv.forEach((k, v) -> (OP_ATTRIBUTES.contains(k) ? attrs : params).put(k, v));
    List<NvSet> instance = new ArrayList<>(sets(opId + "-instance_attributes", params));
    List<NvSet> meta = new ArrayList<>();
    // crmsh: "op_params ..." and "op_meta ..." after the op add attribute sets to it.
    while (w.hasNext() && (w.peek().equals("op_params") || w.peek().equals("op_meta"))) {
      if (w.next("op_params or op_meta").equals("op_params")) {
        instance.add(attrList(w, opId + "-instance_attributes", instance));
      } else {
        meta.add(attrList(w, opId + "-meta_attributes", meta));
      }
    }
    return new Op(
        opId,
        name,
        iv,
        timeout,
        r,
        onFail,
        enabled == null ? null : Boolean.parseBoolean(enabled),
        meta,
        instance,
        attrs);
  }

  /** The op element's own attributes besides those typed above (Pacemaker's schema). */
  private static final java.util.Set<String> OP_ATTRIBUTES =
      java.util.Set.of(
          "description", "start-delay", "interval-origin", "record-pending", "requires");

  private static Configuration group(Configuration c, Words w) throws CrmshException {
    String id = newId(c, w);
    List<String> members = new ArrayList<>();
    Map<String, String> meta = new LinkedHashMap<>();
    String description = null;
    while (w.hasNext()) {
      String word = w.next("a member");
      if (word.startsWith("description=")) {
        description = word.substring("description=".length());
        continue;
      }
      if (word.equals("meta")) {
        pairs(w, meta, "meta");
        break;
      }
      members.add(word);
    }
    if (members.isEmpty()) {
      throw w.error("a group needs at least one member");
    }
    List<Resource> taken = new ArrayList<>();
    for (String m : members) {
      Resource r = topLevel(c, m, "group " + id);
      if (!(r instanceof Primitive)) {
        throw new CrmshException("member '" + m + "' is not a primitive (groups hold primitives)");
      }
      taken.add(r);
    }
    // As crmsh: the members leave their places and the new group is appended to the resources.
    List<Resource> rs = new ArrayList<>();
    for (Resource r : c.resources()) {
      if (!members.contains(r.id())) {
        rs.add(r);
      }
    }
    rs.add(
        new Group(
            id,
            description,
            sets(id + "-meta_attributes", meta),
            List.of(),
            taken,
            Map.of(),
            null));
    return Configs.withResources(c, rs);
  }

  /**
   * {@code clone|promotable|ms ID CHILD [description=...] [meta ...]}. crmsh writes {@code ms} as
   * Pacemaker 1's {@code <master>}; Paceline writes what Pacemaker's schema upgrade makes of that,
   * a clone whose meta attributes end with {@code promotable=true}.
   */
  private static Configuration clone(Configuration c, Words w, boolean promotable, boolean legacyMs)
      throws CrmshException {
    String id = newId(c, w);
    String child = w.next("the resource to clone");
    Map<String, String> meta = new LinkedHashMap<>();
    if (promotable && !legacyMs) {
      meta.put("promotable", "true");
    }
    String description = null;
    while (w.hasNext()) {
      String word = w.next("meta");
      if (word.startsWith("description=")) {
        description = word.substring("description=".length());
        continue;
      }
      if (!word.equals("meta")) {
        throw w.error("expected meta, found '" + word + "' (a clone has one child)");
      }
      pairs(w, meta, "meta");
    }
    if (legacyMs) {
      meta.putIfAbsent("promotable", "true");
    }
    Resource r = topLevel(c, child, (promotable ? "promotable " : "clone ") + id);
    if (r instanceof Clone) {
      throw new CrmshException("'" + child + "' is already a clone");
    }
    // As crmsh: the child leaves its place and the new clone is appended to the resources.
    List<Resource> rs = new ArrayList<>();
    for (Resource x : c.resources()) {
      if (!x.id().equals(child)) {
        rs.add(x);
      }
    }
    rs.add(
        new Clone(
            id, description, sets(id + "-meta_attributes", meta), List.of(), r, Map.of(), null));
    return Configs.withResources(c, rs);
  }

  /** The words that start a part of a bundle statement. */
  private static final Set<String> BUNDLE_PARTS =
      Set.of("docker", "rkt", "podman", "network", "storage", "meta", "primitive");

  /**
   * {@code bundle ID [description=...] docker|rkt|podman NAME=VALUE ... [network NAME=VALUE ...
   * [port-mapping NAME=VALUE ...] ...] [storage [storage-mapping NAME=VALUE ...] ...] [meta ...]
   * [primitive RSC]}, as crmsh's parser reads it (podman too, which Pacemaker 2 runs and crmsh 4.4
   * does not know). RSC, a top-level primitive, moves into the bundle; the bundle is appended to
   * the resources. Written as Pacemaker's {@code <bundle>}: container, network, storage, meta
   * attributes, then the primitive.
   */
  private static Configuration bundle(Configuration c, Words w) throws CrmshException {
    String id = newId(c, w);
    String description = null;
    XmlNode container = null;
    XmlNode network = null;
    XmlNode storage = null;
    List<NvSet> meta = new ArrayList<>();
    String child = null;
    while (w.hasNext()) {
      String word = w.next("docker, rkt, podman, network, storage, meta or primitive");
      if (word.startsWith("description=")) {
        description = word.substring("description=".length());
        continue;
      }
      switch (word) {
        case "docker", "rkt", "podman" -> {
          if (container != null) {
            throw w.error("a bundle has one container (" + container.name() + " already)");
          }
          Map<String, String> kv = new LinkedHashMap<>();
          pairs(w, kv, word);
          if (!kv.containsKey("image")) {
            throw w.error(word + " needs image=");
          }
          container = new XmlNode(word, kv, List.of(), null);
        }
        case "network" -> network = bundlePart(w, "network", "port-mapping", id + "-port-map");
        case "storage" -> storage = bundlePart(w, "storage", "storage-mapping", id + "-storage");
        case "meta" -> meta.add(attrList(w, id + "-meta_attributes", meta));
        case "primitive" -> {
          if (child != null) {
            throw w.error("a bundle holds one primitive");
          }
          child = w.next("the primitive in the bundle");
        }
        default ->
            throw w.error(
                "expected one of " + String.join(", ", new java.util.TreeSet<>(BUNDLE_PARTS)));
      }
    }
    if (container == null) {
      throw w.error("a bundle needs its container: docker, rkt or podman image=...");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("id", id);
    if (description != null) {
      attrs.put("description", description);
    }
    List<XmlNode> children = new ArrayList<>();
    children.add(container);
    if (network != null) {
      children.add(network);
    }
    if (storage != null) {
      children.add(storage);
    }
    for (NvSet m : meta) {
      children.add(CibXmlWriter.nvSetElement("meta_attributes", m));
    }
    List<Resource> rs = new ArrayList<>();
    Primitive inner = null;
    if (child != null) {
      Resource r = topLevel(c, child, "bundle " + id);
      if (!(r instanceof Primitive p) || p.template() != null) {
        throw new CrmshException("bundle " + id + ": '" + child + "' is not a primitive");
      }
      inner = p;
    }
    for (Resource x : c.resources()) {
      if (inner == null || !x.id().equals(inner.id())) {
        rs.add(x);
      }
    }
    if (inner != null) {
      children.add(CibXmlWriter.primitiveElement(inner));
    }
    rs.add(new OtherResource(new XmlNode("bundle", attrs, children, null)));
    return Configs.withResources(c, rs);
  }

  /**
   * {@code network|storage NAME=VALUE ... [MAPPING NAME=VALUE ...] ...}: the part's attributes,
   * then one MAPPING element per MAPPING word (ids default to {@code baseId-N}).
   */
  private static XmlNode bundlePart(Words w, String part, String mapping, String baseId)
      throws CrmshException {
    Map<String, String> attrs = new LinkedHashMap<>();
    pairs(w, attrs, part);
    List<XmlNode> maps = new ArrayList<>();
    while (w.hasNext() && w.peek().equals(mapping)) {
      w.next(mapping);
      Map<String, String> m = new LinkedHashMap<>();
      pairs(w, m, mapping);
      if (m.isEmpty()) {
        throw w.error(mapping + " needs NAME=VALUE pairs");
      }
      m.putIfAbsent("id", baseId + "-" + (maps.size() + 1));
      maps.add(new XmlNode(mapping, m, List.of(), null));
    }
    return new XmlNode(part, attrs, maps, null);
  }

  // ---------------------------------------------------------------- constraints

  /**
   * {@code location ID RSC [ATTR=VALUE ...] SCORE: NODE [role=ROLE] | rule ... [rule ...]}, as
   * crmsh's parser reads it: RSC is a resource or tag, {@code /REGEX/} (rsc-pattern) or {@code {
   * SET }} (resource sets, roles as in a colocation); the attributes are {@code role=} ({@code
   * $role=}) and {@code resource-discovery=}; a trailing resource-discovery= is read as well. A
   * node the configuration does not list is a warning, as in crmsh (it may join later).
   */
  private static Configuration location(Configuration c, Words w, List<String> warnings)
      throws CrmshException {
    String id = newId(c, w);
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
      sets = resourceSets(c, new Words(inner), id, true);
    } else {
      rsc = first;
      requireResource(c, rsc, w);
    }
    Role role = null;
    String discovery = null;
    while (w.hasNext() && w.peek().matches("\\$?(role|resource-discovery)=.*")) {
      String a = w.next("ATTR=VALUE");
      String value = a.substring(a.indexOf('=') + 1);
      if (a.contains("role=")) {
        role = role(value, w);
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
      score = scoreColon(w.next("SCORE:"), w);
      node = w.next("a node");
      if (c.node(node).isEmpty()) {
        warnings.add("location " + id + ": " + node + " is not a node in the configuration");
      }
      if (role == null && w.hasNext() && w.peek().matches("\\$?role=.*")) {
        String r = w.next("role=ROLE");
        role = role(r.substring(r.indexOf('=') + 1), w);
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

  private static String discovery(String value, Words w) throws CrmshException {
    if (!Set.of("always", "never", "exclusive").contains(value)) {
      throw w.error("resource-discovery is always, never or exclusive");
    }
    return value;
  }

  private static Configuration colocation(Configuration c, Words w) throws CrmshException {
    String id = newId(c, w);
    Score score = scoreColon(w.next("SCORE:"), w);
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
    if (isSetForm(w)) {
      List<ResourceSet> sets = resourceSets(c, w, id, true);
      return Configs.withConstraint(
          c,
          new ColocationConstraint(
              id, null, null, score, null, null, nodeAttribute, sets, Map.of()));
    }
    String[] rsc = rscWithSuffix(c, w, "a resource");
    String[] with = rscWithSuffix(c, w, "the resource it runs with");
    w.end();
    ColocationConstraint cc =
        new ColocationConstraint(
            id,
            rsc[0],
            with[0],
            score,
            rsc[1] == null ? null : role(rsc[1], w),
            with[1] == null ? null : role(with[1], w),
            nodeAttribute,
            List.of(),
            Map.of());
    return Configs.withConstraint(c, cc);
  }

  private static Configuration order(Configuration c, Words w) throws CrmshException {
    String id = newId(c, w);
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
      symmetrical = bool(last, w);
    }
    if (isSetForm(w)) {
      List<ResourceSet> sets = resourceSets(c, w, id, false);
      return Configs.withConstraint(
          c,
          new OrderConstraint(id, null, null, null, null, kind, null, symmetrical, sets, Map.of()));
    }
    String[] first = rscWithSuffix(c, w, "the first resource");
    String[] then = rscWithSuffix(c, w, "the then resource");
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

  /** Words that open and close a resource set: ( ) sequential=false, [ ] require-all=false. */
  private static final Set<String> SET_BRACKETS = Set.of("(", ")", "[", "]");

  /**
   * Whether the rest is crmsh's resource-set form rather than exactly two resources: brackets,
   * attributes, or more than two resources.
   */
  private static boolean isSetForm(Words w) {
    List<String> rest = w.rest();
    if (rest.size() < 2) {
      return false;
    }
    if (rest.size() > 2) {
      return true;
    }
    for (String x : rest) {
      if (SET_BRACKETS.contains(x) || x.contains("=")) {
        return true;
      }
    }
    return false;
  }

  /**
   * crmsh resource sets, read as crmsh's own ResourceSet parser reads them: a run of resources is
   * one set, and a new set starts wherever the role (colocation) or action (order) suffix changes,
   * inside brackets too; {@code ( ... )} is a set with sequential=false, {@code [ ... ]} one with
   * require-all=false and sequential=false, until the bracket closes; {@code sequential=} and
   * {@code require-all=} change them for the sets that follow, until the next bracket. Only false
   * values are written (true is Pacemaker's default). Brackets may touch their neighbour ({@code (a
   * b)}). Sets are named ID-0, ID-1, ... in order.
   */
  private static List<ResourceSet> resourceSets(
      Configuration c, Words w, String id, boolean colocation) throws CrmshException {
    List<ResourceSet> sets = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    String[] suffix = {null};
    boolean sequential = true;
    boolean requireAll = true;
    String opened = null;
    List<String> tokens = new ArrayList<>();
    while (w.hasNext() || !tokens.isEmpty()) {
      if (tokens.isEmpty()) {
        tokens.addAll(splitBrackets(w.next("a resource")));
      }
      String word = tokens.remove(0);
      if (word.equals("(") || word.equals("[")) {
        flushSet(sets, refs, sequential, requireAll, suffix, id, colocation, w);
        if (opened != null) {
          throw w.error("resource sets do not nest; expected '" + closing(opened) + "'");
        }
        sequential = false;
        requireAll = !word.equals("[");
        opened = word;
      } else if (word.equals(")") || word.equals("]")) {
        if (opened == null) {
          throw w.error("'" + word + "' closes no resource set");
        }
        if (!word.equals(closing(opened))) {
          throw w.error("'" + word + "' does not close '" + opened + "'");
        }
        if (refs.isEmpty()) {
          throw w.error("empty resource set");
        }
        flushSet(sets, refs, sequential, requireAll, suffix, id, colocation, w);
        sequential = true;
        requireAll = true;
        opened = null;
      } else if (word.contains("=")) {
        if (word.startsWith("sequential=")) {
          sequential = bool(word, w);
        } else if (word.startsWith("require-all=")) {
          requireAll = bool(word, w);
        } else {
          throw w.error("unknown resource set attribute (expected sequential= or require-all=)");
        }
      } else {
        int colon = word.indexOf(':');
        String sfx = colon < 0 ? null : word.substring(colon + 1);
        if (!java.util.Objects.equals(sfx, suffix[0])) {
          flushSet(sets, refs, sequential, requireAll, suffix, id, colocation, w);
        }
        member(c, w, word, refs, suffix);
      }
    }
    if (opened != null) {
      throw new CrmshException(
          "resource set opened with '" + opened + "' is not closed with '" + closing(opened) + "'");
    }
    flushSet(sets, refs, sequential, requireAll, suffix, id, colocation, w);
    if (sets.isEmpty()) {
      throw new CrmshException("expected resources after the score in " + id);
    }
    return sets;
  }

  /** crmsh's fix_parentheses: a bracket written against a word is a word of its own. */
  private static List<String> splitBrackets(String t) {
    if (t.length() > 1 && (t.startsWith("(") || t.startsWith("["))) {
      return List.of(t.substring(0, 1), t.substring(1));
    }
    if (t.length() > 1 && (t.endsWith(")") || t.endsWith("]"))) {
      return List.of(t.substring(0, t.length() - 1), t.substring(t.length() - 1));
    }
    return List.of(t);
  }

  /** Whether {@code id} is a stonith primitive, directly or through its resource template. */
  private static boolean isStonith(Configuration c, String id) {
    Optional<Resource> r = c.resource(id);
    if (r.isEmpty() || !(r.get() instanceof Primitive p)) {
      return false;
    }
    if (p.template() != null) {
      Primitive t = templateNamed(c, p.template());
      return t != null && "stonith".equals(t.resourceClass());
    }
    return "stonith".equals(p.resourceClass());
  }

  private static String closing(String open) {
    return open.equals("(") ? ")" : "]";
  }

  /** Ends the set being read (if it has members), writing only false attributes. */
  private static void flushSet(
      List<ResourceSet> sets,
      List<String> refs,
      boolean sequential,
      boolean requireAll,
      String[] suffix,
      String id,
      boolean colocation,
      Words w)
      throws CrmshException {
    if (refs.isEmpty()) {
      suffix[0] = null;
      return;
    }
    sets.add(
        set(
            id,
            sets.size(),
            sequential ? null : Boolean.FALSE,
            requireAll ? null : Boolean.FALSE,
            suffix[0],
            List.copyOf(refs),
            colocation,
            w));
    refs.clear();
    suffix[0] = null;
  }

  private static void member(
      Configuration c, Words w, String word, List<String> into, String[] suffix)
      throws CrmshException {
    int colon = word.indexOf(':');
    String rsc = colon < 0 ? word : word.substring(0, colon);
    String sfx = colon < 0 ? null : word.substring(colon + 1);
    requireResource(c, rsc, w);
    if (into.contains(rsc)) {
      throw w.error("'" + rsc + "' is twice in one resource set");
    }
    suffix[0] = sfx;
    into.add(rsc);
  }

  private static ResourceSet set(
      String id,
      int n,
      Boolean sequential,
      Boolean requireAll,
      String suffix,
      List<String> refs,
      boolean colocation,
      Words w)
      throws CrmshException {
    Role role = null;
    String action = null;
    if (suffix != null) {
      if (colocation) {
        role = role(suffix, w);
      } else if (Set.of("start", "stop", "promote", "demote").contains(suffix)) {
        action = suffix;
      } else {
        throw w.error("bad action '" + suffix + "' (expected start, stop, promote, demote)");
      }
    }
    return new ResourceSet(
        id + "-" + n, null, sequential, requireAll, null, action, role, null, refs, Map.of());
  }

  private static Boolean bool(String assignment, Words w) throws CrmshException {
    String v = assignment.substring(assignment.indexOf('=') + 1);
    if (!v.equals("true") && !v.equals("false")) {
      throw w.error("expected true or false in '" + assignment + "'");
    }
    return Boolean.valueOf(v);
  }

  // ---------------------------------------------------------------- properties, topology

  enum Section {
    PROPERTY("cib-bootstrap-options"),
    RSC_DEFAULTS("rsc-options"),
    OP_DEFAULTS("op-options");

    final String setId;

    Section(String setId) {
      this.setId = setId;
    }
  }

  private static Configuration properties(Configuration c, Words w, Section s)
      throws CrmshException {
    Map<String, String> kv = new LinkedHashMap<>();
    String setId = null;
    if (w.hasNext() && w.peek().endsWith(":") && !w.peek().contains("=")) {
      // crmsh's optional "SET-ID:" prefix names the attribute set to change.
      String word = w.next("set id");
      setId = word.substring(0, word.length() - 1);
    } else if (w.hasNext() && w.peek().startsWith("$id=")) {
      // The older form of the same: "property $id=SET-ID NAME=VALUE ...".
      setId = w.next("$id=SET-ID").substring(4);
      if (setId.isEmpty()) {
        throw w.error("empty $id");
      }
    }
    Rule rule = null;
    if (w.hasNext() && w.peek().equals("rule")) {
      // crmsh: a set that applies only where its rule holds (a date, a node).
      List<Rule> rules = CrmshRules.parse(setId == null ? s.setId : setId, w);
      if (rules.size() > 1) {
        throw w.error("an attribute set takes one rule");
      }
      rule = rules.get(0);
    }
    pairs(w, kv, s.name().toLowerCase(Locale.ROOT));
    if (kv.isEmpty()) {
      throw w.error("expected NAME=VALUE");
    }
    w.end();
    List<NvSet> sets =
        switch (s) {
          case PROPERTY -> c.clusterProperties();
          case RSC_DEFAULTS -> c.rscDefaults();
          case OP_DEFAULTS -> c.opDefaults();
        };
    if (rule != null) {
      // A ruled set is defined whole by its statement: it replaces a set of that id.
      String id = setId == null ? s.setId : setId;
      List<NvPair> pairs = new ArrayList<>();
      kv.forEach((k, v) -> pairs.add(NvPair.of(id + "-" + k, k, v)));
      NvSet ruled = new NvSet(id, null, null, rule, pairs, Map.of());
      List<NvSet> result = new ArrayList<>();
      boolean replaced = false;
      for (NvSet set : sets) {
        if (id.equals(set.id())) {
          result.add(ruled);
          replaced = true;
        } else {
          result.add(set);
        }
      }
      if (!replaced) {
        result.add(ruled);
      }
      sets = result;
    } else if (setId == null) {
      for (Map.Entry<String, String> e : kv.entrySet()) {
        sets =
            NvSetEdits.set(sets, s.setId, e.getKey(), e.getValue().isEmpty() ? null : e.getValue());
      }
    } else {
      List<NvSet> result = new ArrayList<>();
      boolean found = false;
      for (NvSet set : sets) {
        if (setId.equals(set.id())) {
          found = true;
          List<NvSet> one = List.of(set);
          for (Map.Entry<String, String> e : kv.entrySet()) {
            one =
                NvSetEdits.set(
                    one, setId, e.getKey(), e.getValue().isEmpty() ? null : e.getValue());
          }
          result.addAll(one);
        } else {
          result.add(set);
        }
      }
      if (!found) {
        List<NvSet> one = List.of();
        for (Map.Entry<String, String> e : kv.entrySet()) {
          if (!e.getValue().isEmpty()) {
            one = NvSetEdits.set(one, setId, e.getKey(), e.getValue());
          }
        }
        result.addAll(one);
      }
      sets = result;
    }
    return switch (s) {
      case PROPERTY -> c.withClusterProperties(sets);
      case RSC_DEFAULTS -> Configs.withRscDefaults(c, sets);
      case OP_DEFAULTS -> Configs.withOpDefaults(c, sets);
    };
  }

  /** crmsh's target words: {@code attr:NAME=VALUE}, {@code pattern:REGEX}, {@code NODE:}. */
  private static final java.util.regex.Pattern TARGET_ATTR =
      java.util.regex.Pattern.compile(
          "attr:([\\w-]+)=([\\w-]+)", java.util.regex.Pattern.CASE_INSENSITIVE);

  private static final java.util.regex.Pattern TARGET_PATTERN =
      java.util.regex.Pattern.compile("pattern:(.+)", java.util.regex.Pattern.CASE_INSENSITIVE);

  private static final java.util.regex.Pattern TARGET_NODE =
      java.util.regex.Pattern.compile("([^:]+):");

  /**
   * {@code fencing_topology [TARGET] DEVICES[,DEVICES] ... [TARGET DEVICES ...]}, as crmsh reads
   * it: a TARGET is {@code NODE:}, {@code attr:NAME=VALUE} (nodes with that attribute) or {@code
   * pattern:REGEX} (node names matching it); each DEVICES word after it is the next level. Devices
   * before any target are levels of every node the configuration lists. Level indexes count per
   * node, per pattern and, as crmsh counts them, per attribute name. A node not in the
   * configuration is a warning (it may join later); a device that is not a stonith primitive is an
   * error. The whole topology is replaced.
   */
  private static Configuration fencingTopology(Configuration c, Words w, List<String> warnings)
      throws CrmshException {
    record Raw(String[] target, String devices) {}
    String[] target = null;
    List<Raw> raw = new ArrayList<>();
    while (w.hasNext()) {
      String word = w.next("a target or devices");
      java.util.regex.Matcher m;
      if ((m = TARGET_ATTR.matcher(word)).matches()) {
        target = new String[] {"attr", m.group(1), m.group(2)};
      } else if ((m = TARGET_PATTERN.matcher(word)).matches()) {
        target = new String[] {"pattern", m.group(1)};
      } else if ((m = TARGET_NODE.matcher(word)).matches()) {
        target = new String[] {"node", m.group(1)};
        if (c.node(m.group(1)).isEmpty()) {
          warnings.add("fencing_topology: target " + m.group(1) + " not a node");
        }
      } else {
        for (String d : word.split(",")) {
          if (!isStonith(c, d)) {
            throw w.error("'" + d + "' is not a stonith primitive");
          }
        }
        raw.add(new Raw(target, word));
      }
    }
    if (raw.isEmpty()) {
      throw w.error("expected [TARGET] DEVICE[,DEVICE] ...");
    }
    if (raw.get(0).target() == null) {
      // No target at all: every level applies to every node, in name order.
      List<String> names = c.nodes().stream().map(n -> n.uname()).sorted().toList();
      if (names.isEmpty()) {
        throw w.error("devices without a target need nodes in the configuration");
      }
      List<Raw> all = new ArrayList<>();
      for (String n : names) {
        for (Raw r : raw) {
          all.add(new Raw(new String[] {"node", n}, r.devices()));
        }
      }
      raw = all;
    }
    Map<String, Integer> counters = new LinkedHashMap<>();
    List<FencingLevel> levels = new ArrayList<>();
    for (Raw r : raw) {
      String[] t = r.target();
      String key = t[0] + ":" + t[1];
      int index = counters.merge(key, 1, Integer::sum);
      if (index > 9) {
        throw w.error("at most 9 levels per target (" + String.join(":", t) + ")");
      }
      String id = "fencing-" + (levels.size() + 1);
      List<String> devices = List.of(r.devices().split(","));
      levels.add(
          switch (t[0]) {
            case "attr" -> new FencingLevel(id, null, null, t[1], t[2], index, devices, null);
            case "pattern" -> new FencingLevel(id, null, t[1], null, null, index, devices, null);
            default -> new FencingLevel(id, t[1], null, null, null, index, devices, null);
          });
    }
    return Configs.withFencingLevels(c, levels);
  }

  // ---------------------------------------------------------------- delete

  private static Configuration delete(Configuration c, Words w, List<String> warnings)
      throws CrmshException {
    Configuration next = c;
    if (!w.hasNext()) {
      throw w.error("expected an id to delete");
    }
    while (w.hasNext()) {
      String id = w.next("an id");
      next = deleteOne(next, id, w, warnings);
    }
    return next;
  }

  private static Configuration deleteOne(Configuration c, String id, Words w, List<String> warnings)
      throws CrmshException {
    boolean isConstraint = c.constraints().stream().anyMatch(x -> id.equals(x.id()));
    if (isConstraint) {
      return Configs.withConstraints(
          c, c.constraints().stream().filter(x -> !id.equals(x.id())).toList());
    }
    if (c.resource(id).isEmpty()) {
      if (c.tags().stream().anyMatch(t -> t.id().equals(id))) {
        return Configs.withTags(c, c.tags().stream().filter(t -> !t.id().equals(id)).toList());
      }
      if (c.nodes().stream().anyMatch(n -> id.equals(n.uname()))) {
        // crmsh names a node by its name
        return c.withNodes(c.nodes().stream().filter(n -> !id.equals(n.uname())).toList());
      }
      throw w.error("no resource, constraint, tag or node with id '" + id + "'");
    }
    List<Resource> rs = new ArrayList<>();
    for (Resource r : c.resources()) {
      Resource kept = without(r, id);
      if (kept != null) {
        rs.add(kept);
      }
    }
    List<Constraint> cs = new ArrayList<>();
    for (Constraint x : c.constraints()) {
      if (Configs.references(x).contains(id)) {
        warnings.add("constraint " + x.id() + " referred to " + id + " and was deleted too");
      } else {
        cs.add(x);
      }
    }
    return Configs.withConstraints(Configs.withResources(c, rs), cs);
  }

  /** {@code r} without the resource {@code id} anywhere inside it, or null if nothing is left. */
  private static Resource without(Resource r, String id) {
    if (r.id().equals(id)) {
      return null;
    }
    if (r instanceof Group g) {
      List<Resource> ms = g.members().stream().filter(m -> !m.id().equals(id)).toList();
      if (ms.isEmpty()) {
        return null;
      }
      return g.withMembers(ms);
    }
    if (r instanceof Clone cl && cl.child() != null) {
      Resource child = without(cl.child(), id);
      if (child == null) {
        return null;
      }
      return cl.withChild(child);
    }
    return r;
  }

  // ---------------------------------------------------------------- helpers

  private static String newId(Configuration c, Words w) throws CrmshException {
    String id = w.next("an id");
    if (!id.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw w.error("bad id '" + id + "' (letters, digits, '_', '.', '-'; not a digit first)");
    }
    if (Configs.idInUse(c, id)) {
      throw w.error("id '" + id + "' is already in use (delete it first)");
    }
    return id;
  }

  private static Resource topLevel(Configuration c, String id, String what) throws CrmshException {
    for (Resource r : c.resources()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    if (c.resource(id).isPresent()) {
      throw new CrmshException(
          what + ": '" + id + "' is already inside a group or clone (delete or move it first)");
    }
    throw new CrmshException(what + ": no resource '" + id + "'");
  }

  /**
   * A constraint may name a resource, a resource template or a tag (Pacemaker expands the tag to
   * its resources).
   */
  private static void requireResource(Configuration c, String id, Words w) throws CrmshException {
    if (c.resource(id).isEmpty() && c.tags().stream().noneMatch(t -> t.id().equals(id))) {
      throw w.error("no resource or tag '" + id + "'");
    }
  }

  /** {@code RSC} or {@code RSC:SUFFIX}; the resource must exist. */
  private static String[] rscWithSuffix(Configuration c, Words w, String what)
      throws CrmshException {
    String word = w.next(what);
    int colon = word.indexOf(':');
    String rsc = colon < 0 ? word : word.substring(0, colon);
    String suffix = colon < 0 ? null : word.substring(colon + 1);
    requireResource(c, rsc, w);
    return new String[] {rsc, suffix};
  }

  static Role role(String text, Words w) throws CrmshException {
    try {
      return Role.parse(text);
    } catch (IllegalArgumentException e) {
      throw w.error(e.getMessage());
    }
  }

  /** {@code 100:}, {@code inf:}, {@code -inf:}, {@code INFINITY:}. */
  static Score scoreColon(String word, Words w) throws CrmshException {
    if (!word.endsWith(":")) {
      throw w.error("expected SCORE: with a colon (e.g. 100: or inf:), found '" + word + "'");
    }
    return score(word.substring(0, word.length() - 1), w);
  }

  static Score score(String s, Words w) throws CrmshException {
    String t =
        switch (s.toLowerCase(Locale.ROOT)) {
          case "inf", "+inf", "infinity", "+infinity" -> "INFINITY";
          case "-inf", "-infinity" -> "-INFINITY";
          default -> s;
        };
    try {
      return Score.parse(t);
    } catch (IllegalArgumentException e) {
      throw w.error(e.getMessage());
    }
  }

  /** Reads {@code k=v} words until the next word without '='. */
  /**
   * {@code node [$id=ID] NAME[:TYPE] [description=TEXT] [attributes NAME=VALUE ...] [utilization
   * NAME=VALUE ...]}, as crmsh writes nodes: adds the node, or sets the given attributes and
   * utilization of the node of that name (its other attributes stay).
   */
  private static Configuration node(Configuration c, Words w) throws CrmshException {
    String id = null;
    if (w.hasNext() && w.peek().startsWith("$id=")) {
      id = w.next("$id=ID").substring(4);
    } else if (w.hasNext() && w.peek().endsWith(":") && w.peek().length() > 1) {
      // crmsh 4 shows nodes as "node ID: NAME".
      String word = w.next("ID:");
      id = word.substring(0, word.length() - 1);
    }
    String name = w.next("a node name");
    String type = null;
    int colon = name.indexOf(':');
    if (colon > 0) {
      type = name.substring(colon + 1);
      name = name.substring(0, colon);
      if (!List.of("member", "normal", "ping", "remote").contains(type)) {
        throw w.error("node type '" + type + "': expected member, normal, ping or remote");
      }
      if (type.equals("normal")) {
        type = "member";
      }
    }
    String description = null;
    List<org.paceline.cib.Node> nodes = new ArrayList<>(c.nodes());
    int at = -1;
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).uname().equals(name)) {
        at = i;
      }
    }
    org.paceline.cib.Node n =
        at >= 0
            ? nodes.get(at)
            : new org.paceline.cib.Node(
                id != null ? id : name,
                name,
                null,
                null,
                List.of(),
                List.of(),
                Map.of(),
                List.of());
    if (id != null && n.id() != null && !id.equals(n.id())) {
      throw w.error("node " + name + " has id '" + n.id() + "', not '" + id + "'");
    }
    // Each "attributes"/"utilization" is an attribute set as crmsh reads one ($id=, a score, a
    // rule); a plain one sets its pairs in the node's set of that id, the others stay.
    String attrBase = "nodes-" + n.id();
    String utilBase = "nodes-" + n.id() + "-utilization";
    List<NvSet> attrSets = new ArrayList<>();
    List<NvSet> utilSets = new ArrayList<>();
    while (w.hasNext()) {
      String word = w.next("attributes, utilization or description=");
      if (word.startsWith("description=")) {
        description = word.substring("description=".length());
      } else if (word.equals("attributes")) {
        attrSets.add(attrList(w, attrBase, attrSets));
      } else if (word.equals("utilization")) {
        utilSets.add(attrList(w, utilBase, utilSets));
      } else {
        throw w.error(
            "unexpected '" + word + "' (expected attributes, utilization or description=)");
      }
    }
    List<NvSet> attrs = NvSetEdits.merge(n.instanceAttributes(), attrSets);
    List<NvSet> util = NvSetEdits.merge(n.utilization(), utilSets);
    org.paceline.cib.Node changed =
        new org.paceline.cib.Node(
            n.id(),
            n.uname(),
            type != null ? type : n.type(),
            description != null ? description : n.description(),
            attrs,
            util,
            n.otherAttributes(),
            n.otherChildren());
    if (at >= 0) {
      nodes.set(at, changed);
    } else {
      nodes.add(changed);
    }
    return c.withNodes(nodes);
  }

  /**
   * {@code rsc_ticket ID TICKET: RSC[:ROLE] [RSC[:ROLE] ...] [loss-policy=POLICY]}: the resources
   * run only while the ticket is granted (one resource is written as Pacemaker's rsc/rsc-role,
   * several as a resource set per role).
   */
  private static Configuration rscTicket(Configuration c, Words w) throws CrmshException {
    String id = newId(c, w);
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
      requireResource(c, rr[0], w);
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

  /** {@code tag ID: RSC [RSC ...]} (also {@code tag ID RSC ...}): a name for resources. */
  private static Configuration tag(Configuration c, Words w) throws CrmshException {
    String word = w.next("ID:");
    String id = word.endsWith(":") ? word.substring(0, word.length() - 1) : word;
    if (!id.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw w.error("bad id '" + id + "'");
    }
    if (Configs.idInUse(c, id) || c.tags().stream().anyMatch(t -> t.id().equals(id))) {
      throw w.error("id '" + id + "' is already in use (delete it first)");
    }
    // Pacemaker tags any element with an id (resources, constraints, nodes, ...): a reference is
    // checked once the whole edit or load is in (the validator), so a tag may name a constraint
    // that a load creates after it, as crmsh resolves references at the end.
    List<String> refs = new ArrayList<>();
    while (w.hasNext()) {
      refs.add(w.next("an id"));
    }
    if (refs.isEmpty()) {
      throw w.error("tag " + id + ": expected at least one resource");
    }
    List<org.paceline.cib.Tag> tags = new ArrayList<>(c.tags());
    tags.add(new org.paceline.cib.Tag(id, refs));
    return Configs.withTags(c, tags);
  }

  private static void pairs(Words w, Map<String, String> into, String section)
      throws CrmshException {
    while (w.hasNext() && w.peek().contains("=")) {
      String kv = w.next("k=v");
      int eq = kv.indexOf('=');
      if (eq == 0) {
        throw w.error(section + ": missing name in '" + kv + "'");
      }
      into.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
  }

  /**
   * One attribute set as crmsh's {@code match_attr_list} reads it: {@code [$id=ID | $id-ref=REF]
   * [SCORE:] [rule ...] NAME=VALUE ...}. Without {@code $id=}, the first set of a kind is named
   * {@code baseId}, the next ones {@code baseId-1}, {@code baseId-2}, ...
   */
  static NvSet attrList(Words w, String baseId, List<NvSet> before) throws CrmshException {
    String id = before.isEmpty() ? baseId : baseId + "-" + before.size();
    String idRef = null;
    if (w.hasNext() && w.peek().startsWith("$id=")) {
      id = w.next("$id=ID").substring(4);
      if (id.isEmpty()) {
        throw w.error("empty $id");
      }
    } else if (w.hasNext() && w.peek().startsWith("$id-ref=")) {
      idRef = w.next("$id-ref=REF").substring("$id-ref=".length());
      if (idRef.isEmpty()) {
        throw w.error("empty $id-ref");
      }
      return new NvSet(null, idRef, null, null, List.of(), Map.of());
    }
    Score score = null;
    if (w.hasNext() && w.peek().endsWith(":") && !w.peek().contains("=")) {
      score = scoreColon(w.next("SCORE:"), w);
    }
    Rule rule = null;
    if (w.hasNext() && w.peek().equals("rule")) {
      List<Rule> rules = CrmshRules.parse(id, w);
      if (rules.size() > 1) {
        throw w.error("an attribute set takes one rule");
      }
      rule = rules.get(0);
    }
    Map<String, String> kv = new LinkedHashMap<>();
    pairs(w, kv, "attributes");
    List<NvPair> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : kv.entrySet()) {
      pairs.add(NvPair.of(id + "-" + e.getKey(), e.getKey(), e.getValue()));
    }
    return new NvSet(id, null, score, rule, pairs, Map.of());
  }

  private static List<NvSet> sets(String id, Map<String, String> kv) {
    if (kv.isEmpty()) {
      return List.of();
    }
    List<NvPair> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : kv.entrySet()) {
      pairs.add(NvPair.of(id + "-" + e.getKey(), e.getKey(), e.getValue()));
    }
    return List.of(NvSet.of(id, pairs));
  }

  /** A cursor over a command's words that knows where it is, for error messages. */
  static final class Words {
    private List<String> words;
    private int pos;

    Words(List<String> words) {
      this.words = words;
    }

    /** Steps back one word (after a look that needed to consume it). */
    void back() {
      if (pos > 0) {
        pos--;
      }
    }

    boolean hasNext() {
      return pos < words.size();
    }

    String peek() {
      return words.get(pos);
    }

    /** Forgets the last word (an option read out of order). */
    void dropLast() {
      words = words.subList(0, words.size() - 1);
    }

    /** The words not read yet. */
    List<String> rest() {
      return words.subList(pos, words.size());
    }

    String next(String expected) throws CrmshException {
      if (!hasNext()) {
        throw new CrmshException(
            "expected " + expected + " after '" + String.join(" ", words) + "'");
      }
      return words.get(pos++);
    }

    void end() throws CrmshException {
      if (hasNext()) {
        pos++;
        throw error("unexpected '" + words.get(pos - 1) + "'");
      }
    }

    /** An error about the word just read. */
    CrmshException error(String message) {
      int at = Math.max(pos, 1);
      return new CrmshException(
          message
              + " (word "
              + at
              + " '"
              + words.get(at - 1)
              + "' of: "
              + String.join(" ", words)
              + ")");
    }
  }
}
