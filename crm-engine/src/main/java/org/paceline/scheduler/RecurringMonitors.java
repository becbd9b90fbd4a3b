package org.paceline.scheduler;

import java.util.List;
import org.paceline.cib.LrmResource;
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
   * A resource that stays where it runs, in its role, gets the recurring monitors its history does
   * not show running (found running by a probe, or its monitor was cancelled), as Pacemaker
   * schedules them.
   */
  void missing(PrimitiveInstance l, String node, Role role) {
    if (l.active.isEmpty() || !node.equals(l.active.get(0).node())) {
      return;
    }
    LrmResource history = l.active.get(0).history();
    for (Op op : RecurringOps.active(l.primitive)) {
      if (appliesTo(l, op, role)
          && !RecurringHistory.running(history, op.name(), op.intervalMs())) {
        actions.add(monitor(l, op, node));
      }
    }
  }

  /**
   * The recurring monitor action of {@code op} for primitive instance {@code l} on {@code node}.
   */
  private static Action monitor(PrimitiveInstance l, Op op, String node) {
    return new Action(
        l.name + "_monitor_" + op.intervalMs(),
        l.name,
        ActionTask.MONITOR,
        op.intervalMs(),
        node,
        true);
  }

  /**
   * The recurring monitors for the role the instance will have, ordered after the action that gives
   * it that role (Pacemaker runs a monitor only in the role its op names; one that names none is
   * run in every role but Promoted).
   */
  void add(PrimitiveInstance l, String node, Role role, String after) {
    String first =
        l.name + (role == Role.PROMOTED && l.instance.top.promotable ? "_promote_0" : after);
    for (Op op : RecurringOps.active(l.primitive)) {
      if (appliesTo(l, op, role)) {
        Action monitor = monitor(l, op, node);
        actions.add(monitor);
        edges.add(new OrderEdge(first, monitor.key(), true, "monitor after start"));
      }
    }
  }

  private static boolean appliesTo(PrimitiveInstance l, Op op, Role role) {
    return RecurringOps.runsIn(op, role, l.instance.top.promotable);
  }

  /**
   * A resource that stops where Pacemaker still assigns it (a bundled resource on its guest node
   * that is up at assignment, whose container then goes): recurring_op_for_active runs for that
   * node with the next role Stopped, so each monitor the history shows running there that names a
   * role is cancelled, before the demote of a promoted instance, else before the stop.
   */
  void cancelForStop(PrimitiveInstance l, String node) {
    String before =
        l.instance.top.promotable && l.currentRole() == Role.PROMOTED ? "demote" : "stop";
    for (Op op : RecurringOps.active(l.primitive)) {
      if (op.role() != null
          && op.role() != Role.STOPPED
          && RecurringHistory.running(l.active.get(0).history(), op.name(), op.intervalMs())) {
        String key = l.name + "_cancel_" + op.intervalMs();
        actions.add(new Action(key, l.name, ActionTask.CANCEL, op.intervalMs(), node, true));
        edges.add(
            new OrderEdge(key, l.name + "_" + before + "_0", true, "cancel before " + before));
      }
    }
  }

  /**
   * A role change in place: the old role's monitors are cancelled before it, the new role's
   * monitors start after it.
   */
  void changeRole(PrimitiveInstance l, String node, Role from, Role to, String task) {
    for (Op op : RecurringOps.active(l.primitive)) {
      // Only a monitor the history shows running is cancelled (recurring_op_for_active).
      if (appliesTo(l, op, from)
          && !appliesTo(l, op, to)
          && RecurringHistory.running(l.active.get(0).history(), op.name(), op.intervalMs())) {
        String key = l.name + "_cancel_" + op.intervalMs();
        actions.add(new Action(key, l.name, ActionTask.CANCEL, op.intervalMs(), node, true));
        edges.add(new OrderEdge(key, l.name + "_" + task + "_0", true, "cancel before " + task));
      }
    }
    for (Op op : RecurringOps.active(l.primitive)) {
      if (appliesTo(l, op, to) && !appliesTo(l, op, from)) {
        Action monitor = monitor(l, op, node);
        actions.add(monitor);
        edges.add(
            new OrderEdge(
                l.name + "_" + task + "_0", monitor.key(), true, "monitor after " + task));
      }
    }
  }
}
