package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.HistoryIds;
import org.paceline.cib.IntervalSpec;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.Node;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;

/**
 * Reads the status section as Pacemaker 2.1.5's unpack does: node membership, resource roles from
 * the operation history (ordered by call id), failures and fail counts.
 */
final class StatusUnpacker {
  private static final int RC_OK = OcfExitCode.SUCCESS.code();
  private static final int RC_NOT_RUNNING = OcfExitCode.NOT_RUNNING.code();
  private static final int RC_PROMOTED = OcfExitCode.RUNNING_PROMOTED.code();
  private static final int RC_FAILED_PROMOTED = OcfExitCode.FAILED_PROMOTED.code();
  private static final int RC_NOT_INSTALLED = OcfExitCode.NOT_INSTALLED.code();
  private static final int RC_INVALID_PARAM = OcfExitCode.INVALID_ARGUMENT.code();
  private static final int RC_UNIMPLEMENTED = OcfExitCode.UNIMPLEMENTED.code();
  private static final int RC_INSUFFICIENT_PRIV = OcfExitCode.INSUFFICIENT_PRIVILEGES.code();
  private static final int RC_NOT_CONFIGURED = OcfExitCode.NOT_CONFIGURED.code();

  private final Cib cib;
  private final long now;
  private final Map<String, Primitive> primitives;
  private final MetaLookup meta;
  private final boolean stonith;
  private final java.util.Set<String> stoppedByFailure = new java.util.TreeSet<>();
  private final java.util.Set<String> failureIgnored = new java.util.TreeSet<>();

  // Pacemaker's execution status codes (enum pcmk_exec_status) that the unpack tells apart.
  private static final int EXEC_PENDING = ExecStatus.PENDING.code();
  private static final int EXEC_DONE = ExecStatus.DONE.code();
  private static final int EXEC_CANCELLED = ExecStatus.CANCELLED.code();
  private static final int EXEC_ERROR = ExecStatus.ERROR.code();
  private static final int EXEC_ERROR_HARD = ExecStatus.ERROR_HARD.code();
  private static final int EXEC_ERROR_FATAL = ExecStatus.ERROR_FATAL.code();
  private static final int EXEC_NOT_INSTALLED = ExecStatus.NOT_INSTALLED.code();
  private static final int EXEC_NO_FENCE_DEVICE = ExecStatus.NO_FENCE_DEVICE.code();
  private static final int EXEC_NO_SECRETS = ExecStatus.NO_SECRETS.code();

  StatusUnpacker(Cib cib, long nowEpochSeconds) {
    this.cib = cib;
    this.now = nowEpochSeconds;
    this.meta = new MetaLookup(cib.configuration(), nowEpochSeconds);
    this.stonith =
        cib.configuration().property("stonith-enabled").map(StatusUnpacker::truthy).orElse(true);
    this.primitives = cib.configuration().primitivesById();
  }

  static boolean truthy(String s) {
    if (s == null) {
      return false;
    }
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      return !s.equals("0");
    }
    return CibBooleans.valid(s) && CibBooleans.parse(s);
  }

  ClusterStatus unpack() {
    boolean stonith =
        cib.configuration().property("stonith-enabled").map(StatusUnpacker::truthy).orElse(true);
    boolean quorum = cib.haveQuorum() == null || cib.haveQuorum();
    // startup-fencing (default true): with fencing enabled, a cluster node never seen in the
    // status section is unclean until fenced, as Pacemaker's handle_startup_fencing has it.
    boolean unseenUnclean =
        stonith
            && cib.configuration()
                .property("startup-fencing")
                .map(StatusUnpacker::truthy)
                .orElse(true);
    Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    for (Node n : cib.configuration().nodes()) {
      NodeState s = cib.nodeState(n.uname()).orElse(null);
      NodeStatus st = nodeStatus(n, s, stonith);
      if (isRemote(n)) {
        st =
            new NodeStatus(
                st.name(),
                false,
                false,
                null,
                st.standby(),
                st.maintenance(),
                false,
                st.attributes());
      } else if (s == null && unseenUnclean) {
        st =
            new NodeStatus(
                st.name(),
                false,
                true,
                "node is unclean",
                st.standby(),
                st.maintenance(),
                st.shutdown(),
                st.attributes());
      }
      // no-quorum-policy=suicide: a partition that had quorum and lost it (the CIB's
      // no-quorum-panic) fences every online node of it (Pacemaker marks each unclean, "cluster
      // does not have quorum"); one that never had quorum does not.
      if (!quorum
          && stonith
          && truthy(cib.otherAttributes().get("no-quorum-panic"))
          && st.online()
          && !st.unclean()
          && !isRemote(n)
          && "suicide".equals(cib.configuration().property("no-quorum-policy").orElse("stop"))) {
        st =
            new NodeStatus(
                st.name(),
                st.online(),
                true,
                "cluster does not have quorum",
                st.standby(),
                st.maintenance(),
                st.shutdown(),
                st.attributes());
      }
      nodes.put(n.uname(), st);
    }
    Map<String, List<ActiveInstance>> active = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> fails = new HashMap<>();
    Map<String, List<String>> startFailed = new HashMap<>();
    Map<String, List<String>> hardErrors = new HashMap<>();
    Map<String, String> migratedFrom = new HashMap<>();
    Histories hs = new Histories(active, fails, startFailed, hardErrors, migratedFrom);
    java.util.Set<String> connections = remoteConnections();
    java.util.Set<String> clusterNodes = new java.util.HashSet<>(nodes.keySet());
    clusterNodes.removeAll(connections);
    readHistories(clusterNodes, nodes, hs, stonith);
    // Pacemaker Remote nodes: online while their connection runs; their history is read then.
    addRemoteNodes(nodes, active, connections, startFailed, stonith);
    java.util.Set<String> remote = new java.util.HashSet<>(nodes.keySet());
    remote.removeAll(hs.read());
    readHistories(remote, nodes, hs, stonith);
    Map<String, String> guestFences = guestFences(nodes, active);
    for (List<ActiveInstance> list : active.values()) {
      putMigrationTargetFirst(list, migratedFrom);
    }
    List<NodeStatus> nodeList = List.copyOf(nodes.values());
    return new ClusterStatus(
        nodeList,
        active,
        fails,
        startFailed,
        hardErrors,
        quorum,
        stonith,
        ClusterStatus.byName(nodeList),
        Map.copyOf(guestFences),
        java.util.Set.copyOf(stoppedByFailure),
        java.util.Set.copyOf(failureIgnored));
  }

  /**
   * Guest nodes whose container failed (or whose container's node is unclean): Pacemaker fences
   * them by recovering the container, and what ran on the guest is recovered there too (its
   * instances count as failed).
   */
  private Map<String, String> guestFences(
      Map<String, NodeStatus> nodes, Map<String, List<ActiveInstance>> active) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> g : GuestNodes.containers(cib.configuration()).entrySet()) {
      String guest = g.getKey();
      if (!nodes.containsKey(guest)) {
        continue;
      }
      boolean containerFailed = false;
      for (ActiveInstance a : active.getOrDefault(g.getValue(), List.of())) {
        NodeStatus host = nodes.get(a.node());
        containerFailed |= a.failed() || (host != null && host.unclean());
      }
      if (!containerFailed) {
        continue;
      }
      out.put(guest, g.getValue());
      for (List<ActiveInstance> list : active.values()) {
        list.replaceAll(
            a ->
                a.node().equals(guest) && !a.failed()
                    ? new ActiveInstance(
                        a.historyId(),
                        a.node(),
                        a.role(),
                        true,
                        a.stopFailed(),
                        a.blocked(),
                        a.demote(),
                        a.history())
                    : a);
      }
    }
    return out;
  }

  /**
   * The Pacemaker Remote connections: top-level {@code ocf:pacemaker:remote} primitives, each
   * making a remote node of its own id.
   */
  private java.util.Set<String> remoteConnections() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (org.paceline.cib.Resource r : cib.configuration().resources()) {
      if (r instanceof Primitive p && isRemoteConnection(p)) {
        out.add(p.id());
      }
    }
    return out;
  }

  /** Whether a primitive is a Pacemaker Remote connection ({@code ocf:pacemaker:remote}). */
  static boolean isRemoteConnection(Primitive p) {
    return "ocf".equalsIgnoreCase(p.resourceClass())
        && "pacemaker".equalsIgnoreCase(p.provider())
        && "remote".equalsIgnoreCase(p.type());
  }

  /**
   * Adds each connection's remote node (reusing a {@code <node type="remote">} of its name): online
   * while the connection is active and has not failed, as Pacemaker's
   * determine_remote_online_status has it; never unclean here (remote fencing is not modelled).
   */
  private void addRemoteNodes(
      Map<String, NodeStatus> nodes,
      Map<String, List<ActiveInstance>> active,
      java.util.Set<String> connections,
      Map<String, List<String>> startFailed,
      boolean stonith) {
    Map<String, String> guests = GuestNodes.containers(cib.configuration());
    for (String id : connections) {
      List<ActiveInstance> a = active.getOrDefault(id, List.of());
      boolean started = !a.isEmpty();
      boolean failed = a.stream().anyMatch(ActiveInstance::failed);
      Node configured =
          cib.configuration().nodes().stream()
              .filter(n -> id.equals(n.uname()))
              .findFirst()
              .orElse(new Node(id, id, "remote", null, List.of(), List.of(), Map.of(), List.of()));
      NodeState state = cib.nodeState(id).orElse(null);
      NodeStatus base = nodeStatus(configured, state, false);
      Map<String, String> attrs = new HashMap<>(base.attributes());
      // A remote connection that failed other than in its start is unrecoverable: the remote
      // node is fenced (its on-fail default is reset-remote), unless it was fenced already.
      List<String> failedStarts = startFailed.getOrDefault(id, List.of());
      boolean unrecoverable =
          stonith
              && !guests.containsKey(id)
              && a.stream().anyMatch(x -> x.failed() && !failedStarts.contains(x.node()))
              && (state == null
                  || state.otherAttributes().getOrDefault("node_fenced", "0").equals("0"));
      attrs.put("#kind", guests.containsKey(id) ? "container" : "remote");
      nodes.put(
          id,
          new NodeStatus(
              id,
              started && !failed,
              unrecoverable,
              unrecoverable ? "remote connection is unrecoverable" : null,
              base.standby(),
              base.maintenance(),
              false,
              Map.copyOf(attrs)));
    }
  }

  /** The maps a status unpack fills from the nodes' histories. */
  private record Histories(
      Map<String, List<ActiveInstance>> active,
      Map<String, Map<String, Integer>> fails,
      Map<String, List<String>> startFailed,
      Map<String, List<String>> hardErrors,
      Map<String, String> migratedFrom,
      java.util.Set<String> read) {
    Histories(
        Map<String, List<ActiveInstance>> active,
        Map<String, Map<String, Integer>> fails,
        Map<String, List<String>> startFailed,
        Map<String, List<String>> hardErrors,
        Map<String, String> migratedFrom) {
      this(active, fails, startFailed, hardErrors, migratedFrom, new java.util.HashSet<>());
    }
  }

  /** Reads the histories of the nodes named in {@code which}. */
  private void readHistories(
      java.util.Set<String> which, Map<String, NodeStatus> nodes, Histories hs, boolean stonith) {
    Map<String, List<ActiveInstance>> active = hs.active();
    Map<String, Map<String, Integer>> fails = hs.fails();
    Map<String, List<String>> startFailed = hs.startFailed();
    Map<String, List<String>> hardErrors = hs.hardErrors();
    Map<String, String> migratedFrom = hs.migratedFrom();
    hs.read().addAll(which);
    for (NodeState s : cib.status()) {
      NodeStatus n = nodes.get(s.uname());
      if (n == null || !which.contains(s.uname())) {
        continue;
      }
      readFailCounts(s, fails);
      // Pacemaker ignores the history of a node that is cleanly down: nothing runs there (unless
      // the node is in maintenance: what ran there is left as it was).
      if (!n.online() && !n.unclean() && !n.maintenance()) {
        continue;
      }
      for (LrmResource lr : s.lrmResources()) {
        // Pacemaker's process_rsc_state: on a node that is already unclean when this history is
        // read (lost, or fenced for an earlier resource's failure), a failure is ignored: the
        // resource is just active there until the fencing, not failed.
        boolean alreadyUnclean = n.unclean();
        HistoryResult h = history(lr, n.name());
        if (alreadyUnclean) {
          h.failed = false;
          h.stopFailed = false;
          h.blocked = false;
          h.fenceNode = false;
        }
        if (h.hardError) {
          hardErrors
              .computeIfAbsent(HistoryIds.baseId(lr.id()), k -> new ArrayList<>())
              .add(n.name());
        }
        if (h.fatalError) {
          for (NodeStatus other : nodes.values()) {
            hardErrors
                .computeIfAbsent(HistoryIds.baseId(lr.id()), k -> new ArrayList<>())
                .add(other.name());
          }
        }
        if (h.stopResource) {
          stoppedByFailure.add(HistoryIds.baseId(lr.id()));
        }
        if (h.failureIgnored) {
          failureIgnored.add(HistoryIds.baseId(lr.id()));
        }
        if (h.startFailed) {
          startFailed
              .computeIfAbsent(HistoryIds.baseId(lr.id()), k -> new ArrayList<>())
              .add(n.name());
        }
        if (h.fenceNode && stonith && !n.unclean()) {
          n =
              new NodeStatus(
                  n.name(),
                  n.online(),
                  true,
                  lr.id() + " failed there",
                  n.standby(),
                  n.maintenance(),
                  n.shutdown(),
                  n.attributes());
          nodes.put(n.name(), n);
        }
        if (h.migratedFrom != null) {
          migratedFrom.put(lr.id() + "\0" + n.name(), h.migratedFrom);
        }
        if (h.role != Role.STOPPED) {
          active
              .computeIfAbsent(lr.id(), k -> new ArrayList<>())
              .add(
                  new ActiveInstance(
                      lr.id(), n.name(), h.role, h.failed, h.stopFailed, h.blocked, h.demote, lr));
        }
      }
    }
  }

  /**
   * A completed migration whose source has not been stopped yet (a "dangling" migration): the
   * resource runs on the target, the source copy only needs its stop. Listing the target first
   * makes it the current node; the source stays as an extra copy that is stopped silently.
   */
  private static void putMigrationTargetFirst(
      List<ActiveInstance> list, Map<String, String> migratedFrom) {
    for (int i = 1; i < list.size(); i++) {
      ActiveInstance a = list.get(i);
      String source = migratedFrom.get(a.historyId() + "\0" + a.node());
      if (source != null && source.equals(list.get(0).node())) {
        list.remove(i);
        list.add(0, a);
        return;
      }
    }
  }

  /** A Pacemaker Remote node (type="remote"), which startup fencing leaves alone. */
  private static boolean isRemote(Node n) {
    return "remote".equals(n.type());
  }

  private NodeStatus nodeStatus(Node n, NodeState s, boolean stonith) {
    Map<String, String> attrs = new HashMap<>();
    attrs.put("#uname", n.uname());
    attrs.put("#id", n.id());
    attrs.put("#kind", "cluster");
    attrs.put("#is_dc", Boolean.toString(n.id() != null && n.id().equals(cib.dcUuid())));
    // Pacemaker's unpack_nodes: the sets by precedence (score, then document order), each only
    // while its rule holds at "now" (no node attributes are known to that rule); the first set
    // that names an attribute wins. Transient attributes override them below.
    RuleEvaluator rules = null;
    for (NvSet set : NvSet.byPrecedence(n.instanceAttributes())) {
      if (set.rule() != null) {
        rules = rules == null ? new RuleEvaluator(now) : rules;
        if (!rules.matches(set.rule(), Map.of())) {
          continue;
        }
      }
      for (NvPair p : set.nvpairs()) {
        attrs.putIfAbsent(p.name(), p.value());
      }
    }
    boolean online = false;
    boolean unclean = false;
    String reason = null;
    if (s != null) {
      for (NvSet set : s.transientAttributes()) {
        for (NvPair p : set.nvpairs()) {
          if (p.value() != null) {
            attrs.put(p.name(), p.value());
          }
        }
      }
      // Pacemaker 2.1.5's determine_online_status_fencing / _no_fencing, rule for rule.
      boolean inCluster = truthy(s.inCcm());
      boolean crmdOnline = "online".equalsIgnoreCase(s.crmd());
      String join = s.join();
      String expected = s.expected() == null ? "down" : s.expected();
      String shutdownNow = s.otherAttributes().getOrDefault("shutdown", attrs.get("shutdown"));
      boolean shuttingDown = shutdownNow != null && truthy(shutdownNow);
      String terminateAttr = attrs.get("terminate");
      boolean terminate =
          terminateAttr != null
              && (truthy(terminateAttr)
                  || (!terminateAttr.isEmpty()
                      && terminateAttr.charAt(0) != '0'
                      && Character.isDigit(terminateAttr.charAt(0))));
      if (!stonith) {
        // Without fencing nothing is unclean here: a node is a joined member or it is down
        // (Pacemaker calls a member whose controller vanished "unexpectedly down", yet with
        // fencing disabled it recovers its resources elsewhere all the same).
        online = inCluster && crmdOnline && "member".equalsIgnoreCase(join);
      } else if (shuttingDown) {
        online = crmdOnline && inCluster && "member".equalsIgnoreCase(join);
      } else if (s.inCcm() == null) {
        unclean = true;
        reason = "peer has not been seen by the cluster";
      } else if ("nack".equalsIgnoreCase(join)) {
        unclean = true;
        reason = "peer failed Pacemaker membership criteria";
      } else if (!terminate && expected.equalsIgnoreCase("down")) {
        online = false; // down, still coming up, or not ready to run resources (pending)
      } else if (terminate && "down".equalsIgnoreCase(join) && !inCluster && !crmdOnline) {
        online = false; // was just shot
      } else if (!inCluster) {
        unclean = true;
        reason = "peer is no longer part of the cluster";
      } else if (!crmdOnline) {
        unclean = true;
        reason = "peer process is no longer available";
      } else if (terminate) {
        unclean = true;
        reason = "termination was requested";
      } else if ("member".equalsIgnoreCase(join)) {
        online = true;
      } else if ("pending".equalsIgnoreCase(join) || "down".equalsIgnoreCase(join)) {
        online = false; // not ready to run resources
      } else {
        unclean = true;
        reason = "peer was in an unknown state";
      }
    }
    boolean standby =
        Optional.ofNullable(attrs.get("standby")).map(StatusUnpacker::truthy).orElse(false);
    boolean maint =
        Optional.ofNullable(attrs.get("maintenance")).map(StatusUnpacker::truthy).orElse(false);
    String shutdownAttr =
        s == null ? null : s.otherAttributes().getOrDefault("shutdown", attrs.get("shutdown"));
    boolean shutdown = shutdownAttr != null && truthy(shutdownAttr);
    return new NodeStatus(
        n.uname(), online, unclean, reason, standby, maint, shutdown, Map.copyOf(attrs));
  }

  private void readFailCounts(NodeState s, Map<String, Map<String, Integer>> fails) {
    Map<String, Long> lastFailure = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (NvSet set : s.transientAttributes()) {
      for (NvPair p : set.nvpairs()) {
        if (p.value() == null) {
          continue;
        }
        if (p.name().startsWith("fail-count-")) {
          String rsc = stripOp(p.name().substring("fail-count-".length()));
          int v = parseCount(p.value());
          counts.merge(HistoryIds.baseId(rsc), v, StatusUnpacker::saturatingAdd);
        } else if (p.name().startsWith("last-failure-")) {
          String rsc = HistoryIds.baseId(stripOp(p.name().substring("last-failure-".length())));
          try {
            lastFailure.merge(rsc, Long.parseLong(p.value()), Math::max);
          } catch (NumberFormatException ex) {
            // A malformed timestamp cannot expire anything; keep the count.
          }
        }
      }
    }
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      Primitive p = primitives.get(e.getKey());
      long timeout = failureTimeoutSeconds(p);
      Long last = lastFailure.get(e.getKey());
      if (timeout > 0 && last != null && now >= last + timeout) {
        continue; // expired: Pacemaker ignores fail counts older than failure-timeout
      }
      if (e.getValue() > 0) {
        fails.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(s.uname(), e.getValue());
      }
    }
  }

  private long failureTimeoutSeconds(Primitive p) {
    if (p == null) {
      return 0;
    }
    Optional<String> v = metaOf(p, "failure-timeout");
    if (v.isEmpty()) {
      return 0;
    }
    try {
      return IntervalSpec.toMs(v.get()) / 1000;
    } catch (RuntimeException ex) {
      return 0;
    }
  }

  /** A primitive's meta attribute, inherited from its parents and rsc_defaults. */
  Optional<String> metaOf(Primitive p, String name) {
    return meta.meta(p, name);
  }

  private static String stripOp(String s) {
    int hash = s.indexOf('#');
    return hash >= 0 ? s.substring(0, hash) : s;
  }

  private static int parseCount(String v) {
    String t = v.trim();
    if (t.equalsIgnoreCase("INFINITY") || t.equalsIgnoreCase("+INFINITY")) {
      return 1_000_000;
    }
    try {
      return (int) Math.min(1_000_000, Math.max(0, Long.parseLong(t)));
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  private static int saturatingAdd(int a, int b) {
    return (int) Math.min(1_000_000L, (long) a + b);
  }

  /** What one history says; one instance is reused for every history (640,000 in a big CIB). */
  private static final class HistoryResult {
    Role role;

    /** The migration source when the last successful action was a migrate_from, else null. */
    String migratedFrom;

    boolean failed;

    /** A promoted-role failure with on-fail=demote: demote, do not recover. */
    boolean demote;

    boolean stopFailed;
    boolean startFailed;
    boolean fenceNode;
    boolean blocked;
    boolean hardError;
    boolean fatalError;

    /** A failure with on-fail=stop: the resource stays stopped until its failure is cleared. */
    boolean stopResource;

    /** A failure that on-fail=ignore pretended succeeded (Pacemaker's pe_rsc_failure_ignored). */
    boolean failureIgnored;

    HistoryResult reset() {
      role = Role.STOPPED;
      migratedFrom = null;
      failed = false;
      demote = false;
      stopFailed = false;
      startFailed = false;
      fenceNode = false;
      blocked = false;
      hardError = false;
      fatalError = false;
      stopResource = false;
      failureIgnored = false;
      return this;
    }
  }

  private final HistoryResult scratch = new HistoryResult();

  private HistoryResult history(LrmResource lr, String node) {
    List<LrmRscOp> ops = lr.ops();
    // Pending operations (call id -1) happened last; otherwise the call id gives the order.
    if (ops.size() > 1) {
      ops = new ArrayList<>(ops);
      ops.sort(
          Comparator.comparingLong(
              o -> o.callId() == null || o.callId() < 0 ? Long.MAX_VALUE : o.callId()));
    }
    HistoryResult h = scratch.reset();
    // Looked up only on a failure: a lookup per history entry was a fifth of the whole schedule of
    // 64 nodes x 10,000 resources (640,000 entries, memory-bound).
    Primitive p = null;
    for (int i = 0; i < ops.size(); i++) {
      LrmRscOp op = ops.get(i);
      String task = op.operation() == null ? "" : op.operation();
      int rc = op.rcCode() == null ? 0 : op.rcCode();
      // OCF 1.1's degraded results count as their healthy counterparts (Pacemaker remaps them).
      rc = OcfExitCode.healthy(rc);
      int status = op.opStatus() == null ? 0 : op.opStatus();
      boolean pending = (op.callId() != null && op.callId() < 0) || status == EXEC_PENDING;
      boolean probe = task.equals("monitor") && op.intervalMs() == 0;
      if (pending) {
        switch (task) {
          // A pending migrate_from does not make the target active yet: 2.1.5 shows the
          // resource as migrating on the source and plans the whole migration again.
          case "start" -> h.role = Role.STARTED;
          case "promote" -> h.role = Role.PROMOTED;
          case "demote" -> h.role = Role.UNPROMOTED;
          default -> {}
        }
        continue;
      }
      if (status == EXEC_CANCELLED) {
        continue; // says nothing about the role
      }
      if (status == EXEC_ERROR) {
        // Pacemaker re-derives the outcome of an "error" from the rc the action expected.
        status = EXEC_DONE;
      }
      boolean expectedOk;
      if (status != EXEC_DONE) {
        expectedOk = false;
      } else if (probe) {
        expectedOk = rc == RC_OK || rc == RC_NOT_RUNNING || rc == RC_PROMOTED;
      } else if (task.equals("monitor")) {
        // A monitor of the Stopped role expects "not running": finding it running is a failure
        // (it is active where it should not be).
        expectedOk =
            (rc == RC_OK || rc == RC_PROMOTED)
                && !(rc == RC_OK && Integer.valueOf(RC_NOT_RUNNING).equals(op.targetRc()));
      } else {
        expectedOk = rc == RC_OK;
      }
      if (!expectedOk && status == EXEC_DONE) {
        // The rc the action expected counts as success too; read from the transition key only
        // when it can change the outcome (it is parsed, and most entries succeed plainly).
        Integer target = op.targetRc();
        expectedOk = target != null && rc == target;
      }
      if (expectedOk) {
        if (!task.equals("monitor")) {
          h.migratedFrom = null;
        }
        switch (task) {
          case "start", "migrate_from" -> {
            h.role = Role.STARTED;
            h.failed = false;
            h.demote = false;
            if (task.equals("migrate_from")) {
              h.migratedFrom = op.otherAttributes().get("migrate_source");
            }
          }
          case "stop" -> {
            h.role = Role.STOPPED;
            h.failed = false;
            h.demote = false;
            h.stopFailed = false;
          }
          case "promote" -> {
            h.role = Role.PROMOTED;
            h.failed = false;
            h.demote = false;
          }
          case "demote" -> {
            h.role = Role.UNPROMOTED;
            h.failed = false;
            h.demote = false;
          }
          case "migrate_to" -> h.role = Role.STARTED;
          case "monitor" -> {
            if (rc == RC_NOT_RUNNING) {
              h.role = Role.STOPPED;
              h.failed = false;
              h.demote = false;
            } else if (rc == RC_PROMOTED) {
              h.role = Role.PROMOTED;
            } else if (h.role == Role.STOPPED || h.role == Role.PROMOTED && probe) {
              h.role = Role.STARTED;
            }
          }
          default -> {}
        }
        continue;
      }
      // A failure. Hard errors ban the node; "not configured" bans every node (Pacemaker). The
      // execution status says so too: hard error, agent not installed, no fence device or
      // secrets (hard), fatal error.
      // Pacemaker's remap: rc 2, 4, 5 (and 3 of a non-recurring action) are hard errors, rc 6 a
      // fatal one. A failure that on-fail=ignore pretends succeeded bans nothing, except an agent
      // that is not installed at all, which cannot be ignored (it is recovered elsewhere).
      boolean notInstalled = status == EXEC_NOT_INSTALLED;
      boolean hard =
          rc == RC_INVALID_PARAM
              || rc == RC_INSUFFICIENT_PRIV
              || rc == RC_NOT_INSTALLED
              || (rc == RC_UNIMPLEMENTED && op.intervalMs() == 0)
              || status == EXEC_ERROR_HARD
              || notInstalled
              || status == EXEC_NO_FENCE_DEVICE
              || status == EXEC_NO_SECRETS;
      boolean fatal = !hard && (rc == RC_NOT_CONFIGURED || status == EXEC_ERROR_FATAL);
      if (probe && rc == RC_NOT_INSTALLED) {
        h.hardError = true;
        h.role = Role.STOPPED;
        continue;
      }
      if (p == null) {
        p = primitives.get(HistoryIds.baseId(lr.id()));
      }
      String onFail = onFail(p, task, op.intervalMs());
      if (notInstalled && "ignore".equals(onFail)) {
        onFail = null; // "Cannot ignore failed ... Resource agent doesn't exist"
      }
      if (!"ignore".equals(onFail)) {
        h.hardError |= hard;
        h.fatalError |= fatal;
      }
      if ("demote".equals(onFail)
          && h.role == Role.PROMOTED
          && (task.equals("monitor") || task.equals("promote"))) {
        // on-fail=demote (Pacemaker 2.0.5): the instance is demoted, not recovered; it may be
        // promoted again ("Re-promote") if it is still the best candidate.
        h.demote = true;
        continue;
      }
      if ("stop".equals(onFail)) {
        // Pacemaker sets the resource's next role to Stopped; a later successful stop does not
        // clear that (only a cleanup of the failure does).
        h.stopResource = true;
      }
      if ("ignore".equals(onFail)) {
        h.failureIgnored = true;
        if (h.role == Role.STOPPED && !task.equals("stop")) {
          h.role = Role.STARTED;
        }
        continue;
      }
      switch (task) {
        case "stop" -> {
          h.role = h.role == Role.STOPPED ? Role.STARTED : h.role;
          h.failed = true;
          h.stopFailed = true;
          if (onFail == null || "fence".equals(onFail)) {
            h.fenceNode = true;
          }
        }
        case "start" -> {
          h.role = Role.STARTED;
          h.failed = true;
          h.startFailed = true;
        }
        case "promote" -> {
          h.role = Role.PROMOTED;
          h.failed = true;
        }
        case "demote" -> {
          // 2.1.5 takes a failed demote as having left the instance unpromoted
          h.role = Role.UNPROMOTED;
          h.failed = true;
        }
        case "monitor" -> {
          if (rc == RC_FAILED_PROMOTED) {
            h.role = Role.PROMOTED;
          } else if (h.role == Role.STOPPED) {
            h.role = Role.STARTED;
          }
          h.failed = true;
        }
        default -> {
          if (h.role == Role.STOPPED) {
            h.role = Role.STARTED;
          }
          h.failed = true;
        }
      }
      if ("fence".equals(onFail)) {
        h.fenceNode = true;
      }
      // on-fail=block freezes a resource whose stop failed; a failed recurring monitor with
      // on-fail=block is still subject to migration-threshold (2.1.5 stops such a clone copy).
      boolean monitorBlock =
          "block".equals(onFail)
              && task.equals("monitor")
              && !probe
              && failCountReached(lr.id(), node, p);
      if (("block".equals(onFail) && !monitorBlock)
          || (task.equals("stop") && "fence".equals(onFail) && !stonith)) {
        h.blocked = true;
      }
    }
    return h;
  }

  private boolean failCountReached(String historyId, String node, Primitive p) {
    if (p == null) {
      return false;
    }
    Optional<NodeState> ns = cib.nodeState(node);
    if (ns.isEmpty()) {
      return false;
    }
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    readFailCounts(ns.get(), counts);
    int count = counts.getOrDefault(HistoryIds.baseId(historyId), Map.of()).getOrDefault(node, 0);
    int threshold = ResourceExpander.intOf(meta.meta(p, "migration-threshold"), 1_000_000);
    return threshold > 0 && count >= threshold;
  }

  private String onFail(Primitive p, String task, long intervalMs) {
    if (p == null) {
      return null;
    }
    for (Op o : p.operations()) {
      if (task.equals(o.name()) && o.intervalMs() == intervalMs && o.onFail() != null) {
        return o.onFail();
      }
    }
    if (task.equals("stop")) {
      return stonith ? "fence" : "block";
    }
    return null;
  }
}
