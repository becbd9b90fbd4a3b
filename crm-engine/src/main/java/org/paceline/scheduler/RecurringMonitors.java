package org.paceline.scheduler;

import java.util.List;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.Op;
import org.paceline.cib.Role;

/**
 * The recurring monitor actions a planned resource gets for the role it will have, and their
 * cancellation on a role change, as Pacemaker schedules them (pcmk_sched_recurring.c); appends to
 * the planner's action and edge lists.
 */
final class RecurringMonitors {
  private final List<Action> actions;
  private final List<OrderEdge> edges;

  RecurringMonitors(List<Action> actions, List<OrderEdge> edges) {
    this.actions = actions;
    this.edges = edges;
  }

  /**
   * A resource that stays where it runs, in its role, gets the recurring monitors its history lacks
   * (found running by a probe, or its monitor was cancelled), as Pacemaker schedules them.
   */
  void missing(Leaf l, String node, Role role) {
    if (l.active.isEmpty() || !node.equals(l.active.get(0).node())) {
      return;
    }
    LrmResource history = l.active.get(0).history();
    for (Op op : l.primitive.operations()) {
      if ("monitor".equals(op.name())
          && op.intervalMs() > 0
          && !Boolean.FALSE.equals(op.enabled())
          && appliesTo(op, role)
          && !hasMonitor(history, op.intervalMs())) {
        actions.add(
            new Action(
                l.name + "_monitor_" + op.intervalMs(),
                l.name,
                "monitor",
                op.intervalMs(),
                node,
                true));
      }
    }
  }

  /** Whether a history holds a recurring monitor's own record (not a failure record of it). */
  private static boolean hasMonitor(LrmResource history, long intervalMs) {
    String suffix = "_monitor_" + intervalMs;
    for (LrmRscOp o : history.ops()) {
      if ("monitor".equals(o.operation())
          && o.intervalMs() == intervalMs
          && o.id() != null
          && o.id().endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The recurring monitors for the role the instance will have, ordered after the action that gives
   * it that role (Pacemaker runs a monitor only in the role its op names; one that names none is
   * run in every role but Promoted).
   */
  void add(Leaf l, String node, Role role, String after) {
    String first = l.name + (role == Role.PROMOTED && l.unit.top.promotable ? "_promote_0" : after);
    for (Op op : l.primitive.operations()) {
      if ("monitor".equals(op.name())
          && op.intervalMs() > 0
          && !Boolean.FALSE.equals(op.enabled())
          && appliesTo(op, role)) {
        actions.add(
            new Action(
                l.name + "_monitor_" + op.intervalMs(),
                l.name,
                "monitor",
                op.intervalMs(),
                node,
                true));
        edges.add(
            new OrderEdge(
                first, l.name + "_monitor_" + op.intervalMs(), true, "monitor after start"));
      }
    }
  }

  static boolean appliesTo(Op op, Role role) {
    if (op.role() == null) {
      // A monitor that names no role is the Unpromoted role's: it is cancelled before a promotion
      // and not run on the promoted instance (recurring_op_for_active, pcmk_sched_recurring.c).
      return role != Role.PROMOTED;
    }
    boolean promotedOp = op.role() == Role.PROMOTED;
    return promotedOp == (role == Role.PROMOTED);
  }

  /**
   * A role change in place: the old role's monitors are cancelled before it, the new role's
   * monitors start after it.
   */
  void changeRole(Leaf l, String node, Role from, Role to, String task) {
    for (Op op : l.primitive.operations()) {
      if ("monitor".equals(op.name())
          && op.intervalMs() > 0
          && !Boolean.FALSE.equals(op.enabled())
          && appliesTo(op, from)
          && !appliesTo(op, to)) {
        String key = l.name + "_cancel_" + op.intervalMs();
        actions.add(new Action(key, l.name, "cancel", op.intervalMs(), node, true));
        edges.add(new OrderEdge(key, l.name + "_" + task + "_0", true, "cancel before " + task));
      }
    }
    for (Op op : l.primitive.operations()) {
      if ("monitor".equals(op.name())
          && op.intervalMs() > 0
          && !Boolean.FALSE.equals(op.enabled())
          && appliesTo(op, to)
          && !appliesTo(op, from)) {
        String key = l.name + "_monitor_" + op.intervalMs();
        actions.add(new Action(key, l.name, "monitor", op.intervalMs(), node, true));
        edges.add(new OrderEdge(l.name + "_" + task + "_0", key, true, "monitor after " + task));
      }
    }
  }
}
