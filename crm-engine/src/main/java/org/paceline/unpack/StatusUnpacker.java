package org.paceline.unpack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.HistoryIds;
import org.paceline.cib.LrmResource;
import org.paceline.cib.NaturalOrder;
import org.paceline.cib.NoQuorumPolicy;
import org.paceline.cib.Node;
import org.paceline.cib.NodeState;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;

/**
 * Reads the status section as Pacemaker 2.1.5's unpack does: node membership, resource roles from
 * the operation history (ordered by call id), failures and fail counts.
 */
public final class StatusUnpacker {

  private final Cib cib;
  private final boolean stonith;
  private final java.util.Set<String> stoppedByFailure = new java.util.TreeSet<>();
  private final java.util.Set<String> failureIgnored = new java.util.TreeSet<>();
  private final Map<String, PartialMigration> partialMigrations = new HashMap<>();
  private final Map<String, java.util.Set<String>> containerRestarts = new java.util.TreeMap<>();
  private final Map<String, String> containers;

  /**
   * Guest nodes whose history is read even while they are offline: their connection and container
   * are both active, or fencing is enabled (unpack_node_history's last pass reads every node left).
   */
  private final java.util.Set<String> guestsUp = new java.util.HashSet<>();

  /** Guest nodes that are down while a managed resource is active there: they are fenced. */
  private final java.util.Set<String> guestsDown = new java.util.HashSet<>();

  // The unpack's parts: node online status, fail counts, and what one resource history says.
  private final NodeUnpacker nodeUnpacker;
  private final FailCounts failCounts;
  private final HistoryUnpacker histories;
  private final MetaLookup meta;
  private final Map<String, Primitive> primitives;

  StatusUnpacker(Cib cib, long nowEpochSeconds) {
    this.cib = cib;
    MetaLookup meta = new MetaLookup(cib.configuration(), nowEpochSeconds);
    this.stonith = ClusterOption.STONITH_ENABLED.enabled(cib.configuration());
    Map<String, Primitive> primitives = cib.configuration().primitivesById();
    this.nodeUnpacker = new NodeUnpacker(cib, nowEpochSeconds);
    this.failCounts = new FailCounts(primitives, meta, nowEpochSeconds);
    this.histories = new HistoryUnpacker(cib, primitives, meta, stonith, failCounts);
    this.meta = meta;
    this.primitives = primitives;
    this.containers = Containers.fillers(cib.configuration(), meta);
  }

  /**
   * Whether a status value counts as true: {@code in_ccm}, {@code shutdown} and {@code terminate}
   * may hold a timestamp, so a non-zero number is true too. Cluster options are read through {@link
   * ClusterOption}, meta attributes and node attributes through {@link CibBooleans#isTrue}.
   */
  public static boolean truthy(String s) {
    if (s == null) {
      return false;
    }
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      return !s.equals("0");
    }
    return CibBooleans.valid(s) && CibBooleans.parse(s);
  }

  ClusterStatus unpack() {
    boolean stonith = ClusterOption.STONITH_ENABLED.enabled(cib.configuration());
    boolean quorum = cib.haveQuorum() == null || cib.haveQuorum();
    // startup-fencing (default true): with fencing enabled, a cluster node never seen in the
    // status section is unclean until fenced, as Pacemaker's handle_startup_fencing has it.
    boolean unseenUnclean = stonith && ClusterOption.STARTUP_FENCING.enabled(cib.configuration());
    Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    for (Node n : cib.configuration().nodes()) {
      NodeState s = cib.nodeState(n.uname()).orElse(null);
      NodeStatus st = nodeUnpacker.nodeStatus(n, s, stonith);
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
        st = st.withOnline(false).withFencing(true, "node is unclean");
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
          && ClusterOption.noQuorumPolicy(cib.configuration()) == NoQuorumPolicy.SUICIDE) {
        st = st.withFencing(true, "cluster does not have quorum");
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
    readHistories(clusterNodes, nodes, hs, stonith, true);
    // Pacemaker Remote nodes: online while their connection runs; their history is read then.
    addRemoteNodes(nodes, active, connections, startFailed, stonith);
    // unpack_node_history reads a guest's history only once its container is known to run, and a
    // container may run on a Pacemaker Remote node: the remote nodes' histories come first.
    java.util.Set<String> remoteOnly = new java.util.HashSet<>(nodes.keySet());
    remoteOnly.removeAll(hs.read());
    remoteOnly.removeAll(GuestNodes.containers(cib.configuration()).keySet());
    readHistories(remoteOnly, nodes, hs, stonith, false);
    GuestNodes.containers(cib.configuration())
        .forEach(
            (guest, container) -> {
              if (stonith
                  || !active.getOrDefault(guest, List.of()).isEmpty()
                      && !active.getOrDefault(container, List.of()).isEmpty()) {
                guestsUp.add(guest);
              }
              // determine_remote_online_status: a guest whose container is stopped or failed, or
              // whose container's host is down and unclean, is down too.
              NodeStatus g = nodes.get(guest);
              boolean containerDown =
                  active.getOrDefault(container, List.of()).isEmpty()
                      || active.getOrDefault(container, List.of()).stream()
                          .anyMatch(
                              a ->
                                  a.failed()
                                      || nodes.get(a.node()) != null
                                          && nodes.get(a.node()).unclean()
                                          && !nodes.get(a.node()).online());
              if (g != null && g.online() && containerDown) {
                nodes.put(guest, g.withOnline(false));
              }
            });
    java.util.Set<String> remote = new java.util.HashSet<>(nodes.keySet());
    remote.removeAll(hs.read());
    readHistories(remote, nodes, hs, stonith, false);
    // pe_can_fence: fencing needs it enabled, a device, and quorum (or no-quorum-policy=ignore)
    // unless the node is online.
    boolean fenceOffline =
        stonith
            && cib.configuration()
                .allResources()
                .anyMatch(r -> r instanceof Primitive p && "stonith".equals(p.resourceClass()))
            && (quorum
                || ClusterOption.noQuorumPolicy(cib.configuration()) == NoQuorumPolicy.IGNORE);
    Map<String, String> guestFences = guestFences(nodes, active, fenceOffline);
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
        // Insertion-ordered and sorted copies, not Map.copyOf/Set.copyOf: those iterate in an order
        // salted per JVM, and the fence lines of guest nodes came out in a different order per run.
        java.util.Collections.unmodifiableMap(guestFences),
        java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(stoppedByFailure)),
        java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(failureIgnored)),
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(partialMigrations)),
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(containerRestarts)));
  }

  /**
   * Guest nodes whose container failed (or whose container's node is unclean): Pacemaker fences
   * them by recovering the container, and what ran on the guest is recovered there too (its
   * instances and the container's count as failed).
   */
  private Map<String, String> guestFences(
      Map<String, NodeStatus> nodes,
      Map<String, List<ActiveInstance>> active,
      boolean fenceOffline) {
    // Newest first, as the summary lists them: Pacemaker creates the guests' fencing in node name
    // order and prepends each action to its list.
    java.util.Comparator<String> natural = NaturalOrder::compare;
    java.util.Comparator<String> byName =
        natural.thenComparing(java.util.Comparator.naturalOrder());
    Map<String, String> out = new java.util.TreeMap<>(byName.reversed());
    for (Map.Entry<String, String> g : GuestNodes.containers(cib.configuration()).entrySet()) {
      String guest = g.getKey();
      if (!nodes.containsKey(guest)) {
        continue;
      }
      // pe_fence_node marks the container failed when the container failed itself or a resource
      // is active on the down guest; a guest whose host is unclean is fenced too
      // (determine_remote_online_status), but its container merely moves.
      boolean containerFailed = guestsDown.contains(guest);
      boolean hostUnclean = false;
      // pe_can_fence: a guest is fenced by stopping its container, which needs each of the
      // container's hosts online or fenceable itself.
      boolean fenceable = true;
      for (ActiveInstance a : active.getOrDefault(g.getValue(), List.of())) {
        NodeStatus host = nodes.get(a.node());
        containerFailed |= a.failed();
        hostUnclean |= host != null && host.unclean();
        fenceable &= host == null || host.online() || fenceOffline;
      }
      if (!containerFailed && !hostUnclean || !fenceable) {
        continue;
      }
      out.put(guest, g.getValue());
      String container = containerFailed ? g.getValue() : null;
      // pe_fence_node fences a guest by marking its container failed: the container is recovered
      // (a Recover, also when it moves off an unclean host).
      for (List<ActiveInstance> list : active.values()) {
        list.replaceAll(
            a ->
                (a.node().equals(guest) || HistoryIds.baseId(a.historyId()).equals(container))
                        && !a.failed()
                    ? new ActiveInstance(
                        a.historyId(),
                        a.node(),
                        a.role(),
                        true,
                        a.stopFailed(),
                        a.blocked(),
                        a.demote(),
                        a.history(),
                        a.expiredFailures())
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
    out.addAll(orphanedConnections());
    return out;
  }

  /**
   * Connections found only in the status section (ocf:pacemaker:remote histories of no configured
   * resource): 2.1.5's create_fake_resource still makes a remote node of each, shutting down.
   */
  private java.util.Set<String> orphanedConnections;

  private java.util.Set<String> orphanedConnections() {
    // Asked twice per unpack; one scan of every history is enough.
    if (orphanedConnections == null) {
      orphanedConnections = scanOrphanedConnections();
    }
    return orphanedConnections;
  }

  private java.util.Set<String> scanOrphanedConnections() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    // A bundle's replicas have implicit connections (BUNDLE-N): not orphans.
    List<String> bundles =
        cib.configuration().resources().stream()
            .filter(r -> r instanceof org.paceline.cib.OtherResource)
            .map(r -> r.id() + "-")
            .toList();
    for (NodeState s : cib.status()) {
      for (LrmResource lr : s.lrmResources()) {
        if ("remote".equalsIgnoreCase(lr.type())
            && "pacemaker".equalsIgnoreCase(lr.provider())
            && "ocf".equalsIgnoreCase(lr.resourceClass())
            && !primitives.containsKey(lr.id())
            && bundles.stream().noneMatch(lr.id()::startsWith)) {
          out.add(lr.id());
        }
      }
    }
    return out;
  }

  /** Whether a primitive is a Pacemaker Remote connection ({@code ocf:pacemaker:remote}). */
  public static boolean isRemoteConnection(Primitive p) {
    return "ocf".equalsIgnoreCase(p.resourceClass())
        && "pacemaker".equalsIgnoreCase(p.provider())
        && "remote".equalsIgnoreCase(p.type());
  }

  /**
   * A Pacemaker Remote connection's {@code reconnect_interval} (an agent parameter, read without
   * rules as Pacemaker does), if it has one.
   */
  public static java.util.Optional<String> reconnectInterval(Primitive p) {
    return p != null && StatusUnpacker.isRemoteConnection(p)
        ? p.param("reconnect_interval")
        : java.util.Optional.empty();
  }

  /** Whether a remote connection has a non-zero reconnect_interval. */
  public static boolean reconnects(Primitive p) {
    try {
      return reconnectInterval(p).map(org.paceline.cib.IntervalSpec::toMs).orElse(0L) > 0;
    } catch (IllegalArgumentException e) {
      return false; // crm_parse_interval_spec reads a bad value as 0: no reconnect delay
    }
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
    java.util.Set<String> orphaned = orphanedConnections();
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
      NodeStatus base = nodeUnpacker.nodeStatus(configured, state, false);
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
              // An orphaned connection's node shuts down; so does one that asks to (its
              // shutdown attribute, read with its history: unpack_handle_remote_attrs).
              orphaned.contains(id) || state != null && base.shutdown(),
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
      java.util.Set<String> read,
      java.util.Set<String> assumed) {
    Histories(
        Map<String, List<ActiveInstance>> active,
        Map<String, Map<String, Integer>> fails,
        Map<String, List<String>> startFailed,
        Map<String, List<String>> hardErrors,
        Map<String, String> migratedFrom) {
      this(
          active,
          fails,
          startFailed,
          hardErrors,
          migratedFrom,
          new java.util.HashSet<>(),
          new java.util.HashSet<>());
    }
  }

  /** Reads the histories of the nodes named in {@code which}. */
  private void readHistories(
      java.util.Set<String> which,
      Map<String, NodeStatus> nodes,
      Histories hs,
      boolean stonith,
      boolean clusterNodes) {
    Map<String, List<ActiveInstance>> active = hs.active();
    Map<String, Map<String, Integer>> fails = hs.fails();
    Map<String, List<String>> startFailed = hs.startFailed();
    Map<String, List<String>> hardErrors = hs.hardErrors();
    Map<String, String> migratedFrom = hs.migratedFrom();
    hs.read().addAll(which);
    MigrationHistory migrations = new MigrationHistory(cib.status());
    java.util.function.Predicate<String> online =
        node -> nodes.get(node) != null && nodes.get(node).online();
    for (NodeState s : cib.status()) {
      NodeStatus n = nodes.get(s.uname());
      if (n == null || !which.contains(s.uname())) {
        continue;
      }
      failCounts.read(s, fails);
      // Pacemaker ignores the history of a node that is cleanly down (unless the node is in
      // maintenance: what ran there is left as it was), except a cluster node's when fencing is
      // enabled (2.1.5's unpack_node_history): a resource still thought active there gets the node
      // fenced before it starts elsewhere.
      // In its last pass (with fencing enabled) 2.1.5 reads the remaining nodes' histories too:
      // those of remote nodes whose connection is not started. A guest node's history is read even
      // while it is offline when its connection and container are active or fencing is enabled
      // (unpack_node_history): what runs there is recovered with the guest.
      boolean guestUp = guestsUp.contains(s.uname());
      boolean readOffline =
          stonith && (clusterNodes || !"container".equals(n.attributes().get("#kind"))) || guestUp;
      if (!n.online() && !n.unclean() && !n.maintenance() && !readOffline) {
        continue;
      }
      for (LrmResource lr : s.lrmResources()) {
        // Pacemaker's process_rsc_state: on a node that is already unclean when this history is
        // read (lost, or fenced for an earlier resource's failure), a failure is ignored: the
        // resource is just active there until the fencing, not failed.
        boolean alreadyUnclean = n.unclean();
        HistoryResult h = histories.history(lr, n.name());
        if (alreadyUnclean) {
          h.failed = false;
          h.stopFailed = false;
          h.blocked = false;
          h.fenceNode = false;
          h.restartContainer = false;
        }
        String container = containers.get(HistoryIds.baseId(lr.id()));
        if (h.restartContainer && container != null) {
          containerRestarts
              .computeIfAbsent(container, k -> new java.util.TreeSet<>())
              .add(n.name());
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
          n = n.withFencing(true, lr.id() + " failed there");
          nodes.put(n.name(), n);
        }
        if (!n.online()
            && !n.unclean()
            && !n.maintenance()
            && h.role != Role.STOPPED
            && managed(lr)) {
          // process_rsc_state: a managed resource believed active on a node that is down. A
          // guest node is fenced by recovering its container (pe_fence_node), not made unclean. A
          // remote node whose connection has not failed is fenced only if the connection cannot
          // start elsewhere ("unseen": Placement revokes it otherwise).
          if (guestUp) {
            guestsDown.add(n.name());
          } else {
            boolean unseen =
                n.remote()
                    && active.getOrDefault(n.name(), List.of()).stream()
                        .noneMatch(ActiveInstance::failed);
            n =
                unclean(
                    n,
                    HistoryIds.baseId(lr.id())
                        + (unseen ? NodeStatus.REVOCABLE_FENCE : " is thought to be active there"));
            nodes.put(n.name(), n);
          }
        }
        if (!n.online() && !n.unclean() && !n.maintenance() && !guestUp) {
          continue; // nothing thought active here
        }
        if (h.migratedFrom != null) {
          migratedFrom.put(lr.id() + "\0" + n.name(), h.migratedFrom);
        }
        MigrationHistory.Outcome m = migrations.read(lr, n.name(), online);
        if (m.sourceFailed()) {
          h.failed = true;
        }
        if (m.partial() != null) {
          partialMigrations.put(lr.id(), m.partial());
        }
        for (String target : m.alsoActiveOn()) {
          // Active on the target too, ahead of the source as Pacemaker lists it; the target's own
          // history replaces this entry in place when it says more.
          List<ActiveInstance> list = active.computeIfAbsent(lr.id(), k -> new ArrayList<>());
          if (list.stream().noneMatch(a -> a.node().equals(target))) {
            list.add(
                new ActiveInstance(
                    lr.id(),
                    target,
                    // rsc->role is one value for all nodes: a stop on the source after the failed
                    // migrate_to leaves the copy on the target in role Stopped.
                    h.role == Role.STOPPED && m.afterFailure().contains(target)
                        ? Role.STOPPED
                        : Role.STARTED,
                    false,
                    false,
                    false,
                    false,
                    migrations.historyOn(lr.id(), target, lr)));
            hs.assumed().add(lr.id() + "\0" + target);
          }
        }
        if (h.role != Role.STOPPED) {
          ActiveInstance own =
              new ActiveInstance(
                  lr.id(),
                  n.name(),
                  h.role,
                  h.failed,
                  h.stopFailed,
                  h.blocked,
                  h.demote,
                  lr,
                  h.expiredRecurring);
          List<ActiveInstance> list = active.computeIfAbsent(lr.id(), k -> new ArrayList<>());
          int at = indexOf(list, n.name());
          if (at >= 0 && hs.assumed().remove(lr.id() + "\0" + n.name())) {
            list.set(at, own);
          } else {
            list.add(own);
          }
        }
      }
    }
  }

  /** Whether the resource of a history is managed (is-managed, maintenance, maintenance-mode). */
  private boolean managed(LrmResource lr) {
    Primitive p = primitives.get(HistoryIds.baseId(lr.id()));
    if (p == null || ClusterOption.MAINTENANCE_MODE.enabled(cib.configuration())) {
      return false;
    }
    return meta.meta(p, "is-managed").map(CibBooleans::isTrue).orElse(true)
        && !meta.meta(p, "maintenance").map(CibBooleans::isTrue).orElse(false);
  }

  private static NodeStatus unclean(NodeStatus n, String reason) {
    return n.withFencing(true, reason);
  }

  private static int indexOf(List<ActiveInstance> list, String node) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).node().equals(node)) {
        return i;
      }
    }
    return -1;
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
}
