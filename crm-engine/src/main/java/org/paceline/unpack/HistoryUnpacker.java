package org.paceline.unpack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.Cib;
import org.paceline.cib.HistoryIds;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NodeState;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;

/**
 * Reads a resource's operation history on one node as Pacemaker 2.1.5's unpack_rsc_op does: the
 * role it leaves, whether it failed, and what on-fail makes of a failure (recover, fence, block,
 * stop, demote, ignore).
 */
final class HistoryUnpacker {
  private static final int RC_OK = OcfExitCode.SUCCESS.code();
  private static final int RC_NOT_RUNNING = OcfExitCode.NOT_RUNNING.code();
  private static final int RC_PROMOTED = OcfExitCode.RUNNING_PROMOTED.code();
  private static final int RC_FAILED_PROMOTED = OcfExitCode.FAILED_PROMOTED.code();
  private static final int RC_NOT_INSTALLED = OcfExitCode.NOT_INSTALLED.code();
  private static final int RC_INVALID_PARAM = OcfExitCode.INVALID_ARGUMENT.code();
  private static final int RC_UNIMPLEMENTED = OcfExitCode.UNIMPLEMENTED.code();
  private static final int RC_INSUFFICIENT_PRIV = OcfExitCode.INSUFFICIENT_PRIVILEGES.code();
  private static final int RC_NOT_CONFIGURED = OcfExitCode.NOT_CONFIGURED.code();

  // Pacemaker's execution status codes (enum pcmk_exec_status) that the unpack tells apart.
  private static final int EXEC_PENDING = ExecStatus.PENDING.code();
  private static final int EXEC_DONE = ExecStatus.DONE.code();
  private static final int EXEC_CANCELLED = ExecStatus.CANCELLED.code();
  private static final int EXEC_ERROR = ExecStatus.ERROR.code();
  private static final int EXEC_ERROR_HARD = ExecStatus.ERROR_HARD.code();
  private static final int EXEC_ERROR_FATAL = ExecStatus.ERROR_FATAL.code();
  private static final int EXEC_NOT_INSTALLED = ExecStatus.NOT_INSTALLED.code();
  private static final int EXEC_NO_FENCE_DEVICE = ExecStatus.NO_FENCE_DEVICE.code();
  private static final int EXEC_NO_SECRETS = ExecStatus.NO_SECRETS.code();

  private final Cib cib;
  private final Map<String, Primitive> primitives;
  private final MetaLookup meta;
  private final boolean stonith;
  private final FailCounts failCounts;
  private final HistoryResult scratch = new HistoryResult();

  /** Each filler's container ({@link Containers}), for the restart-container default. */
  private final Map<String, String> containers;

  HistoryUnpacker(
      Cib cib,
      Map<String, Primitive> primitives,
      MetaLookup meta,
      boolean stonith,
      FailCounts failCounts) {
    this.cib = cib;
    this.primitives = primitives;
    this.meta = meta;
    this.stonith = stonith;
    this.failCounts = failCounts;
    this.containers = Containers.fillers(cib.configuration(), meta);
  }

  /**
   * Reads one history of a primitive on {@code node}: its operations ordered by call id, each
   * judged against the rc it expected. The result is reused by the next call.
   */
  HistoryResult history(LrmResource lr, String node) {
    List<LrmRscOp> ops = lr.ops();
    // Pending operations (call id -1) happened last; otherwise the call id gives the order.
    if (ops.size() > 1) {
      ops = new ArrayList<>(ops);
      ops.sort(
          Comparator.comparingLong(
              o -> o.callId() == null || o.callId() < 0 ? Long.MAX_VALUE : o.callId()));
    }
    HistoryResult h = scratch.reset();
    // Looked up only on a failure: a lookup per history entry was a fifth of the whole schedule of
    // 64 nodes x 10,000 resources (640,000 entries, memory-bound).
    Primitive p = null;
    for (int i = 0; i < ops.size(); i++) {
      LrmRscOp op = ops.get(i);
      String task = op.operation() == null ? "" : op.operation();
      int rc = op.rcCode() == null ? 0 : op.rcCode();
      // OCF 1.1's degraded results count as their healthy counterparts (Pacemaker remaps them).
      rc = OcfExitCode.healthy(rc);
      int status = op.opStatus() == null ? 0 : op.opStatus();
      boolean pending = (op.callId() != null && op.callId() < 0) || status == EXEC_PENDING;
      boolean probe = task.equals("monitor") && op.intervalMs() == 0;
      if (pending) {
        switch (task) {
          // A pending migrate_from does not make the target active yet: 2.1.5 shows the
          // resource as migrating on the source and plans the whole migration again.
          case "start" -> h.role = Role.STARTED;
          case "promote" -> h.role = Role.PROMOTED;
          case "demote" -> h.role = Role.UNPROMOTED;
          default -> {}
        }
        continue;
      }
      if (status == EXEC_CANCELLED) {
        continue; // says nothing about the role
      }
      if (status == EXEC_ERROR) {
        // Pacemaker re-derives the outcome of an "error" from the rc the action expected.
        status = EXEC_DONE;
      }
      boolean expectedOk;
      if (status != EXEC_DONE) {
        expectedOk = false;
      } else if (probe) {
        expectedOk = rc == RC_OK || rc == RC_NOT_RUNNING || rc == RC_PROMOTED;
      } else if (task.equals("monitor")) {
        // A monitor of the Stopped role expects "not running": finding it running is a failure
        // (it is active where it should not be).
        expectedOk =
            (rc == RC_OK || rc == RC_PROMOTED)
                && !(rc == RC_OK && Integer.valueOf(RC_NOT_RUNNING).equals(op.targetRc()));
      } else {
        expectedOk = rc == RC_OK;
      }
      if (!expectedOk && status == EXEC_DONE) {
        // The rc the action expected counts as success too; read from the transition key only
        // when it can change the outcome (it is parsed, and most entries succeed plainly). An
        // error rc is a failure even when expected: remap_operation lets only ok, not running and
        // promoted pass as the target rc.
        Integer target = op.targetRc();
        expectedOk =
            target != null
                && rc == target
                && (rc == RC_OK || rc == RC_NOT_RUNNING || rc == RC_PROMOTED);
      }
      if (expectedOk) {
        if (!task.equals("monitor")) {
          h.migratedFrom = null;
          if (rc == RC_NOT_RUNNING) {
            // An expected "not running" leaves it stopped, whatever the action (Pacemaker's
            // remap of PCMK_OCF_NOT_RUNNING when it is the target rc).
            h.role = Role.STOPPED;
            h.failed = false;
            h.demote = false;
            h.restartContainer = false;
            continue;
          }
        }
        switch (task) {
          case "start", "migrate_from" -> {
            h.role = Role.STARTED;
            h.failed = false;
            h.demote = false;
            h.restartContainer = false;
            if (task.equals("migrate_from")) {
              h.migratedFrom = op.otherAttributes().get("migrate_source");
            }
          }
          case "stop" -> {
            h.role = Role.STOPPED;
            h.failed = false;
            h.demote = false;
            h.stopFailed = false;
            h.restartContainer = false;
          }
          case "promote" -> {
            h.role = Role.PROMOTED;
            h.failed = false;
            h.demote = false;
            h.restartContainer = false;
          }
          case "demote" -> {
            // A demote clears only a failure whose on-fail was demote (update_resource_state):
            // an instance that failed otherwise and was demoted since is still to be recovered.
            h.role = Role.UNPROMOTED;
            h.demote = false;
            h.restartContainer = false;
          }
          case "migrate_to" -> h.role = Role.STARTED;
          case "monitor" -> {
            if (rc == RC_NOT_RUNNING) {
              h.role = Role.STOPPED;
              h.failed = false;
              h.demote = false;
              h.restartContainer = false;
            } else if (rc == RC_PROMOTED) {
              h.role = Role.PROMOTED;
            } else if (h.role == Role.STOPPED || h.role == Role.PROMOTED && probe) {
              h.role = Role.STARTED;
            }
          }
          default -> {}
        }
        continue;
      }
      // A failure. Hard errors ban the node; "not configured" bans every node (Pacemaker). The
      // execution status says so too: hard error, agent not installed, no fence device or
      // secrets (hard), fatal error.
      // Pacemaker's remap: rc 2, 4, 5 (and 3 of a non-recurring action) are hard errors, rc 6 a
      // fatal one. A failure that on-fail=ignore pretends succeeded bans nothing, except an agent
      // that is not installed at all, which cannot be ignored (it is recovered elsewhere).
      boolean notInstalled = status == EXEC_NOT_INSTALLED;
      boolean hard =
          rc == RC_INVALID_PARAM
              || rc == RC_INSUFFICIENT_PRIV
              || rc == RC_NOT_INSTALLED
              || (rc == RC_UNIMPLEMENTED && op.intervalMs() == 0)
              || status == EXEC_ERROR_HARD
              || notInstalled
              || status == EXEC_NO_FENCE_DEVICE
              || status == EXEC_NO_SECRETS;
      boolean fatal = !hard && (rc == RC_NOT_CONFIGURED || status == EXEC_ERROR_FATAL);
      if (probe && rc == RC_NOT_INSTALLED) {
        h.hardError = true;
        h.role = Role.STOPPED;
        continue;
      }
      if (p == null) {
        p = primitives.get(HistoryIds.baseId(lr.id()));
      }
      String onFail = onFail(p, task, op.intervalMs());
      if (failureExpired(node, p, op, onFail)) {
        // "Ignoring expired failure"; a recurring op is run again (RecurringHistory).
        if (op.intervalMs() > 0 && op.id() != null) {
          if (h.expiredRecurring == null) {
            h.expiredRecurring = new HashSet<>();
          }
          h.expiredRecurring.add(op.id());
        }
        continue;
      }
      if (notInstalled && "ignore".equals(onFail)) {
        onFail = null; // "Cannot ignore failed ... Resource agent doesn't exist"
      }
      if (!"ignore".equals(onFail)) {
        h.hardError |= hard;
        h.fatalError |= fatal;
      }
      if ("demote".equals(onFail)
          && h.role == Role.PROMOTED
          && (task.equals("monitor") || task.equals("promote"))) {
        // on-fail=demote (Pacemaker 2.0.5): the instance is demoted, not recovered; it may be
        // promoted again ("Re-promote") if it is still the best candidate.
        h.demote = true;
        continue;
      }
      if (onFail == null
          && StatusUnpacker.reconnects(p)
          && !probe
          && !task.equals("start")
          && !task.equals("stop")) {
        // A remote connection's failure (on-fail reset-remote, its default) with a reconnect
        // delay keeps it stopped until the failure expires (2.1.5's fail_role and "remote reset").
        h.stopResource = true;
      }
      if ("stop".equals(onFail)) {
        // Pacemaker sets the resource's next role to Stopped; a later successful stop does not
        // clear that (only a cleanup of the failure does).
        h.stopResource = true;
      }
      if ("restart-container".equals(onFail)) {
        h.restartContainer = true;
        if (task.equals("stop")) {
          // unpack_rsc_op pretends a failed stop of a filler succeeded: the container's restart
          // stops it anyway.
          h.failureIgnored = true;
          h.role = Role.STOPPED;
          h.failed = false;
          h.demote = false;
          h.stopFailed = false;
          continue;
        }
      }
      if ("ignore".equals(onFail)) {
        h.failureIgnored = true;
        if (h.role == Role.STOPPED && !task.equals("stop")) {
          h.role = Role.STARTED;
        }
        continue;
      }
      switch (task) {
        case "stop" -> {
          h.role = h.role == Role.STOPPED ? Role.STARTED : h.role;
          h.failed = true;
          h.stopFailed = true;
          if (onFail == null || "fence".equals(onFail)) {
            h.fenceNode = true;
          }
        }
        case "start" -> {
          h.role = Role.STARTED;
          h.failed = true;
          h.startFailed = true;
        }
        case "promote" -> {
          h.role = Role.PROMOTED;
          h.failed = true;
        }
        case "demote" -> {
          // 2.1.5 takes a failed demote as having left the instance unpromoted
          h.role = Role.UNPROMOTED;
          h.failed = true;
        }
        case "monitor" -> {
          if (rc == RC_FAILED_PROMOTED) {
            h.role = Role.PROMOTED;
          } else if (h.role == Role.STOPPED) {
            h.role = Role.STARTED;
          }
          h.failed = true;
        }
        default -> {
          if (h.role == Role.STOPPED) {
            h.role = Role.STARTED;
          }
          h.failed = true;
        }
      }
      if ("fence".equals(onFail)) {
        h.fenceNode = true;
      }
      // on-fail=block freezes a resource whose stop failed; a failed recurring monitor with
      // on-fail=block is still subject to migration-threshold (2.1.5 stops such a clone copy).
      boolean monitorBlock =
          "block".equals(onFail)
              && task.equals("monitor")
              && !probe
              && failCountReached(lr.id(), node, p);
      if (("block".equals(onFail) && !monitorBlock)
          || (task.equals("stop") && "fence".equals(onFail) && !stonith)) {
        h.blocked = true;
      }
    }
    return h;
  }

  /**
   * Pacemaker's check_operation_expiry for a failed operation. A failure-timeout does not apply to
   * a failure with on-fail=block (pe_get_failcount drops it as conflicting), nor to a monitor of a
   * remote connection with reconnect_interval while fencing is enabled (its failure is kept until
   * the remote node is fenced: should_ignore_failure_timeout).
   */
  private boolean failureExpired(String node, Primitive p, LrmRscOp op, String onFail) {
    if (p == null || "block".equals(onFail)) {
      return false;
    }
    if (stonith
        && StatusUnpacker.reconnects(p)
        && op.intervalMs() > 0
        && !cib.nodeState(p.id())
            .map(s -> StatusUnpacker.truthy(s.otherAttributes().get("node_fenced")))
            .orElse(false)) {
      return false;
    }
    Optional<NodeState> ns = cib.nodeState(node);
    return ns.isPresent() && failCounts.failureExpired(ns.get(), p, op.lastRcChange());
  }

  private boolean failCountReached(String historyId, String node, Primitive p) {
    if (p == null) {
      return false;
    }
    Optional<NodeState> ns = cib.nodeState(node);
    if (ns.isEmpty()) {
      return false;
    }
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    failCounts.read(ns.get(), counts);
    int count = counts.getOrDefault(HistoryIds.baseId(historyId), Map.of()).getOrDefault(node, 0);
    int threshold = MetaLookup.intOf(meta.meta(p, "migration-threshold"), 1_000_000);
    return threshold > 0 && count >= threshold;
  }

  /**
   * The on-fail of a failed operation as Pacemaker's unpack_operation resolves it: the op's own
   * value, else restart-container for a resource that has a container (also for its stop), else the
   * stop's fence or block. restart-container without a container means the default.
   */
  private String onFail(Primitive p, String task, long intervalMs) {
    if (p == null) {
      return null;
    }
    boolean inContainer = containers.containsKey(p.id());
    for (Op o : p.operations()) {
      if (task.equals(o.name())
          && o.intervalMs() == intervalMs
          && o.onFail() != null
          && (inContainer || !o.onFail().equals("restart-container"))) {
        return o.onFail();
      }
    }
    if (inContainer) {
      return "restart-container";
    }
    if (task.equals("stop")) {
      return stonith ? "fence" : "block";
    }
    return null;
  }
}
