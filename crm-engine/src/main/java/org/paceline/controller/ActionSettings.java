package org.paceline.controller;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.HistoryIds;
import org.paceline.cib.IntervalSpec;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;

/**
 * What one committed configuration says about the actions the DC runs: history ids, the rc each
 * action expects, operation timeouts, the batch limit, the fencing action and the recheck interval.
 * Immutable per configuration, so the controller makes a new one whenever the configuration
 * changes.
 */
final class ActionSettings {
  private static final int RC_OK = OcfExitCode.SUCCESS.code();
  private static final int RC_NOT_RUNNING = OcfExitCode.NOT_RUNNING.code();
  private static final int RC_PROMOTED = OcfExitCode.RUNNING_PROMOTED.code();

  /** How often the DC re-runs the scheduler for expiries when no recheck interval is set. */
  static final long TIME_BASED_POLL_MS = 60_000L;

  private final Cib config;
  private final long defaultOperationTimeoutMs;
  private Set<String> anonymousClonePrimitives;

  ActionSettings(Cib config, long defaultOperationTimeoutMs) {
    this.config = config;
    this.defaultOperationTimeoutMs = defaultOperationTimeoutMs;
  }

  /** The rc that counts as success of an action of the transition. */
  int expectedRc(Action a) {
    if (a.task() == ActionTask.MONITOR) {
      if (a.intervalMs() == 0) {
        return RC_NOT_RUNNING;
      }
      return monitorExpectedRc(a.resource(), a.intervalMs());
    }
    return RC_OK;
  }

  /** A recurring monitor expects "promoted" when configured for the Promoted role, else ok. */
  int monitorExpectedRc(String resource, long intervalMs) {
    return primitive(historyId(resource))
        .flatMap(p -> op(p, "monitor", intervalMs))
        .map(o -> o.role() == Role.PROMOTED ? RC_PROMOTED : RC_OK)
        .orElse(RC_OK);
  }

  /** The action's timeout: its op's, else op_defaults', else the controller's default. */
  long timeoutMs(Action a) {
    String task = (a.task() == ActionTask.CANCEL ? ActionTask.MONITOR : a.task()).pacemakerName();
    Optional<Primitive> p = primitive(historyId(a.resource()));
    long t =
        p.flatMap(x -> op(x, task, a.intervalMs()))
            .map(Op::timeoutMs)
            .filter(v -> v > 0)
            .orElse(-1L);
    if (t > 0) {
      return t;
    }
    return config.configuration().opDefaults().stream()
        .map(s -> NvSet.lookup(List.of(s), "timeout"))
        .flatMap(Optional::stream)
        .findFirst()
        .map(
            v -> {
              try {
                return IntervalSpec.toMs(v);
              } catch (RuntimeException e) {
                return defaultOperationTimeoutMs;
              }
            })
        .orElse(defaultOperationTimeoutMs);
  }

  /** {@code batch-limit}: the most operations running at once, 0 for no limit. */
  int batchLimit() {
    return ClusterOption.BATCH_LIMIT.integer(config.configuration());
  }

  /** {@code stonith-action}: what a fencing asks of the device. */
  String stonithAction() {
    return ClusterOption.STONITH_ACTION.word(config.configuration());
  }

  /** {@code start-failure-is-fatal}: whether a failed start bans the node (INFINITY fail count). */
  boolean startFailureIsFatal() {
    return ClusterOption.START_FAILURE_IS_FATAL.enabled(config.configuration());
  }

  /**
   * When to schedule again for time-based changes, 0 for never: {@code cluster-recheck-interval} as
   * Pacemaker reads it (0 disables) when the operator set it; otherwise {@link
   * #TIME_BASED_POLL_MS}, because the DC does not yet compute the next failure-timeout expiry as
   * Pacemaker 2.0.3+ does, and 15 minutes is too late for a failure-timeout of a minute.
   */
  long recheckMs() {
    if (config
        .configuration()
        .property(ClusterOption.CLUSTER_RECHECK_INTERVAL.propertyName())
        .isEmpty()) {
      return TIME_BASED_POLL_MS;
    }
    return ClusterOption.CLUSTER_RECHECK_INTERVAL.durationMs(config.configuration());
  }

  private static Optional<Op> op(Primitive p, String name, long intervalMs) {
    return p.operations().stream()
        .filter(o -> name.equals(o.name()) && o.intervalMs() == intervalMs)
        .findFirst();
  }

  /** The primitive with this id, if the configuration has one. */
  Optional<Primitive> primitive(String id) {
    return config
        .configuration()
        .allResources()
        .filter(r -> r instanceof Primitive && r.id().equals(id))
        .map(r -> (Primitive) r)
        .findFirst();
  }

  /**
   * The status section's id for a resource instance: an anonymous clone's instances share the
   * primitive's id ({@code db:1} is recorded as {@code db}), as in Pacemaker.
   */
  String historyId(String resource) {
    String base = HistoryIds.baseId(resource);
    return !base.equals(resource) && anonymousClonePrimitives().contains(base) ? base : resource;
  }

  private Set<String> anonymousClonePrimitives() {
    if (anonymousClonePrimitives == null) {
      anonymousClonePrimitives = config.configuration().anonymousClonePrimitiveIds();
    }
    return anonymousClonePrimitives;
  }
}
