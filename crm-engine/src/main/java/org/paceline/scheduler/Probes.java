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
import org.paceline.cib.NodeState;
import org.paceline.cib.Role;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.GuestNodes;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.StatusUnpacker;

/** The probes of a transition: what each online node's history does not know yet. */
final class Probes {
  private Probes() {}

  /**
   * Probes: every primitive on every online node whose history does not mention it, managed or not,
   * except a resource inside a container (pcmk__probe_rsc_on_node). A remote or guest node whose
   * connection is placed to run counts as online (2.1.5's remote_connection_assigned), so a node
   * coming up is probed once its connection has started.
   */
  static void plan(ResourceExpander ex, Cib cib, ClusterStatus status, List<Action> actions) {
    plan(ex, cib, status, n -> n.online() || connectionComesUp(ex, n), actions);
  }

  /**
   * Whether a remote or guest node that is down now will be up after the transition: its connection
   * is assigned to a node, not to stop, and its start is not blocked.
   */
  private static boolean connectionComesUp(ResourceExpander ex, NodeStatus n) {
    if (!n.remote() || n.unclean()) {
      return false;
    }
    TopLevelResource t = ex.topOf.get(n.name());
    if (t == null
        || t.clone
        || !(t.resource instanceof org.paceline.cib.Primitive p)
        || !StatusUnpacker.isRemoteConnection(p)) {
      return false;
    }
    for (PrimitiveInstance l : t.primitives()) {
      if (l.primitive.id().equals(n.name())) {
        return l.instance.assigned != null && l.instance.nextRole != Role.STOPPED && !l.blocked;
      }
    }
    return false;
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
      if (!probed.test(n) || n.maintenance()) {
        continue; // a node in maintenance is not probed (Pacemaker)
      }
      if (n.remote() && !discoveryEnabled(n)) {
        continue; // the user asked for no probes there (honoured on remote nodes only)
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
      for (int c = 0; c < known.length; c++) {
        if (!known[c]
            && !(remote && notOnRemote[c])
            && !(guest && notOnGuest[c])
            && discoverable(owners.get(c), n.name())) {
          String[] p = candidates.get(c);
          actions.add(new Action(p[2], p[0], ActionTask.MONITOR, 0, n.name(), true));
        }
      }
    }
  }

  /**
   * A remote node's resource-discovery-enabled attribute (unpack_handle_remote_attrs): probes run
   * there unless it is set and not true.
   */
  private static boolean discoveryEnabled(NodeStatus n) {
    String v = n.attributes().get("resource-discovery-enabled");
    return v == null || org.paceline.cib.CibBooleans.isTrue(v);
  }

  /**
   * Whether a guest node's container is stopped, or will stop or move in this transition: then
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
