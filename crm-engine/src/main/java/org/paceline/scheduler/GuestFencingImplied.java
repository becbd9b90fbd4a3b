package org.paceline.scheduler;

import java.util.List;
import java.util.Map;
import org.paceline.cib.HistoryIds;
import org.paceline.unpack.ClusterStatus;

/**
 * The stops and demotes a guest node's "fencing" implies, after 2.1.5's pcmk__fence_guest and
 * order_stop_vs_fencing: a fenced guest goes down with its container, so what ran there cannot be
 * stopped or demoted by its agent. Each such action of a managed resource becomes a pseudo action
 * (no node), done once the container (or, without a container stop, the connection) has stopped.
 */
final class GuestFencingImplied {
  private GuestFencingImplied() {}

  /**
   * Turns the stops and demotes on each fenced guest into pseudo actions ordered after the guest's
   * container stop. Runs last, once notifications (which skip the down guest) are planned.
   */
  static void apply(
      ResourceExpander ex, ClusterStatus status, List<Action> actions, List<OrderEdge> edges) {
    for (Map.Entry<String, String> g : status.guestFences().entrySet()) {
      String guest = g.getKey();
      // The pseudo fencing waits for the container's stop, else for the connection's
      // (pcmk__fence_guest); the implied actions wait for the fencing.
      String down = stopKey(actions, g.getValue());
      if (down == null) {
        down = stopKey(actions, guest);
      }
      for (int i = 0; i < actions.size(); i++) {
        Action a = actions.get(i);
        boolean implied = a.task() == ActionTask.STOP || a.task() == ActionTask.DEMOTE;
        if (!implied || !guest.equals(a.node()) || !managed(ex, a.resource())) {
          continue; // rsc_stonith_ordering leaves an unmanaged resource alone
        }
        // pe_action_pseudo|pe_action_runnable: the stop "completes" with the guest.
        actions.set(
            i, new Action(a.key(), a.resource(), a.task(), a.intervalMs(), null, true, a.meta()));
        if (down != null) {
          edges.add(new OrderEdge(down, a.key(), false, "implied by the fencing of " + guest));
        }
      }
    }
  }

  private static String stopKey(List<Action> actions, String resource) {
    for (Action a : actions) {
      if (a.task() == ActionTask.STOP && resource.equals(a.resource()) && a.node() != null) {
        return a.key();
      }
    }
    return null;
  }

  private static boolean managed(ResourceExpander ex, String resource) {
    TopLevelResource t = ex.topOf.get(resource);
    if (t == null) {
      t = ex.topOf.get(HistoryIds.baseId(resource));
    }
    return t == null || t.managed;
  }
}
