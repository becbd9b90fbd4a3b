package org.paceline.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.Cib;
import org.paceline.cib.Clone;
import org.paceline.cib.Constraint;
import org.paceline.cib.Group;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.Node;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvSet;
import org.paceline.cib.OtherResource;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.scheduler.Scheduler;
import org.paceline.status.StatusReport.FailCount;
import org.paceline.status.StatusReport.FailedAction;
import org.paceline.status.StatusReport.FencingEntry;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.MoveBan;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.status.StatusReport.ResourceEntry;
import org.paceline.status.StatusReport.Summary;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.Unpack;

/**
 * Derives a {@link StatusReport} from a {@link ClusterSnapshot}: node states and resource roles as
 * the scheduler's status unpacking reads them (so displays and decisions never disagree), failed
 * operations from the history, and the health verdict. Pure: no clock, no I/O.
 */
public final class StatusReportBuilder {
  /** The stack name shown where crm_mon shows "corosync". */
  public static final String STACK = "paceline";

  /** Compares names the way Pacemaker sorts node names: digit runs by value, else by letter. */
  public static final Comparator<String> NATURAL = StatusReportBuilder::compareNatural;

  /** Agent classes Pacemaker forces to anonymous clones (they cannot tell instances apart). */
  private static final java.util.Set<String> ANONYMOUS_ONLY =
      java.util.Set.of("lsb", "systemd", "service", "upstart");

  private StatusReportBuilder() {}

  /** Builds the report. */
  public static StatusReport build(ClusterSnapshot snap) {
    // What runs is what the scheduler sees: a primitive made from a template has its agent, a
    // guest node has its connection (not listed: Pacemaker keeps it internal).
    long now =
        snap.cib().executionDate() != null
            ? snap.cib().executionDate()
            : snap.takenAt().getEpochSecond();
    Cib cib = Unpack.withImplicitResources(snap.cib(), now);
    java.util.Set<String> implicit = new java.util.HashSet<>();
    for (Resource r : cib.configuration().resources()) {
      if (snap.cib().configuration().resource(r.id()).isEmpty()) {
        implicit.add(r.id());
      }
    }
    ClusterStatus status = Unpack.currentStatus(cib, now);
    Map<String, Resource> parents = new HashMap<>();
    for (Resource r : cib.configuration().resources()) {
      indexParents(r, parents);
    }
    List<String> nodeNames = new ArrayList<>();
    for (NodeStatus n : status.nodes()) {
      nodeNames.add(n.name());
    }
    nodeNames.sort(NATURAL);

    Map<String, Integer> running = new HashMap<>();
    for (List<ActiveInstance> list : status.active().values()) {
      for (ActiveInstance a : list) {
        running.merge(a.node(), 1, Integer::sum);
      }
    }
    List<NodeEntry> nodes = new ArrayList<>();
    for (String name : nodeNames) {
      NodeStatus n = displayed(cib, status, status.node(name));
      String id = cib.configuration().node(name).map(Node::id).orElse(null);
      Instant last = snap.lastReported().get(name);
      nodes.add(
          new NodeEntry(
              name,
              id,
              nodeState(
                  n,
                  running.getOrDefault(name, 0) > 0,
                  cib.nodeState(name)
                      .map(st -> "pending".equals(st.join()) && "online".equals(st.crmd()))
                      .orElse(false),
                  member(cib, n)),
              n.online(),
              n.unclean(),
              n.standby(),
              n.maintenance(),
              n.shutdown(),
              name.equals(snap.dc()),
              last == null ? null : last.toString(),
              running.getOrDefault(name, 0),
              nodeKind(n)));
    }

    Context ctx = new Context(cib, status, parents, nodeNames, now);
    // Like Pacemaker, list top-level resources by priority (highest first), stably.
    List<Resource> tops = new ArrayList<>(cib.configuration().resources());
    tops.sort(Comparator.comparingInt((Resource r) -> -ctx.priority(r)));
    List<ResourceEntry> resources = new ArrayList<>();
    for (Resource r : tops) {
      if (r instanceof OtherResource o && o.element().name().equals("template")) {
        continue; // a template is no resource: nothing runs, nothing to show or count
      }
      if (implicit.contains(r.id())) {
        continue;
      }
      resources.add(ctx.entry(r));
    }
    resources.addAll(ctx.orphans());

    int[] counts = new int[3];
    for (ResourceEntry r : resources) {
      countInstances(r, nodeNames.size(), 1, false, counts);
    }
    // A guest node's connection is not listed, but crm_mon counts it as an instance.
    counts[0] += implicit.size();

    List<String> activeNodes = activeNodes(snap.activeResource(), resources);
    String localRole = "none";
    if (snap.localNode() != null && snap.activeResource() != null) {
      localRole = activeNodes.contains(snap.localNode()) ? "active" : "standby";
    }
    Summary summary =
        new Summary(
            cib.configuration().property("cluster-name").orElse(null),
            STACK,
            version(),
            snap.localNode(),
            snap.dc(),
            snap.quorate(),
            snap.takenAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
            lastChange(cib),
            nodeNames.size(),
            counts[0],
            counts[1],
            counts[2],
            snap.onlineMembers(),
            snap.activeResource(),
            activeNodes,
            localRole,
            cib.configuration()
                .property("maintenance-mode")
                .map(StatusReportBuilder::truthy)
                .orElse(false),
            cib.configuration()
                .property("stop-all-resources")
                .map(StatusReportBuilder::truthy)
                .orElse(false));

    List<FencingEntry> fencing = new ArrayList<>();
    for (int i = snap.fencingHistory().size() - 1; i >= 0; i--) {
      FencingEvent e = snap.fencingHistory().get(i);
      fencing.add(
          new FencingEntry(
              e.target(),
              e.action(),
              e.ok(),
              e.when() == null ? null : e.when().toString(),
              e.detail()));
    }
    // Pacemaker sets aside a probe that found the agent missing or misconfigured
    // (pcmk_xe_mask_probe_failure): it explains a stopped instance instead.
    List<FailedAction> failed = new ArrayList<>();
    List<FailedAction> failedProbes = new ArrayList<>();
    for (FailedAction f : failedActions(cib, status, nodeNames)) {
      boolean masked =
          "monitor".equals(f.task())
              && f.intervalMs() == 0
              && (f.rc() == 5 || f.rc() == 2 || f.status().equals(OcfRc.execStatus(7)));
      (masked ? failedProbes : failed).add(f);
    }
    List<String> constraintIds = new ArrayList<>();
    for (Constraint c : cib.configuration().constraints()) {
      if (c instanceof LocationConstraint lc) {
        constraintIds.add(lc.id());
      }
    }
    List<FailCount> failCounts = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : status.failCounts().entrySet()) {
      for (Map.Entry<String, Integer> n : e.getValue().entrySet()) {
        failCounts.add(new FailCount(n.getKey(), e.getKey(), n.getValue()));
      }
    }
    failCounts.sort(
        Comparator.comparing(FailCount::resource).thenComparing(FailCount::node, NATURAL));
    List<MoveBan> moveBans = moveBans(cib, snap.takenAt());
    StatusReport partial =
        new StatusReport(
            summary, nodes, resources, failed, failCounts, fencing, moveBans, null, failedProbes);
    return new StatusReport(
        summary,
        nodes,
        resources,
        failed,
        failCounts,
        fencing,
        moveBans,
        HealthCheck.evaluate(partial, snap.fencingHistory(), constraintIds),
        failedProbes);
  }

  /** The constraints {@code crm resource move|ban} left, in configuration order. */
  static List<MoveBan> moveBans(Cib cib, java.time.Instant now) {
    List<MoveBan> out = new ArrayList<>();
    for (Constraint c : cib.configuration().constraints()) {
      if (!(c instanceof LocationConstraint lc)
          || !(lc.id().startsWith("cli-prefer-") || lc.id().startsWith("cli-ban-"))) {
        continue;
      }
      String node = lc.node();
      String score = lc.score() == null ? null : lc.score().toString();
      String until = null;
      for (org.paceline.cib.Rule r : lc.rules()) {
        if (score == null && r.score() != null) {
          score = r.score().toString();
        }
        for (org.paceline.cib.RuleExpression e : r.expressions()) {
          if (e instanceof org.paceline.cib.AttributeExpression a
              && "#uname".equals(a.attribute())
              && node == null) {
            node = a.value();
          } else if (e instanceof org.paceline.cib.DateExpression d
              && "lt".equals(d.operation())
              && d.end() != null) {
            until = d.end();
          }
        }
      }
      boolean expired = false;
      if (until != null) {
        try {
          expired = !java.time.OffsetDateTime.parse(until).toInstant().isAfter(now);
        } catch (java.time.format.DateTimeParseException e) {
          expired = false;
        }
      }
      out.add(new MoveBan(lc.id(), lc.rsc(), node, score, until, expired));
    }
    return out;
  }

  /**
   * Pacemaker shows a node that has never reported (no node_state) as UNCLEAN (offline) while
   * fencing and startup-fencing are enabled: nothing proves it runs nothing.
   */
  static NodeStatus displayed(Cib cib, ClusterStatus status, NodeStatus n) {
    boolean startupFencing =
        cib.configuration()
            .property("startup-fencing")
            .map(StatusReportBuilder::truthy)
            .orElse(true);
    if (n.online()
        || n.unclean()
        || !status.stonithEnabled()
        || !startupFencing
        || cib.nodeState(n.name()).isPresent()) {
      return n;
    }
    return new NodeStatus(
        n.name(),
        false,
        true,
        "node has never been seen",
        n.standby(),
        n.maintenance(),
        n.shutdown(),
        n.attributes());
  }

  /** The Paceline version from the jar manifest, or "development" when run from classes. */
  public static String version() {
    String v = StatusReportBuilder.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  private static String lastChange(Cib cib) {
    // crm_mon prints the line whatever the CIB holds: an empty time when it has none.
    String written = cib.otherAttributes().getOrDefault("cib-last-written", "");
    StringBuilder b = new StringBuilder(written);
    String client = cib.otherAttributes().get("update-client");
    String user = cib.otherAttributes().get("update-user");
    String origin = cib.otherAttributes().get("update-origin");
    if (user != null) {
      b.append(" by ").append(user);
    }
    if (client != null) {
      b.append(" via ").append(client);
    }
    if (origin != null) {
      b.append(" on ").append(origin);
    }
    return b.toString();
  }

  /**
   * Whether the membership still has a cluster node (its node_state's in_ccm): up, even when it
   * must be fenced. Remote and guest nodes have no membership of their own.
   */
  static boolean member(Cib cib, NodeStatus n) {
    return !n.remote()
        && cib.nodeState(n.name())
            .map(st -> st.inCcm() != null && !List.of("false", "0").contains(st.inCcm()))
            .orElse(false);
  }

  /** member, remote (a Pacemaker Remote node) or guest (a resource's remote-node). */
  static String nodeKind(NodeStatus n) {
    return switch (String.valueOf(n.attributes().get("#kind"))) {
      case "remote" -> "remote";
      case "container" -> "guest";
      default -> "member";
    };
  }

  /**
   * crm_mon's word for a node's state. {@code pending}: it is up but has not finished joining (its
   * node_state says join="pending"); {@code member}: the membership still has it, which is what an
   * unclean node's "(online)" says (it is up, but must be fenced).
   */
  static String nodeState(NodeStatus n, boolean hasResources, boolean pending, boolean member) {
    if (n.unclean()) {
      return n.online() || member ? "UNCLEAN (online)" : "UNCLEAN (offline)";
    }
    if (pending) {
      return "pending";
    }
    if (n.standby()) {
      if (!n.online()) {
        return "OFFLINE (standby)";
      }
      return hasResources ? "standby (with active resources)" : "standby";
    }
    if (n.maintenance()) {
      return n.online() ? "maintenance" : "OFFLINE (maintenance)";
    }
    return n.online() ? "online" : "OFFLINE";
  }

  /** Nodes where {@code id} is active: Promoted for a promotable clone, else Started. */
  static List<String> activeNodes(String id, List<ResourceEntry> resources) {
    if (id == null) {
      return List.of();
    }
    ResourceEntry e = find(id, resources);
    if (e == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    switch (e.kind()) {
      case "clone" -> {
        for (Instance i : allInstances(e)) {
          boolean wanted = e.promotable() ? i.role().equals("Promoted") : true;
          if (wanted && !i.failed() && !out.contains(i.node())) {
            out.add(i.node());
          }
        }
      }
      case "group" -> {
        // A group is active where all its members run.
        List<String> common = null;
        for (ResourceEntry m : e.children()) {
          List<String> here = new ArrayList<>();
          for (Instance i : m.instances()) {
            if (!i.failed()) {
              here.add(i.node());
            }
          }
          if (common == null) {
            common = here;
          } else {
            common.retainAll(here);
          }
        }
        if (common != null) {
          out.addAll(common);
        }
      }
      default -> {
        for (Instance i : e.instances()) {
          boolean promotedChild = isPromotableChild(id, resources);
          boolean wanted = !promotedChild || i.role().equals("Promoted");
          if (wanted && !i.failed() && !out.contains(i.node())) {
            out.add(i.node());
          }
        }
      }
    }
    out.sort(NATURAL);
    return out;
  }

  private static boolean isPromotableChild(String id, List<ResourceEntry> resources) {
    for (ResourceEntry r : resources) {
      if (r.kind().equals("clone") && r.promotable()) {
        for (ResourceEntry c : r.children()) {
          if (c.id().equals(id)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A resource entry by id, searched through groups and clones. */
  static ResourceEntry find(String id, List<ResourceEntry> resources) {
    for (ResourceEntry r : resources) {
      if (r.id().equals(id)) {
        return r;
      }
      ResourceEntry inner = find(id, r.children());
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  /** Every primitive instance below {@code e}. */
  static List<Instance> allInstances(ResourceEntry e) {
    List<Instance> out = new ArrayList<>(e.instances());
    for (ResourceEntry c : e.children()) {
      out.addAll(allInstances(c));
    }
    return out;
  }

  private static void countInstances(
      ResourceEntry r, int nodeCount, int multiplier, boolean disabled, int[] counts) {
    boolean off = disabled || r.disabled();
    switch (r.kind()) {
      case "primitive" -> {
        counts[0] += multiplier;
        if (off) {
          counts[1] += multiplier;
        }
        counts[2] += (int) r.instances().stream().filter(Instance::blocked).count();
      }
      case "clone" -> {
        for (ResourceEntry c : r.children()) {
          countInstances(c, nodeCount, multiplier * r.cloneMax(), off, counts);
        }
      }
      case "orphan" -> counts[0] += 1; // Pacemaker makes a resource of each orphaned history
      default -> {
        for (ResourceEntry c : r.children()) {
          countInstances(c, nodeCount, multiplier, off, counts);
        }
      }
    }
  }

  private static void indexParents(Resource r, Map<String, Resource> parents) {
    for (Resource c : r.children()) {
      parents.put(c.id(), r);
      indexParents(c, parents);
    }
  }

  /**
   * The failed operations in the histories Pacemaker reads: an offline node's history is read only
   * when fencing is enabled (its last pass, for what fencing must clean up); otherwise what it
   * recorded no longer counts.
   */
  private static List<FailedAction> failedActions(
      Cib cib, ClusterStatus status, List<String> nodeNames) {
    List<FailedAction> out = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (String node : nodeNames) {
      Optional<NodeState> s = cib.nodeState(node);
      NodeStatus ns = status.node(node);
      if (s.isEmpty() || (ns != null && !ns.online() && !status.stonithEnabled())) {
        continue;
      }
      for (LrmResource lr : s.get().lrmResources()) {
        for (LrmRscOp op : lr.ops()) {
          Integer expected = op.targetRc();
          int rc = op.rcCode() == null ? 0 : op.rcCode();
          int opStatus = op.opStatus() == null ? 0 : op.opStatus();
          boolean probe = "monitor".equals(op.operation()) && op.intervalMs() == 0;
          if (!OcfRc.failed(opStatus, rc, expected, probe)) {
            continue;
          }
          String key = op.operationKey() != null ? op.operationKey() : op.id();
          if (seen.putIfAbsent(key + "\0" + node, true) != null) {
            continue;
          }
          long interval = op.intervalMs();
          out.add(
              new FailedAction(
                  key,
                  node,
                  lr.id(),
                  op.operation(),
                  interval,
                  rc,
                  OcfRc.name(rc),
                  expected == null ? -1 : expected,
                  op.callId() == null ? 0 : op.callId(),
                  OcfRc.execStatus(opStatus),
                  op.otherAttributes().getOrDefault("exit-reason", ""),
                  op.lastRcChange() == null
                      ? null
                      : Instant.ofEpochSecond(op.lastRcChange()).toString(),
                  op.queueTimeMs() == null ? 0 : op.queueTimeMs(),
                  op.execTimeMs() == null ? 0 : op.execTimeMs()));
        }
      }
    }
    return out;
  }

  static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        // Numbers compare by value: leading zeros skipped (one digit kept), then by length, then
        // digit by digit. No substrings or regexes: node lists are sorted once per resource.
        while (si < i - 1 && a.charAt(si) == '0') {
          si++;
        }
        while (sj < j - 1 && b.charAt(sj) == '0') {
          sj++;
        }
        if (i - si != j - sj) {
          return (i - si) - (j - sj);
        }
        for (int k = 0; k < i - si; k++) {
          int c = a.charAt(si + k) - b.charAt(sj + k);
          if (c != 0) {
            return c;
          }
        }
      } else {
        int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
        if (c != 0) {
          return c;
        }
        i++;
        j++;
      }
    }
    return (a.length() - i) - (b.length() - j);
  }

  /** Per-build lookups shared by the resource walk. */
  private static final class Context {
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

    Context(
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
      boolean maintenance =
          cib.configuration()
              .property("maintenance-mode")
              .map(StatusReportBuilder::truthy)
              .orElse(false);
      return !maintenance
          && meta(r, "is-managed").map(StatusReportBuilder::truthy).orElse(true)
          && !meta(r, "maintenance").map(StatusReportBuilder::truthy).orElse(false);
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
            cib.configuration()
                    .property("stop-orphan-resources")
                    .map(StatusReportBuilder::truthy)
                    .orElse(true)
                && !cib.configuration()
                    .property("maintenance-mode")
                    .map(StatusReportBuilder::truthy)
                    .orElse(false);
        out.add(
            new ResourceEntry(
                hid, "orphan", agent, false, false, managed, false, 0, instances, List.of(),
                List.of()));
      }
      return out;
    }

    private Instance instance(String hid, ActiveInstance a) {
      NodeStatus n = displayed(cib, status, status.node(a.node()));
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
          n != null && n.unclean() && !n.online() && !member(cib, n),
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
                || (op.opStatus() != null && op.opStatus() == -1);
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
            meta(c, "globally-unique").map(StatusReportBuilder::truthy).orElse(false)
                && !(c.child() instanceof Primitive p
                    && ANONYMOUS_ONLY.contains(p.resourceClass()));
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
          Comparator.comparing(Instance::node, NATURAL).thenComparing(Instance::historyId));
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
     * node minus -INFINITY ones in a symmetric cluster, nodes with a score >= 0 otherwise. Rules
     * and colocations are not evaluated: this is for health reasons, not placement.
     */
    private List<String> allowedNodes(Primitive p) {
      List<String> ids = new ArrayList<>();
      for (Resource cur = p; cur != null; cur = parents.get(cur.id())) {
        ids.add(cur.id());
      }
      boolean symmetric =
          cib.configuration()
              .property("symmetric-cluster")
              .map(StatusReportBuilder::truthy)
              .orElse(true);
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
        out.sort(NATURAL); // removals keep nodeNames' order
      }
      return out;
    }

    private static boolean isNumber(String historyId) {
      String suffix = historyId.substring(historyId.lastIndexOf(':') + 1);
      return !suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit);
    }
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

  static boolean truthy(String s) {
    String v = s.trim().toLowerCase(java.util.Locale.ROOT);
    return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("1") || v.equals("y");
  }
}
