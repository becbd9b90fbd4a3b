package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Role;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * What the recurring operations a node's history shows active need (Pacemaker 2.1.5's {@code
 * process_rsc_history} and {@code pcmk__check_action_config}, pcmk_sched_actions.c): a cancel when
 * the resource or node is in maintenance or the op is no longer configured, a new run when its
 * definition changed or its failure expired.
 */
final class RecurringHistory {
  private RecurringHistory() {}

  /** Adds the cancels and rescheduled monitors of every active primitive instance's history. */
  static void plan(
      ResourceExpander ex,
      Cib cib,
      ClusterStatus status,
      List<Action> actions,
      List<OrderEdge> edges) {
    boolean clusterMaintenance = ClusterOption.MAINTENANCE_MODE.enabled(cib.configuration());
    boolean cancelOrphans = ClusterOption.STOP_ORPHAN_ACTIONS.enabled(cib.configuration());
    for (TopLevelResource t : ex.tops) {
      for (PrimitiveInstance l : t.primitives()) {
        boolean maintenance =
            clusterMaintenance
                || ex.inheritedMeta(l.primitive, "maintenance")
                    .map(CibBooleans::isTrue)
                    .orElse(false);
        for (ActiveInstance a : l.active) {
          NodeStatus n = status.node(a.node());
          // A node that cannot run actions is skipped, unless in maintenance (its monitors are
          // cancelled then): pcmk__handle_rsc_config_changes.
          if (n == null || !n.maintenance() && !n.canRunResources() || a.history() == null) {
            continue;
          }
          for (LrmRscOp o : activeOps(a.history())) {
            String task = o.operation();
            long interval = o.intervalMs();
            Op configured = configured(l, task, interval);
            if (maintenance || n.maintenance() || configured == null && cancelOrphans) {
              cancel(l, task, interval, a.node(), actions, edges);
            } else if (configured != null
                && !RecurringOps.skipped(t, l, ex, cib)
                && (a.expiredFailures().contains(o.id()) || changed(t, l, o, cib))) {
              // An expired failure reschedules the op as a changed definition does: 2.1.5's
              // unpack_rsc_op overwrites its restart digest so that pcmk__check_action_config
              // finds it changed.
              reschedule(t, l, configured, a.node(), actions);
            }
          }
        }
      }
    }
  }

  /** The enabled configured op of that name and interval ({@code pcmk__find_action_config}). */
  private static Op configured(PrimitiveInstance l, String task, long intervalMs) {
    for (Op op : l.primitive.operations()) {
      if (op.name().equals(task)
          && op.intervalMs() == intervalMs
          && !Boolean.FALSE.equals(op.enabled())) {
        return op;
      }
    }
    return null;
  }

  private static boolean changed(TopLevelResource t, PrimitiveInstance l, LrmRscOp o, Cib cib) {
    if (o.opDigest() == null || org.paceline.unpack.BundleExpansion.generated(l.primitive)) {
      // Pacemaker computes the parameters of what a bundle creates (run options, mounts, ports),
      // which Paceline does not rebuild: their recorded digests are not compared (as for starts).
      return false;
    }
    List<List<NvSet>> parents = DefinitionChanges.parentSets(t.resource, l.primitive);
    List<NvSet> opDefaults = cib.configuration().opDefaults();
    return OpDigest.of(l.primitive, parents, o.operation(), o.intervalMs(), opDefaults)
            .map(d -> !d.equals(o.opDigest()))
            .orElse(false)
        && !DefinitionChanges.onlySanitizedChanged(l.primitive, parents, o, opDefaults);
  }

  private static void cancel(
      PrimitiveInstance l,
      String task,
      long intervalMs,
      String node,
      List<Action> actions,
      List<OrderEdge> edges) {
    String key = l.name + "_cancel_" + intervalMs;
    if (!has(actions, key, node)) {
      actions.add(new Action(key, l.name, ActionTask.CANCEL, intervalMs, node, true));
      edges.add(new OrderEdge(l.name + "_stop_0", key, false, "cancel after stop"));
    }
  }

  /**
   * A changed recurring op runs again with the new definition where the resource stays active in a
   * role it applies to (the old run is replaced, no cancel needed).
   */
  private static void reschedule(
      TopLevelResource t, PrimitiveInstance l, Op op, String node, List<Action> actions) {
    boolean managed = t.managed && !l.unmanaged && !ResourceExpander.memberUnmanaged(l);
    String next = !managed ? l.currentNode() : l.blocked ? null : l.instance.assigned;
    Role role = !t.promotable ? Role.STARTED : managed ? l.instance.nextRole : l.currentRole();
    boolean applies = RecurringOps.runsIn(op, role, t.promotable);
    if (!node.equals(next) || !RecurringOps.active(l.primitive).contains(op) || !applies) {
      return;
    }
    String key = LrmRscOp.operationKey(l.name, op.name(), op.intervalMs());
    if (!has(actions, key, node)) {
      actions.add(new Action(key, l.name, ActionTask.MONITOR, op.intervalMs(), node, true));
    }
  }

  private static boolean has(List<Action> actions, String key, String node) {
    for (Action a : actions) {
      if (a.key().equals(key) && Objects.equals(a.node(), node)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a history shows a recurring op of that name and interval active ({@link #activeOps}).
   */
  static boolean running(LrmResource history, String name, long intervalMs) {
    if (history != null) {
      for (LrmRscOp o : activeOps(history)) {
        if (o.operation().equals(name) && o.intervalMs() == intervalMs) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The recurring operations a node's history shows active (unpack.c's {@code calculate_active_ops}
   * and {@code process_recurring}): those recorded since the resource was last started there, none
   * if it was stopped after that, and none still pending.
   */
  static List<LrmRscOp> activeOps(LrmResource history) {
    List<LrmRscOp> ops = new ArrayList<>(history.ops());
    ops.sort(Comparator.comparingInt(o -> o.callId() == null ? -1 : o.callId()));
    int start = -1;
    int stop = -1;
    int impliedMonitorStart = -1;
    int impliedCloneStart = -1;
    for (int i = 0; i < ops.size(); i++) {
      LrmRscOp o = ops.get(i);
      String task = o.operation();
      if ("stop".equals(task) && Integer.valueOf(0).equals(o.opStatus())) {
        stop = i;
      } else if ("start".equals(task) || "migrate_from".equals(task)) {
        start = i;
      } else if (impliedMonitorStart <= stop && "monitor".equals(task)) {
        Integer rc = o.rcCode();
        if (rc != null && (rc == 0 || rc == 8)) {
          impliedMonitorStart = i;
        }
      } else if ("promote".equals(task) || "demote".equals(task)) {
        impliedCloneStart = i;
      }
    }
    if (start == -1) {
      start = impliedCloneStart != -1 ? impliedCloneStart : impliedMonitorStart;
    }
    List<LrmRscOp> out = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      LrmRscOp o = ops.get(i);
      boolean inactive = start < stop && i <= stop;
      if (!inactive
          && i >= start
          && o.intervalMs() > 0
          && !Integer.valueOf(-1).equals(o.opStatus())) {
        out.add(o);
      }
    }
    return out;
  }

  /** Whether a history records a start still pending (op-status -1: pe_rsc_start_pending). */
  static boolean startPending(LrmResource history) {
    if (history != null) {
      for (LrmRscOp o : history.ops()) {
        if ("start".equals(o.operation()) && Integer.valueOf(-1).equals(o.opStatus())) {
          return true;
        }
      }
    }
    return false;
  }
}
