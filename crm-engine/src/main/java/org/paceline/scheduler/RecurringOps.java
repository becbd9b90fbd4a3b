package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;

/**
 * Which of a primitive's configured monitors Pacemaker 2.1.5 turns into recurring actions ({@code
 * is_recurring_history} in pcmk_sched_recurring.c): split into those for the active roles and those
 * for the Stopped role.
 */
final class RecurringOps {
  private RecurringOps() {}

  /**
   * Whether a resource gets no recurring actions at all ({@code pcmk__create_recurring_actions}):
   * blocked by a failure with on-fail=block or by multiple-active=block, or in maintenance (its own
   * or the cluster's). An unmanaged resource otherwise keeps them where it runs.
   */
  static boolean skipped(TopLevelResource t, PrimitiveInstance l, ResourceExpander ex, Cib cib) {
    boolean blocked =
        l.unmanaged
            || !t.clone
                && l.active.size() > 1
                && "block".equals(ex.inheritedMeta(l.primitive, "multiple-active").orElse(""));
    return blocked
        || ClusterOption.MAINTENANCE_MODE.enabled(cib.configuration())
        || ex.inheritedMeta(l.primitive, "maintenance").map(CibBooleans::isTrue).orElse(false);
  }

  /** The recurring monitors run while the resource is active (in some role). */
  static List<Op> active(Primitive p) {
    List<Op> out = new ArrayList<>();
    for (Op op : recurring(p)) {
      if (op.role() != Role.STOPPED) {
        out.add(op);
      }
    }
    return out;
  }

  /** The recurring monitors with role=Stopped, run where the resource is not. */
  static List<Op> stopped(Primitive p) {
    List<Op> out = new ArrayList<>();
    for (Op op : recurring(p)) {
      if (op.role() == Role.STOPPED) {
        out.add(op);
      }
    }
    return out;
  }

  /**
   * Enabled recurring monitors whose name and interval no other op of the resource shares: a
   * duplicate is a configuration error Pacemaker answers by scheduling neither (not even a cancel).
   */
  private static List<Op> recurring(Primitive p) {
    List<Op> out = new ArrayList<>();
    for (Op op : p.operations()) {
      if ("monitor".equals(op.name())
          && op.intervalMs() > 0
          && !Boolean.FALSE.equals(op.enabled())
          && !duplicated(p, op)) {
        out.add(op);
      }
    }
    return out;
  }

  private static boolean duplicated(Primitive p, Op op) {
    int same = 0;
    for (Op o : p.operations()) {
      if (op.name().equals(o.name()) && op.intervalMs() == o.intervalMs()) {
        same++;
      }
    }
    return same > 1;
  }

  /**
   * Whether a monitor runs while the resource has {@code role} (recurring_op_for_active): one that
   * names a role only in that very role (so role=Started never on a promotable clone's instance,
   * whose roles are Unpromoted and Promoted, and role=Unpromoted never on a primitive that cannot
   * be promoted); one that names none in every role but Promoted.
   */
  static boolean runsIn(Op op, Role role, boolean promotable) {
    Role r = promotable && role == Role.STARTED ? Role.UNPROMOTED : role;
    return op.role() == null ? r != Role.PROMOTED : op.role() == r;
  }
}
