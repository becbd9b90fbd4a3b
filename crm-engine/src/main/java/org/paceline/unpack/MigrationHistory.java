package org.paceline.unpack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NodeState;

/**
 * What a live migration recorded on its source means across nodes, as Pacemaker 2.1.5's unpack
 * reads it (unpack_migrate_to_success, unpack_migrate_to_failure): a migrate_to may leave the
 * resource active on its target too, or mark it failed on its source. A history on one node cannot
 * say this alone: the target's records decide.
 */
final class MigrationHistory {

  private static final int RC_OK = OcfExitCode.SUCCESS.code();
  private static final int RC_NOT_RUNNING = OcfExitCode.NOT_RUNNING.code();
  private static final int EXEC_DONE = ExecStatus.DONE.code();
  private static final int EXEC_PENDING = ExecStatus.PENDING.code();
  private static final int EXEC_CANCELLED = ExecStatus.CANCELLED.code();

  /**
   * What the migrate_to records of one history on their source mean.
   *
   * @param alsoActiveOn targets on which the resource counts as active, before the source itself
   *     (Pacemaker adds them to the running nodes while it reads the source's history)
   * @param sourceFailed whether the resource is failed on the source and must not migrate again
   * @param partial a partial migration between two nodes that are up, or null
   * @param afterFailure the targets of alsoActiveOn that a failed migrate_to put there
   *     (unpack_migrate_to_failure)
   */
  record Outcome(
      List<String> alsoActiveOn,
      boolean sourceFailed,
      PartialMigration partial,
      List<String> afterFailure) {
    static final Outcome NONE = new Outcome(List.of(), false, null, List.of());
  }

  /**
   * Histories by node, then by history id (the lrm_resource id), indexed on first use: only a
   * migration needs another node's records, and indexing every history of a large status up front
   * cost more than the rest of the unpack.
   */
  private final Map<String, Map<String, LrmResource>> byNode = new HashMap<>();

  private final Map<String, NodeState> states = new HashMap<>();

  MigrationHistory(List<NodeState> status) {
    for (NodeState s : status) {
      states.put(s.uname(), s);
    }
  }

  private Map<String, LrmResource> historiesOn(String node) {
    return byNode.computeIfAbsent(
        node,
        n -> {
          Map<String, LrmResource> m = new HashMap<>();
          NodeState s = states.get(n);
          if (s != null) {
            for (LrmResource lr : s.lrmResources()) {
              m.put(lr.id(), lr);
            }
          }
          return m;
        });
  }

  /**
   * Reads the migrate_to records of {@code lr} on {@code source}, oldest first; {@code online} says
   * whether a node is up to run a migration target.
   */
  Outcome read(LrmResource lr, String source, Predicate<String> online) {
    List<String> also = null;
    boolean failed = false;
    PartialMigration partial = null;
    List<String> afterFailure = new ArrayList<>();
    for (LrmRscOp op : byCallId(lr.ops())) {
      if (!"migrate_to".equals(op.operation()) || pending(op) || status(op) == EXEC_CANCELLED) {
        continue;
      }
      String target = op.otherAttributes().get("migrate_target");
      if (target == null || !source.equals(op.otherAttributes().get("migrate_source"))) {
        continue;
      }
      boolean ok = status(op) == EXEC_DONE && rc(op) == RC_OK;
      String activeOn;
      if (ok) {
        Effect e = toSucceeded(lr.id(), source, target, op, online);
        activeOn = e.activeOn;
        failed |= e.failed;
        partial = e.partial ? new PartialMigration(source, target) : partial;
      } else {
        activeOn = toFailed(lr.id(), source, target, op, online) ? target : null;
        if (activeOn != null && !afterFailure.contains(activeOn)) {
          afterFailure.add(activeOn);
        }
      }
      if (activeOn != null) {
        if (also == null) {
          also = new ArrayList<>();
        }
        if (!also.contains(activeOn)) {
          also.add(activeOn);
        }
      }
    }
    return also == null && !failed && partial == null
        ? Outcome.NONE
        : new Outcome(also == null ? List.of() : also, failed, partial, afterFailure);
  }

  private record Effect(String activeOn, boolean failed, boolean partial) {
    static final Effect NONE = new Effect(null, false, false);
  }

  /**
   * unpack_migrate_to_success: a migrate_from that succeeded is a completed migration (the history
   * of the target says so itself); one that failed leaves the resource active on the target too,
   * and an unfinished one (none, or pending) is a partial migration. When the target is down or has
   * moved on since, the source copy is failed instead.
   */
  private Effect toSucceeded(
      String id, String source, String target, LrmRscOp migrateTo, Predicate<String> online) {
    boolean sourceNewer = nonMonitorAfter(id, source, migrateTo, true);
    LrmRscOp migrateFrom = find(id, target, "migrate_from", source, null);
    if (sourceNewer && migrateFrom != null) {
      return Effect.NONE;
    }
    boolean targetNewer = newerStateAfterMigrate(id, target, migrateTo, migrateFrom);
    if (sourceNewer && targetNewer) {
      return Effect.NONE;
    }
    if (migrateFrom != null && status(migrateFrom) == EXEC_DONE && rc(migrateFrom) == RC_OK) {
      return Effect.NONE; // read from the target's own history (a dangling migration)
    }
    boolean fromFailed = migrateFrom != null && !pending(migrateFrom);
    if (!targetNewer && online.test(target)) {
      // A partial migration from a source that is up and still holds the resource is left to the
      // scheduler, which continues it from the source (its current node; without a second
      // migrate_to) or stops it on both; once the source has moved on (stopped, say), the target
      // is where it may still run.
      boolean partial = !fromFailed && online.test(source);
      if (partial && !sourceNewer) {
        // A target with no record of the resource at all never began the migration: 2.1.5
        // plans a new one from the source, wherever the resource is placed now.
        return unknownOn(id, target) ? Effect.NONE : new Effect(null, false, true);
      }
      return new Effect(target, false, partial);
    }
    return new Effect(null, !sourceNewer, false);
  }

  /**
   * unpack_migrate_to_failure: the resource may have reached the target before the failure, so it
   * counts as active there unless the target never reported on it or has moved on since.
   */
  private boolean toFailed(
      String id, String source, String target, LrmRscOp migrateTo, Predicate<String> online) {
    LrmRscOp migrateFrom = find(id, target, "migrate_from", source, RC_OK);
    return !unknownOn(id, target)
        && !newerStateAfterMigrate(id, target, migrateTo, migrateFrom)
        && online.test(target);
  }

  /**
   * Pacemaker's newer_state_after_migrate: whether {@code node} has a newer start, stop or
   * migration, or a newer monitor that found the resource stopped, than the migration records
   * (compared by call id on the node where that record was made).
   */
  private boolean newerStateAfterMigrate(
      String id, String node, LrmRscOp migrateTo, LrmRscOp migrateFrom) {
    LrmRscOp ref = migrateFrom != null ? migrateFrom : migrateTo;
    String target = ref.otherAttributes().get("migrate_target");
    String source = ref.otherAttributes().get("migrate_source");
    boolean sameNode = false;
    if (node.equals(target)) {
      sameNode = migrateFrom != null;
      ref = migrateFrom != null ? migrateFrom : migrateTo;
    } else if (node.equals(source)) {
      sameNode = migrateTo != null;
      ref = migrateTo != null ? migrateTo : migrateFrom;
    }
    return nonMonitorAfter(id, node, ref, sameNode)
        || monitorNotRunningAfter(id, node, ref, sameNode);
  }

  /** Pacemaker's non_monitor_after: a newer start, stop, migrate_to or migrate_from on node. */
  private boolean nonMonitorAfter(String id, String node, LrmRscOp ref, boolean sameNode) {
    LrmResource lr = history(id, node);
    if (lr == null) {
      return false;
    }
    for (LrmRscOp op : lr.ops()) {
      if (op == ref) {
        continue;
      }
      switch (op.operation() == null ? "" : op.operation()) {
        case "start", "stop", "migrate_to", "migrate_from" -> {
          if (newer(op, ref, sameNode)) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  /** Pacemaker's monitor_not_running_after: a newer monitor on node that found it not running. */
  private boolean monitorNotRunningAfter(String id, String node, LrmRscOp ref, boolean sameNode) {
    LrmResource lr = history(id, node);
    if (lr == null) {
      return false;
    }
    for (LrmRscOp op : lr.ops()) {
      if (op != ref
          && "monitor".equals(op.operation())
          && rc(op) == RC_NOT_RUNNING
          && newer(op, ref, sameNode)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Pacemaker's pe__is_newer_op: call ids order records on the same node; across nodes only the
   * last-rc-change times do (a record without one is never newer). A pending record is newer than a
   * completed one.
   */
  private static boolean newer(LrmRscOp a, LrmRscOp b, boolean sameNode) {
    int ca = a.callId() == null ? -1 : a.callId();
    int cb = b.callId() == null ? -1 : b.callId();
    if (ca == -1 && cb == -1) {
      return false;
    }
    if (sameNode && ca >= 0 && cb >= 0) {
      return ca > cb;
    }
    if (ca >= 0 && cb >= 0) {
      Long ta = a.lastRcChange();
      Long tb = b.lastRcChange();
      return tb != null && tb >= 0 && ta != null && ta > tb;
    }
    return ca == -1;
  }

  /**
   * Pacemaker's find_lrm_op for a migration: the record of {@code task} on node whose migrate
   * source is {@code source}, with {@code rc} when given.
   */
  private LrmRscOp find(String id, String node, String task, String source, Integer rc) {
    LrmResource lr = history(id, node);
    if (lr == null) {
      return null;
    }
    for (LrmRscOp op : lr.ops()) {
      if (task.equals(op.operation())
          && source.equals(op.otherAttributes().get("migrate_source"))
          && node.equals(op.otherAttributes().get("migrate_target"))
          && (rc == null || rc == rc(op))) {
        return op;
      }
    }
    return null;
  }

  /** Pacemaker's unknown_on_node: node has no completed record of the resource at all. */
  private boolean unknownOn(String id, String node) {
    LrmResource lr = history(id, node);
    if (lr == null) {
      return true;
    }
    for (LrmRscOp op : lr.ops()) {
      if (!pending(op)) {
        return false;
      }
    }
    return true;
  }

  /** The history of the resource on node, or {@code fallback} when node has none. */
  LrmResource historyOn(String id, String node, LrmResource fallback) {
    LrmResource lr = history(id, node);
    return lr == null ? fallback : lr;
  }

  private LrmResource history(String id, String node) {
    Map<String, LrmResource> m = historiesOn(node);
    return m == null ? null : m.get(id);
  }

  private static List<LrmRscOp> byCallId(List<LrmRscOp> ops) {
    List<LrmRscOp> sorted = new ArrayList<>(ops);
    sorted.sort(
        Comparator.comparingLong(
            o -> o.callId() == null || o.callId() < 0 ? Long.MAX_VALUE : o.callId()));
    return sorted;
  }

  private static boolean pending(LrmRscOp op) {
    return (op.callId() != null && op.callId() < 0) || status(op) == EXEC_PENDING;
  }

  private static int status(LrmRscOp op) {
    return op.opStatus() == null ? EXEC_DONE : op.opStatus();
  }

  private static int rc(LrmRscOp op) {
    return op.rcCode() == null ? RC_OK : op.rcCode();
  }
}
