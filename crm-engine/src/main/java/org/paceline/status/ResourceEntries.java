package org.paceline.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.agents.ExecStatus;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.Clone;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.Constraint;
import org.paceline.cib.Group;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvSet;
import org.paceline.cib.OtherResource;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.scheduler.Scheduler;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.ResourceEntry;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * The report's resources: walks the configured resources (and the orphans the history still has)
 * into entries with their instances, roles and flags as crm_mon shows them; one per build, with the
 * lookups the walk shares.
 */
final class ResourceEntries {
  private final Cib cib;
  private final ClusterStatus status;
  private final Map<String, Resource> parents;
  private final List<String> nodeNames;

  /** History ids of the active resources by base id (a clone instance "c1:2" under "c1"). */
  private final Map<String, List<String>> instanceIds = new HashMap<>();

  /** Anonymous clones' instance numbers: clone id, node, number (made when first needed). */
  private Map<String, Map<String, Integer>> cloneInstances;

  private final long now;

  /** Node-level location constraints by resource, with their configuration order. */
  private final Map<String, List<Map.Entry<Integer, LocationConstraint>>> locations =
      new HashMap<>();

  ResourceEntries(
      Cib cib,
      ClusterStatus status,
      Map<String, Resource> parents,
      List<String> nodeNames,
      long now) {
    this.now = now;
    this.cib = cib;
    this.status = status;
    this.parents = parents;
    this.nodeNames = nodeNames;
    // Indexes, so that each primitive does not scan every active resource and constraint (5,000
    // resources: 25 million comparisons).
    for (String hid : status.active().keySet()) {
      int colon = hid.lastIndexOf(':');
      if (colon > 0 && isNumber(hid)) {
        instanceIds.computeIfAbsent(hid.substring(0, colon), k -> new ArrayList<>()).add(hid);
      }
    }
    int i = 0;
    for (Constraint k : cib.configuration().constraints()) {
      if (k instanceof LocationConstraint lc
          && lc.node() != null
          && lc.score() != null
          && (lc.role() == null || lc.role() == org.paceline.cib.Role.STARTED)) {
        locations.computeIfAbsent(lc.rsc(), r -> new ArrayList<>()).add(Map.entry(i, lc));
      }
      i++;
    }
  }

  Optional<String> meta(Resource r, String name) {
    for (Resource cur = r; cur != null; cur = parents.get(cur.id())) {
      Optional<String> v = cur.meta(name);
      if (v.isPresent()) {
        return v;
      }
    }
    return NvSet.lookup(cib.configuration().rscDefaults(), name);
  }

  boolean managed(Resource r) {
    boolean maintenance = ClusterOption.MAINTENANCE_MODE.enabled(cib.configuration());
    return !maintenance
        && meta(r, "is-managed").map(CibBooleans::isTrue).orElse(true)
        && !meta(r, "maintenance").map(CibBooleans::isTrue).orElse(false);
  }

  /** target-role Stopped: its own, a parent's, or rsc_defaults' (Pacemaker merges them). */
  boolean disabled(Resource r) {
    return meta(r, "target-role").map(v -> v.equalsIgnoreCase("stopped")).orElse(false);
  }

  int priority(Resource r) {
    try {
      return meta(r, "priority").map(v -> (int) Double.parseDouble(v.trim())).orElse(0);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Resources active in the history but no longer configured, as ORPHANED primitives. */
  List<ResourceEntry> orphans() {
    List<ResourceEntry> out = new ArrayList<>();
    // One pass over the configuration (a lookup per history entry was quadratic).
    java.util.Set<String> configured = new java.util.HashSet<>();
    cib.configuration().allResources().forEach(r -> configured.add(r.id()));
    for (Map.Entry<String, List<ActiveInstance>> e : status.active().entrySet()) {
      String hid = e.getKey();
      int colon = hid.lastIndexOf(':');
      String base = colon > 0 && isNumber(hid) ? hid.substring(0, colon) : hid;
      if (configured.contains(base)) {
        continue;
      }
      String agent = null;
      for (String node : nodeNames) {
        Optional<NodeState> s = cib.nodeState(node);
        if (agent == null && s.isPresent()) {
          for (LrmResource lr : s.get().lrmResources()) {
            if (lr.id().equals(hid)) {
              agent =
                  lr.resourceClass()
                      + (lr.provider() == null ? "" : ":" + lr.provider())
                      + ":"
                      + lr.type();
            }
          }
        }
      }
      List<Instance> instances = new ArrayList<>();
      for (ActiveInstance a : e.getValue()) {
        instances.add(instance(hid, a));
      }
      // With stop-orphan-resources=false (or in maintenance) an orphan is left alone.
      boolean managed =
          ClusterOption.STOP_ORPHAN_RESOURCES.enabled(cib.configuration())
              && !ClusterOption.MAINTENANCE_MODE.enabled(cib.configuration());
      out.add(
          new ResourceEntry(
              hid, "orphan", agent, false, false, managed, false, 0, instances, List.of(),
              List.of()));
    }
    return out;
  }

  private Instance instance(String hid, ActiveInstance a) {
    NodeStatus n = NodeEntries.displayed(cib, status, status.node(a.node()));
    String role = a.role().xmlName();
    Resource parent = parents.get(baseOf(hid));
    if (parent instanceof Group g) {
      parent = parents.get(g.id());
    }
    if (role.equals("Started") && parent instanceof Clone c && c.promotable()) {
      role = "Unpromoted"; // a started instance of a promotable clone is an Unpromoted one
    }
    return new Instance(
        hid,
        a.node(),
        role,
        a.failed(),
        a.blocked(),
        n != null && n.unclean() && !n.online() && !NodeEntries.member(cib, n),
        status.failureIgnored().contains(baseOf(hid)),
        n != null && n.maintenance(),
        pendingTask(a),
        cloneInstance(hid, a.node()));
  }

  /** The number of the anonymous clone instance {@code hid} is part of on {@code node}, or -1. */
  private int cloneInstance(String hid, String node) {
    Resource parent = parents.get(baseOf(hid));
    if (parent instanceof Group g) {
      parent = parents.get(g.id());
    }
    if (!(parent instanceof Clone c)) {
      return -1;
    }
    if (cloneInstances == null) {
      cloneInstances = Scheduler.cloneInstances(cib, now);
    }
    return cloneInstances.getOrDefault(c.id(), Map.of()).getOrDefault(node, -1);
  }

  /** The first action in flight in the instance's history, not a probe (Pacemaker's rule). */
  private static String pendingTask(ActiveInstance a) {
    if (a.history() == null) {
      return null;
    }
    for (LrmRscOp op : a.history().ops()) {
      boolean pending =
          (op.callId() != null && op.callId() < 0)
              || (op.opStatus() != null && op.opStatus() == ExecStatus.PENDING.code());
      boolean probe = "monitor".equals(op.operation()) && op.intervalMs() == 0;
      if (pending && op.operation() != null && !probe) {
        return op.operation();
      }
    }
    return null;
  }

  private static String baseOf(String hid) {
    int colon = hid.lastIndexOf(':');
    return colon > 0 && isNumber(hid) ? hid.substring(0, colon) : hid;
  }

  ResourceEntry entry(Resource r) {
    if (r instanceof Primitive p) {
      return primitive(p, false);
    }
    if (r instanceof Group g) {
      List<ResourceEntry> members = new ArrayList<>();
      for (Resource m : g.members()) {
        members.add(m instanceof Primitive p ? primitive(p, false) : entry(m));
      }
      return new ResourceEntry(
          g.id(),
          "group",
          null,
          false,
          false,
          managed(g),
          disabled(g),
          0,
          List.of(),
          members,
          List.of());
    }
    if (r instanceof Clone c) {
      boolean unique =
          meta(c, "globally-unique").map(CibBooleans::isTrue).orElse(false) && !c.forcedAnonymous();
      int cloneMax = intMeta(c, "clone-max", nodeNames.size());
      List<ResourceEntry> children = new ArrayList<>();
      Resource child = c.child();
      if (child instanceof Primitive p) {
        children.add(primitive(p, true));
      } else if (child instanceof Group g) {
        List<ResourceEntry> members = new ArrayList<>();
        for (Resource m : g.members()) {
          members.add(m instanceof Primitive p ? primitive(p, true) : entry(m));
        }
        children.add(
            new ResourceEntry(
                g.id(),
                "group",
                null,
                false,
                false,
                managed(g),
                disabled(g),
                0,
                List.of(),
                members,
                List.of()));
      } else if (child != null) {
        children.add(entry(child));
      }
      return new ResourceEntry(
          c.id(),
          "clone",
          null,
          c.promotable(),
          unique,
          managed(c),
          disabled(c),
          cloneMax,
          List.of(),
          children,
          allowedNodes(c));
    }
    OtherResource o = (OtherResource) r;
    return new ResourceEntry(
        o.id(),
        o.element().name(),
        null,
        false,
        false,
        true,
        false,
        0,
        List.of(),
        List.of(),
        List.of());
  }

  private int intMeta(Resource r, String name, int dflt) {
    try {
      return meta(r, name).map(v -> Integer.parseInt(v.trim())).orElse(dflt);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  /**
   * The nodes a clone's "Stopped" list draws from: Pacemaker lists the clone's allowed nodes as
   * unpacking leaves them, before any constraint is applied: every node in a symmetric cluster.
   */
  private List<String> allowedNodes(Clone c) {
    return new ArrayList<>(nodeNames);
  }

  private ResourceEntry primitive(Primitive p, boolean inClone) {
    List<Instance> instances = new ArrayList<>();
    List<String> mine = new ArrayList<>();
    if (status.active().containsKey(p.id())) {
      mine.add(p.id());
    }
    if (inClone) {
      mine.addAll(instanceIds.getOrDefault(p.id(), List.of()));
    }
    for (String hid : mine) {
      for (ActiveInstance a : status.active().get(hid)) {
        instances.add(instance(hid, a));
      }
    }
    instances.sort(
        Comparator.comparing(Instance::node, StatusReportBuilder.NATURAL)
            .thenComparing(Instance::historyId));
    return new ResourceEntry(
        p.id(),
        "primitive",
        agent(p),
        false,
        false,
        managed(p),
        disabled(p),
        0,
        instances,
        List.of(),
        inClone ? List.of() : allowedNodes(p));
  }

  /**
   * Nodes a primitive may run on by node-level location constraints on it or its parents: every
   * node minus -INFINITY ones in a symmetric cluster, nodes with a score >= 0 otherwise. Rules and
   * colocations are not evaluated: this is for health reasons, not placement.
   */
  private List<String> allowedNodes(Primitive p) {
    List<String> ids = new ArrayList<>();
    for (Resource cur = p; cur != null; cur = parents.get(cur.id())) {
      ids.add(cur.id());
    }
    boolean symmetric = ClusterOption.SYMMETRIC_CLUSTER.enabled(cib.configuration());
    List<String> out = symmetric ? new ArrayList<>(nodeNames) : new ArrayList<>();
    List<Map.Entry<Integer, LocationConstraint>> relevant = new ArrayList<>();
    for (String id : ids) {
      relevant.addAll(locations.getOrDefault(id, List.of()));
    }
    relevant.sort(Map.Entry.comparingByKey()); // configuration order, as read
    boolean added = false;
    for (Map.Entry<Integer, LocationConstraint> entry : relevant) {
      LocationConstraint lc = entry.getValue();
      if (lc.score().minusInfinite()) {
        out.remove(lc.node());
      } else if (!symmetric && lc.score().value() >= 0 && !out.contains(lc.node())) {
        out.add(lc.node());
        added = true;
      }
    }
    if (added) {
      out.sort(StatusReportBuilder.NATURAL); // removals keep nodeNames' order
    }
    return out;
  }

  private static boolean isNumber(String historyId) {
    String suffix = historyId.substring(historyId.lastIndexOf(':') + 1);
    return !suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit);
  }

  /** class:provider:type, as crm_mon prints an agent. */
  static String agent(Primitive p) {
    StringBuilder b = new StringBuilder();
    b.append(p.resourceClass());
    if (p.provider() != null) {
      b.append(':').append(p.provider());
    }
    b.append(':').append(p.type());
    return b.toString();
  }
}
