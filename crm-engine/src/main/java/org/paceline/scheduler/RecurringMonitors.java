package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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

  /** The instances {@link #missing} saw staying where they run, in the role they keep. */
  private final List<Staying> staying = new ArrayList<>();

  private record Staying(PrimitiveInstance l, String node, Role role) {}

  RecurringMonitors(List<Action> actions, List<OrderEdge> edges) {
    this.actions = actions;
    this.edges = edges;
  }

  /**
   * On a Pacemaker Remote or guest node whose connection starts in this transition, every recurring
   * monitor of what stays there runs again, after that start, whatever the history shows running:
   * Pacemaker orders the connection's start before each recurring action on the node with
   * implies-then ("force recurring monitors to be restarted, even if just the connection was
   * re-established", apply_remote_ordering and apply_container_ordering in pcmk_sched_remote.c). A
   * connection that migrates does not force them: its start is then a pseudo action.
   *
   * @param connectionOf the remote connection primitive instance of a remote or guest node, by the
   *     node's name (null for a cluster node)
   */
  void afterConnectionStarts(Function<String, PrimitiveInstance> connectionOf) {
    Set<String> present = new HashSet<>();
    Set<String> starting = new HashSet<>();
    for (Action a : actions) {
      present.add(a.key() + "\0" + a.node());
      // A migrating connection's start is a pseudo action (no node): it forces nothing.
      if (a.task() == ActionTask.START && a.runnable() && a.node() != null) {
        starting.add(a.resource());
      }
    }
    for (Staying s : staying) {
      PrimitiveInstance connection = connectionOf.apply(s.node());
      if (connection == null || !starting.contains(connection.name)) {
        continue;
      }
      for (Op op : RecurringOps.active(s.l().primitive)) {
        Action monitor = monitor(s.l(), op, s.node());
        if (appliesTo(s.l(), op, s.role()) && present.add(monitor.key() + "\0" + s.node())) {
          actions.add(monitor);
          edges.add(
              new OrderEdge(
                  connection.name + "_start_0",
                  monitor.key(),
                  true,
                  "recurring monitor after its node's connection starts"));
        }
      }
    }
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
    staying.add(new Staying(l, node, role));
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
