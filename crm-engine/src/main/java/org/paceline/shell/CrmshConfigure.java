package org.paceline.shell;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Clone;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.Group;
import org.paceline.cib.Resource;

/**
 * crmsh's {@code configure} language applied to a configuration: one command (its words) in, the
 * changed configuration or an error out. Pure: no I/O except through {@link AgentParameters}.
 *
 * <p>Commands: {@code primitive}, {@code group}, {@code clone}, {@code promotable} (and crmsh 4's
 * {@code ms}), {@code location}, {@code colocation} ({@code collocation}), {@code order}, {@code
 * property}, {@code rsc_defaults}, {@code op_defaults}, {@code fencing_topology}, {@code delete}.
 * Errors name the command, the id, and the word that is wrong (1-based position). This class is the
 * entry point and holds what all statements share (ids, references, {@code delete}, {@code tag});
 * each kind of statement is read by its own class: {@link CrmshPrimitives}, {@link
 * CrmshGroupsClones}, {@link CrmshConstraints} (with {@link CrmshResourceSets}), {@link
 * CrmshProperties}, {@link CrmshAlerts}, {@link CrmshAcls}; the words by {@link CrmshWords}.
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

  /** Applies one command ({@code words.get(0)} is its name) to {@code c}. */
  static Result apply(Configuration c, List<String> words, AgentParameters agents) {
    if (words.isEmpty()) {
      return new Failed("empty command");
    }
    List<String> warnings = new ArrayList<>();
    try {
      CrmshWords w = new CrmshWords(words);
      String cmd = w.next("a command");
      Configuration next =
          switch (cmd) {
            case "primitive" -> CrmshPrimitives.primitive(c, w, agents, warnings, false);
            case "rsc_template" -> CrmshPrimitives.primitive(c, w, agents, warnings, true);
            case "group" -> CrmshGroupsClones.group(c, w);
            case "bundle" -> CrmshGroupsClones.bundle(c, w);
            case "clone" -> CrmshGroupsClones.clone(c, w, false, false);
            case "promotable" -> CrmshGroupsClones.clone(c, w, true, false);
            case "ms", "master" -> CrmshGroupsClones.clone(c, w, true, true);
            case "location" -> CrmshConstraints.location(c, w, warnings);
            case "colocation", "collocation" -> CrmshConstraints.colocation(c, w);
            case "order" -> CrmshConstraints.order(c, w);
            case "property" -> CrmshProperties.properties(c, w, CrmshProperties.Section.PROPERTY);
            case "rsc_defaults" ->
                CrmshProperties.properties(c, w, CrmshProperties.Section.RSC_DEFAULTS);
            case "op_defaults" ->
                CrmshProperties.properties(c, w, CrmshProperties.Section.OP_DEFAULTS);
            case "fencing_topology", "fencing-topology" ->
                CrmshProperties.fencingTopology(c, w, warnings);
            case "node" -> CrmshProperties.node(c, w);
            case "rsc_ticket" -> CrmshConstraints.rscTicket(c, w);
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

  // ---------------------------------------------------------------- delete

  private static Configuration delete(Configuration c, CrmshWords w, List<String> warnings)
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

  private static Configuration deleteOne(
      Configuration c, String id, CrmshWords w, List<String> warnings) throws CrmshException {
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

  /** {@code tag ID: RSC [RSC ...]} (also {@code tag ID RSC ...}): a name for resources. */
  private static Configuration tag(Configuration c, CrmshWords w) throws CrmshException {
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

  static String newId(Configuration c, CrmshWords w) throws CrmshException {
    String id = w.next("an id");
    if (!id.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw w.error("bad id '" + id + "' (letters, digits, '_', '.', '-'; not a digit first)");
    }
    if (Configs.idInUse(c, id)) {
      throw w.error("id '" + id + "' is already in use (delete it first)");
    }
    return id;
  }

  static Resource topLevel(Configuration c, String id, String what) throws CrmshException {
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
  static void requireResource(Configuration c, String id, CrmshWords w) throws CrmshException {
    if (c.resource(id).isEmpty() && c.tags().stream().noneMatch(t -> t.id().equals(id))) {
      throw w.error("no resource or tag '" + id + "'");
    }
  }

  /** {@code RSC} or {@code RSC:SUFFIX}; the resource must exist. */
  static String[] rscWithSuffix(Configuration c, CrmshWords w, String what) throws CrmshException {
    String word = w.next(what);
    int colon = word.indexOf(':');
    String rsc = colon < 0 ? word : word.substring(0, colon);
    String suffix = colon < 0 ? null : word.substring(colon + 1);
    requireResource(c, rsc, w);
    return new String[] {rsc, suffix};
  }
}
