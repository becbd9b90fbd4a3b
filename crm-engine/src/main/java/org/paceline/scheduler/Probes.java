package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.Cib;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NodeState;
import org.paceline.cib.Role;
import org.paceline.unpack.BundleExpansion;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.GuestNodes;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.StatusUnpacker;

/** The probes of a transition: what each online node's history does not know yet. */
final class Probes {
  private Probes() {}

  /**
   * Probes: every primitive on every online node whose history does not mention it, managed or not,
   * except a resource inside a container (pcmk__probe_rsc_on_node).
   */
  static void plan(ResourceExpander ex, Cib cib, ClusterStatus status, List<Action> actions) {
    plan(ex, cib, status, n -> n.online(), actions);
  }

  /**
   * The probes of a transition, on the online nodes and on the remote nodes that come up in it
   * (their connection starts: Pacemaker probes them through it, remote_connection_assigned).
   */
  static void planWithStartingRemotes(
      ResourceExpander ex, Cib cib, ClusterStatus status, List<Action> actions) {
    Set<String> comingUp = RemoteConnectionFencing.comingUp(ex, status);
    plan(ex, cib, status, n -> n.online() || comingUp.contains(n.name()), actions);
  }

  /**
   * The probes Pacemaker schedules on pending nodes (in the membership, not ready to run
   * resources): they cannot run, so they never reach the graph, but a resource that must wait for
   * one cannot start (pcmk__probe_rsc_on_node orders the start after it, runnable_left).
   */
  static List<Action> unrunnable(ResourceExpander ex, Cib cib, ClusterStatus status) {
    List<Action> out = new ArrayList<>();
    plan(ex, cib, status, NodeStatus::pending, out);
    return out;
  }

  /**
   * Blocks the starts that must wait for a probe that cannot run (on a pending node): the
   * resource's own start, or its clone's when cloned, as long as it is not active anywhere yet
   * (pcmk__probe_rsc_on_node then orders the start after the probe with runnable_left, so that an
   * active resource does not stop for it). The group members after a blocked one cannot start
   * either.
   */
  static void blockStartsBehindUnrunnable(ResourceExpander ex, Cib cib, ClusterStatus status) {
    if (status.nodes().stream().noneMatch(NodeStatus::pending)) {
      return; // no pending node, no probe that cannot run (and no second probe plan to pay for)
    }
    Set<String> unprobed = new HashSet<>();
    for (Action a : unrunnable(ex, cib, status)) {
      unprobed.add(a.resource());
    }
    if (unprobed.isEmpty()) {
      return;
    }
    for (TopLevelResource t : ex.tops) {
      if (t.clone) {
        boolean waits =
            t.primitives().stream().anyMatch(l -> unprobed.contains(probeId(t, l)))
                && t.primitives().stream().allMatch(l -> l.active.isEmpty());
        if (waits) {
          t.primitives().forEach(Probes::blockStart);
        }
        continue;
      }
      for (ResourceInstance u : t.instances) {
        boolean blocked = false;
        for (PrimitiveInstance l : u.primitives) {
          blocked |= unprobed.contains(probeId(t, l)) && l.active.isEmpty();
          if (blocked && l.active.isEmpty()) {
            blockStart(l);
          }
        }
      }
    }
  }

  private static String probeId(TopLevelResource t, PrimitiveInstance l) {
    return t.unique ? l.name : l.primitive.id();
  }

  private static void blockStart(PrimitiveInstance l) {
    if (l.instance.assigned != null && !l.blocked) {
      l.blocked = true;
      l.restartReason = ""; // crm_simulate gives no reason: "Start RSC ( NODE )  blocked"
      l.listBlockedStart = true;
    }
  }

  private static void plan(
      ResourceExpander ex,
      Cib cib,
      ClusterStatus status,
      java.util.function.Predicate<NodeStatus> probed,
      List<Action> actions) {
    // What each managed resource would probe (once per id), the same on every node: the probe's
    // id, and the two history ids that show it is known there (the id, or the primitive instance's
    // own name).
    List<String[]> candidates = new ArrayList<>();
    List<TopLevelResource> owners = new ArrayList<>();
    // The bundle holding each candidate (null when none), and the replica its instance belongs to
    // (-1: any, an anonymous clone's).
    List<String> heldBy = new ArrayList<>();
    List<Integer> replicaOf = new ArrayList<>();
    Map<String, int[]> byHistoryId = new HashMap<>();
    // Unmanaged resources are probed too (pcmk__probe_rsc_on_node checks no management).
    for (TopLevelResource t : ex.tops) {
      Set<String> seen = new HashSet<>();
      for (ResourceInstance u : t.instances) {
        for (PrimitiveInstance l : u.primitives) {
          String id = t.unique ? l.name : l.primitive.id();
          if (ex.fillers().containsKey(l.primitive.id())
              && !StatusUnpacker.isRemoteConnection(l.primitive)) {
            continue; // "resource is inside a container": its container is probed instead
          }
          if (seen.add(id)) {
            int c = candidates.size();
            candidates.add(new String[] {id, l.name, id + "_monitor_0"});
            owners.add(t);
            heldBy.add(BundleExpansion.holder(l.primitive));
            replicaOf.add(t.unique ? number(l.name.substring(l.name.lastIndexOf(':') + 1)) : -1);
            byHistoryId.merge(id, new int[] {c}, Probes::concat);
            if (!l.name.equals(id)) {
              byHistoryId.merge(l.name, new int[] {c}, Probes::concat);
            }
          }
        }
      }
    }
    // One pass over each node's history marks the candidates it knows; no per-node id sets.
    Map<String, List<NodeState>> histories = new HashMap<>();
    for (NodeState s : cib.status()) {
      histories.computeIfAbsent(s.uname(), k -> new ArrayList<>(1)).add(s);
    }
    // A bundle's guest nodes, with their bundle and replica number.
    Map<String, String> guestBundle = new HashMap<>();
    for (TopLevelResource t : ex.tops) {
      for (PrimitiveInstance l : t.primitives()) {
        String bundle = BundleExpansion.guestConnectionOf(l.primitive);
        if (bundle != null) {
          guestBundle.put(l.primitive.id(), bundle);
        }
      }
    }
    boolean[] known = new boolean[candidates.size()];
    // No probes of fencing devices or remote connections on a remote node (Pacemaker).
    boolean[] notOnRemote = new boolean[candidates.size()];
    // Nor of a guest node's container on a guest node (pe__resource_contains_guest_node).
    boolean[] notOnGuest = new boolean[candidates.size()];
    Map<String, String> guestContainers = new HashMap<>(GuestNodes.orphanedContainers(cib));
    guestContainers.putAll(GuestNodes.containers(cib.configuration()));
    Set<String> containers = new HashSet<>(guestContainers.values());
    for (TopLevelResource t : ex.tops) {
      for (PrimitiveInstance l : t.primitives()) {
        if (StatusUnpacker.isRemoteConnection(l.primitive)
            || "stonith".equals(l.primitive.resourceClass())) {
          for (String key : new String[] {l.name, l.primitive.id()}) {
            for (int c : byHistoryId.getOrDefault(key, new int[0])) {
              notOnRemote[c] = true;
            }
          }
        }
        if (containers.contains(l.primitive.id())) {
          for (String key : new String[] {l.name, l.primitive.id()}) {
            for (int c : byHistoryId.getOrDefault(key, new int[0])) {
              notOnGuest[c] = true;
            }
          }
        }
      }
    }
    for (NodeStatus n : status.nodes()) {
      if (!probed.test(n) || n.maintenance() || discoveryDisabled(n, status)) {
        continue; // a node in maintenance is not probed (Pacemaker)
      }
      String container = guestContainers.get(n.name());
      boolean guest = container != null && n.remote();
      if (guest && containerStopsOrIsStopped(ex, container)) {
        continue; // nothing can be active there, or the probe would die with the guest
      }
      Arrays.fill(known, false);
      for (NodeState s : histories.getOrDefault(n.name(), List.of())) {
        List<LrmResource> rs = s.lrmResources();
        for (int i = 0; i < rs.size(); i++) {
          if (!settlesRole(rs.get(i))) {
            continue;
          }
          String id = rs.get(i).id();
          int[] cs = byHistoryId.get(id);
          if (cs == null) {
            // An anonymous instance recorded under any instance number ("rsc:1").
            cs = byHistoryId.get(org.paceline.cib.HistoryIds.baseId(id));
          }
          if (cs != null) {
            for (int c : cs) {
              known[c] = true;
            }
          }
        }
      }
      boolean remote = n.remote();
      String bundle = guestBundle.get(n.name());
      int replica = bundle == null ? -1 : number(n.name().substring(bundle.length() + 1));
      for (int c = 0; c < known.length; c++) {
        if (!known[c]
            && !(remote && notOnRemote[c])
            && !(guest && notOnGuest[c])
            && bundleProbes(heldBy.get(c), replicaOf.get(c), bundle, replica)
            && discoverable(owners.get(c), n.name())) {
          String[] p = candidates.get(c);
          actions.add(new Action(p[2], p[0], ActionTask.MONITOR, 0, n.name(), true));
        }
      }
    }
  }

  /**
   * /** Whether a guest node's container is stopped, or will stop or move in this transition: then
   * pcmk__probe_rsc_on_node probes nothing on the guest ("node's guest is stopped", "node's guest
   * will stop", after guest_resource_will_stop), since whatever is found there goes away with it.
   */
  private static boolean containerStopsOrIsStopped(ResourceExpander ex, String container) {
    TopLevelResource t = ex.topOf.get(container);
    if (t == null) {
      return true; // an orphaned container (an orphaned guest's): it stops
    }
    for (PrimitiveInstance l : t.primitives()) {
      if (!l.primitive.id().equals(container)) {
        continue;
      }
      String assigned = l.instance.assigned;
      return l.active.isEmpty()
          || l.failed()
          || assigned == null
          || l.instance.nextRole == Role.STOPPED
          || l.active.stream().noneMatch(a -> assigned.equals(a.node()));
    }
    return false;
  }

  /**
   * Drops the probes of a bundle's guest connection that cannot run: pcmk__bundle_create_probe
   * orders such a probe after its container's start (pe_order_probe), so that the connection is
   * probed only once it is known where the container runs; with the container stopped and no start
   * of it runnable, the probe is unrunnable (a running container lets it run regardless).
   */
  static void dropBehindStoppedContainers(ResourceExpander ex, Cib cib, List<Action> actions) {
    Map<String, String> containers = org.paceline.unpack.GuestNodes.containers(cib.configuration());
    Set<String> starting = new HashSet<>();
    for (Action a : actions) {
      if (a.task() == ActionTask.START && a.node() != null && a.runnable()) {
        starting.add(a.resource());
      }
    }
    Set<String> unprobeable = new HashSet<>();
    for (TopLevelResource t : ex.tops) {
      for (PrimitiveInstance l : t.primitives()) {
        String container = containers.get(l.primitive.id());
        if (BundleExpansion.guestConnectionOf(l.primitive) == null || container == null) {
          continue;
        }
        TopLevelResource ct = ex.topOf.get(container);
        boolean running = ct != null && ct.primitives().stream().anyMatch(c -> !c.active.isEmpty());
        if (!running && !starting.contains(container)) {
          unprobeable.add(l.name);
        }
      }
    }
    if (!unprobeable.isEmpty()) {
      actions.removeIf(
          a ->
              a.task() == ActionTask.MONITOR
                  && a.intervalMs() == 0
                  && unprobeable.contains(a.resource()));
    }
  }

  /**
   * Whether a bundle lets the candidate be probed on the node: a bundle's guest node has discovery
   * disabled for everything (create_remote_resource: pcmk_probe_never, disallow_node), except the
   * bundle's own resource, which is probed on its replica's guest node and nowhere else
   * (pcmk__bundle_create_probe probes a replica's child on the replica's node only).
   */
  private static boolean bundleProbes(
      String heldBy, int replicaOf, String guestOf, int guestReplica) {
    if (guestOf == null) {
      return heldBy == null;
    }
    return guestOf.equals(heldBy)
        && (replicaOf < 0 || guestReplica < 0 || replicaOf == guestReplica);
  }

  /** A replica or instance number, or -1 when the text is none. */
  private static int number(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Whether a history makes its resource known on the node: Pacemaker marks it known only once the
   * history gives it a role (process_rsc_state skips the Unknown role), and a history without
   * operations, or with only pending ones other than a start or a promote (which set a role while
   * they run, unpack_rsc_op), leaves it Unknown, so the node is probed again.
   */
  private static boolean settlesRole(LrmResource r) {
    for (LrmRscOp op : r.ops()) {
      if (!op.pending() || "start".equals(op.operation()) || "promote".equals(op.operation())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the node's resource-discovery-enabled attribute turns its probes off: honoured on a
   * guest node, and on a remote node while fencing is enabled (it must be fenceable when what runs
   * there is unknown); a cluster node ignores it (unpack_handle_remote_attrs).
   */
  private static boolean discoveryDisabled(NodeStatus n, ClusterStatus status) {
    String enabled = n.attributes().get("resource-discovery-enabled");
    return enabled != null
        && !org.paceline.cib.CibBooleans.isTrue(enabled)
        && ("container".equals(n.attributes().get("#kind"))
            || "remote".equals(n.attributes().get("#kind")) && status.stonithEnabled());
  }

  /**
   * Whether resource-discovery allows probing a resource on the node: never where a constraint says
   * never, and only where one says exclusive once any does (pcmk__probe_rsc_on_node).
   */
  private static boolean discoverable(TopLevelResource t, String node) {
    TopLevelResource.Discovery mode =
        t.discovery.getOrDefault(node, TopLevelResource.Discovery.ALWAYS);
    return mode != TopLevelResource.Discovery.NEVER
        && (!t.exclusiveDiscover || mode == TopLevelResource.Discovery.EXCLUSIVE);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
