package org.paceline.scheduler;

import org.paceline.cib.LrmRscOp;
import org.paceline.unpack.ActiveInstance;

/**
 * A completed live migration whose source was not stopped yet (Pacemaker's dangling migration): the
 * resource runs on the target, the source copy is only stopped, silently, and does not make the
 * resource multiply active.
 */
final class DanglingMigration {

  private DanglingMigration() {}

  /**
   * Whether the copies are a completed migration whose source was not stopped yet: the source only
   * needs its stop, nothing is multiply active (its last migrate_to names the current node).
   */
  static boolean all(PrimitiveInstance l) {
    for (int i = 1; i < l.active.size(); i++) {
      if (!source(l, l.active.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether copy a is the source of a completed migration to l's current node: 2.1.5 does not count
   * it as running (unpack_migrate_to_success), it only stops it (a dangling migration).
   */
  static boolean source(PrimitiveInstance l, ActiveInstance a) {
    if (a.history() == null) {
      return false;
    }
    for (LrmRscOp op : a.history().ops()) {
      if ("migrate_to".equals(op.operation())
          && l.currentNode().equals(op.otherAttributes().get("migrate_target"))) {
        return true;
      }
    }
    return false;
  }
}
