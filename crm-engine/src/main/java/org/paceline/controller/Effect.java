package org.paceline.controller;

import org.paceline.cib.Cib;

/** What a controller asks its adapters to do: the outputs of {@link Controller#step}. */
public sealed interface Effect {

  /**
   * Run an agent action on a node's local executor and answer with {@link Event.OperationResult}. A
   * monitor with an interval starts a recurring monitor (its first result answers); {@code cancel}
   * stops the recurring monitor of that interval.
   *
   * @param node where to run it
   * @param transitionId to echo in the result
   * @param resource the resource (instance) id; its definition comes from the configuration
   * @param task start, stop, monitor, promote, demote, migrate_to, migrate_from, notify, cancel
   * @param intervalMs monitor interval, or 0 (0 with monitor is a probe)
   * @param timeoutMs the operation's timeout from the configuration
   * @param expectedRc the OCF rc that counts as success
   * @param migrateSource for migrate_to/migrate_from: the source node, else null
   * @param migrateTarget for migrate_to/migrate_from: the target node, else null
   * @param configVersion the configuration the DC scheduled it on (null: unknown); the node runs it
   *     only once its own copy is at least that new, so that it resolves the resource as the DC
   *     meant it (a clone made of a running primitive, changed parameters)
   * @param meta the action's own meta attributes for the agent (a notification's {@code notify_*}
   *     lists); empty for most actions
   */
  record RunOperation(
      String node,
      long transitionId,
      String resource,
      String task,
      long intervalMs,
      long timeoutMs,
      int expectedRc,
      String migrateSource,
      String migrateTarget,
      org.paceline.cib.CibVersion configVersion,
      java.util.Map<String, String> meta)
      implements Effect {
    public RunOperation {
      meta = meta == null || meta.isEmpty() ? java.util.Map.of() : java.util.Map.copyOf(meta);
    }
  }

  /**
   * Prove quorum before acting: commit a no-op through Raft (a majority must acknowledge it) and
   * answer {@link Event.QuorumConfirmed} with the token. A DC cut off from the majority still
   * believes it leads until Raft's step-down; this round trip is what keeps it from starting,
   * promoting or fencing anything meanwhile.
   */
  record ConfirmQuorum(long token) implements Effect {}

  /** Fence a node (only the DC with quorum asks); answer with {@link Event.FenceResult}. */
  record Fence(String target, String action, String reason) implements Effect {}

  /**
   * Fence this node itself: a node acting alone without quorum whose transition fences it
   * (no-quorum-policy=suicide, Pacemaker's no-quorum-panic). No device is asked and no quorum is
   * proved (a node may always take itself down); the daemon does it through the systemd watchdog it
   * pings, or says clearly that it cannot. Nothing answers: the node is going down.
   */
  record SelfFence(String reason) implements Effect {}

  /** Call back with {@link Event.TimerFired} after {@code delayMs}; same id replaces. */
  record SetTimer(String id, long delayMs) implements Effect {}

  /** Ask a node for its {@link Event.NodeReport} for this term. */
  record RequestReport(String node, long term) implements Effect {}

  /** Tell a node that asked to shut down that its resources are gone and it may leave. */
  record AllowShutdown(String node) implements Effect {}

  /**
   * Keep the scheduler's input for replay with {@code crm simulate -x} (the adapter writes it and
   * rotates old ones).
   *
   * @param sequence increasing per DC
   * @param input the CIB (configuration and status) the scheduler ran on
   */
  record SaveSchedulerInput(long sequence, Cib input) implements Effect {}

  /** A line for the log: what the controller decided and why. */
  record Log(String message) implements Effect {}
}
