package org.paceline.scheduler;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.paceline.cib.CibBooleans;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.PartialMigration;
import org.paceline.unpack.StatusUnpacker;

/**
 * Which moves are live migrations (migrate_to, migrate_from) rather than a stop and a start, and
 * why one is not: Pacemaker 2.1.5's {@code pcmk__rsc_can_migrate} and the orderings that disable it
 * ({@code pcmk__order_migration_equivalents}).
 */
final class LiveMigrations {
  private final ResourceExpander ex;
  private final ClusterStatus status;
  private final List<Ordering> orderings;
  private final Function<PrimitiveInstance, String> next;
  private final Predicate<PrimitiveInstance> starts;

  /**
   * @param next where a primitive instance runs after the transition (null: nowhere)
   * @param starts whether it starts (anew, elsewhere or again)
   */
  LiveMigrations(
      ResourceExpander ex,
      ClusterStatus status,
      List<Ordering> orderings,
      Function<PrimitiveInstance, String> next,
      Predicate<PrimitiveInstance> starts) {
    this.ex = ex;
    this.status = status;
    this.orderings = orderings;
    this.next = next;
    this.starts = starts;
  }

  /**
   * Whether a move is a live migration (Pacemaker 2.1.5's {@code pcmk__rsc_can_migrate} plus the
   * orderings that disable it): a managed, cleanly running primitive with {@code allow-migrate}
   * moving between clean online nodes. Clone instances migrate too (unpromoted ones keep their
   * role); a group member migrates only if the members before it do; a mandatory order after a
   * resource that starts without migrating forces stop and start.
   */
  boolean migrates(PrimitiveInstance l, int depth) {
    return depth <= 20 && migratable(l) && blocker(l, depth) == null;
  }

  /** The checks of {@code pcmk__rsc_can_migrate}, before orderings are considered. */
  boolean migratable(PrimitiveInstance l) {
    TopLevelResource t = l.instance.top;
    String cur = l.currentNode();
    String dest = next.apply(l);
    if (!t.managed
        || cur == null
        || dest == null
        || cur.equals(dest)
        || l.active.size() != 1
        || l.failed()
        || l.restart
        || l.active.get(0).blocked()
        || !ex.inheritedMeta(l.primitive, "allow-migrate")
            .map(CibBooleans::isTrue)
            // Pacemaker Remote connections migrate unless told otherwise.
            .orElse(StatusUnpacker.isRemoteConnection(l.primitive))) {
      return false;
    }
    PartialMigration partial = status.partialMigrations().get(l.active.get(0).historyId());
    if (partial != null && !(partial.source().equals(cur) && partial.target().equals(dest))) {
      // 2.1.5 clears an unfinished migration that it cannot continue, and with it the migration
      // of this transition: the resource is stopped and started.
      return false;
    }
    NodeStatus from = status.node(cur);
    NodeStatus to = status.node(dest);
    if (from == null || !from.online() || from.unclean() || to == null || to.unclean()) {
      return false;
    }
    return true;
  }

  /**
   * An earlier group member or a mandatory order's first that starts without migrating: it disables
   * l's migration. A first that is promoted does not: 2.1.5's pcmk__order_migration_equivalents
   * only makes l's migrate_to wait for the promote.
   */
  private PrimitiveInstance blocker(PrimitiveInstance l, int depth) {
    for (PrimitiveInstance before : l.instance.primitives) {
      if (before == l) {
        break;
      }
      if (starts.test(before) && !migrates(before, depth + 1)) {
        return before;
      }
    }
    for (Ordering o : orderings) {
      if (l.instance.top.clone) {
        break; // orders bind the clone's pseudo actions, not the instance's start (2.1.5)
      }
      if (!o.mandatory()
          || !o.bindsThen(l)
          || !o.thenAction().equals("start")
          || !o.firstAction().equals("start")) {
        continue;
      }
      for (PrimitiveInstance f : o.firstLeaves()) {
        if (starts.test(f) && !migrates(f, depth + 1)) {
          return f;
        }
      }
    }
    return null;
  }

  /**
   * 2.1.5 words a migration disabled by a moving first as "due to unrunnable FIRST stop" (the
   * migrate_to would have to wait for that stop). Null when l could not migrate anyway.
   */
  String blockedReason(PrimitiveInstance l) {
    PrimitiveInstance f = blocker(l, 0);
    if (f == null || f.currentNode() == null || f.currentNode().equals(next.apply(f))) {
      return null;
    }
    if (f.name.equals(ex.fillers().get(l.name))) {
      // The container's own order on its filler (a guest node's connection) leaves the move
      // unexplained in 2.1.5: only configured orders name their first here.
      return null;
    }
    // A clone as first is ordered through its own stop pseudo action, named for the clone.
    String first =
        f.instance.top.clone && f.instance.top != l.instance.top ? f.instance.top.id() : f.name;
    return migratable(l) ? "due to unrunnable " + first + " stop" : null;
  }
}
