package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.LrmRscOp;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * A live migration whose migrate_to is still pending on a source node that is to be fenced: the
 * resource may already have reached the target, so it is stopped there too (2.1.5's unpack_rsc_op
 * forces that stop for a pending migrate_to on an unclean node). The stop is not listed in the
 * summary; it orders before the resource's start like any other stop of it.
 */
final class PendingMigrations {
  private PendingMigrations() {}

  /** The migration targets where l must be stopped because of such a pending migrate_to. */
  static List<String> targetsToStop(PrimitiveInstance l, ClusterStatus status) {
    List<String> out = new ArrayList<>();
    for (ActiveInstance a : l.active) {
      NodeStatus source = status.node(a.node());
      if (source == null || !source.unclean() || a.history() == null) {
        continue;
      }
      for (LrmRscOp op : a.history().ops()) {
        if (!"migrate_to".equals(op.operation()) || !pending(op)) {
          continue;
        }
        String target = op.otherAttributes().get("migrate_target");
        NodeStatus t = target == null ? null : status.node(target);
        if (t != null && t.online() && !t.unclean() && !out.contains(target)) {
          out.add(target);
        }
      }
    }
    return out;
  }

  private static boolean pending(LrmRscOp op) {
    return op.callId() != null && op.callId() < 0 || Integer.valueOf(-1).equals(op.opStatus());
  }
}
