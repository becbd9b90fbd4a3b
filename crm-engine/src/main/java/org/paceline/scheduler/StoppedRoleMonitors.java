package org.paceline.scheduler;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.paceline.cib.Cib;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NodeState;
import org.paceline.cib.Op;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * The recurring monitors of the Stopped role (Pacemaker 2.1.5's {@code recurring_op_for_inactive},
 * pcmk_sched_recurring.c): run on every node the resource will not be active on, cancelled on the
 * node it will be active on.
 */
final class StoppedRoleMonitors {
  private StoppedRoleMonitors() {}

  /**
   * Adds the Stopped-role monitors and cancels of every resource with a unique identity (Pacemaker
   * does not support them for anonymous clone instances).
   */
  static void plan(
      ResourceExpander ex,
      Cib cib,
      ClusterStatus status,
      List<Action> actions,
      List<OrderEdge> edges) {
    for (TopLevelResource t : ex.tops) {
      if (t.clone && !t.unique) {
        continue;
      }
      for (PrimitiveInstance l : t.primitives()) {
        List<Op> ops = RecurringOps.stopped(l.primitive);
        if (ops.isEmpty() || RecurringOps.skipped(t, l, ex, cib)) {
          continue;
        }
        boolean managed = t.managed && !ResourceExpander.memberUnmanaged(l);
        // An unmanaged resource stays where it is (Pacemaker assigns it its current node).
        String next = !managed ? l.currentNode() : l.blocked ? null : l.instance.assigned;
        for (Op op : ops) {
          plan(l, op, next, cib, status, actions, edges);
        }
      }
    }
  }

  private static void plan(
      PrimitiveInstance l,
      Op op,
      String next,
      Cib cib,
      ClusterStatus status,
      List<Action> actions,
      List<OrderEdge> edges) {
    String key = LrmRscOp.operationKey(l.name, op.name(), op.intervalMs());
    for (NodeStatus n : status.nodes()) {
      boolean running = n.online() && activeKeys(history(cib, n.name(), l.name)).contains(key);
      if (n.name().equals(next)) {
        if (running) {
          // cancel_if_running: the monitor would report the now active resource as a failure.
          String cancel = l.name + "_cancel_" + op.intervalMs();
          actions.add(
              new Action(cancel, l.name, ActionTask.CANCEL, op.intervalMs(), n.name(), true));
          edges.add(new OrderEdge(cancel, l.name + "_start_0", true, "cancel before start"));
        }
        continue;
      }
      if (!n.online() || n.unclean()) {
        continue; // unrunnable: no node to run it on
      }
      // Already running there, it is optional, unless a stop there (implies_then) makes it
      // mandatory: it has to be restarted after the stop.
      boolean stops = has(actions, l.name + "_stop_0", n.name());
      if (running && !stops) {
        continue;
      }
      actions.add(new Action(key, l.name, ActionTask.MONITOR, op.intervalMs(), n.name(), true));
      edges.add(new OrderEdge(l.name + "_stop_0", key, true, "Stopped monitor after stop"));
    }
  }

  private static boolean has(List<Action> actions, String key, String node) {
    for (Action a : actions) {
      if (a.key().equals(key) && Objects.equals(a.node(), node) && a.runnable()) {
        return true;
      }
    }
    return false;
  }

  private static LrmResource history(Cib cib, String node, String id) {
    for (NodeState s : cib.status()) {
      if (node.equals(s.uname())) {
        for (LrmResource r : s.lrmResources()) {
          if (id.equals(r.id())) {
            return r;
          }
        }
      }
    }
    return null;
  }

  /** The operation keys of {@link #activeOps}. */
  static Set<String> activeKeys(LrmResource history) {
    Set<String> keys = new HashSet<>();
    if (history != null) {
      for (LrmRscOp o : RecurringHistory.activeOps(history)) {
        keys.add(LrmRscOp.operationKey(history.id(), o.operation(), o.intervalMs()));
      }
    }
    return keys;
  }
}
