package org.paceline.controller;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.Cib;
import org.paceline.cib.LrmResource;

/** What happens to a controller: the inputs of {@link Controller#step}. */
public sealed interface Event {

  /**
   * The membership layer's current view: the nodes whose daemon is reachable from this one.
   *
   * @param members node names (witnesses included; nodes the configuration does not list are
   *     ignored)
   */
  record MembershipChanged(Set<String> members) implements Event {
    public MembershipChanged {
      members = Set.copyOf(members);
    }
  }

  /**
   * Raft's verdict for this node.
   *
   * @param dc whether this node is the Raft leader and so the DC
   * @param quorate whether this node's partition holds a majority of voters
   * @param term the Raft term (a new DC's term is higher than every older one)
   */
  record LeadershipChanged(boolean dc, boolean quorate, long term) implements Event {}

  /**
   * Whether this node's membership view holds a majority of the Raft voters. A node cut off in a
   * minority applies no-quorum-policy to its own resources itself (nobody else can reach them).
   *
   * @param majority whether the view has more than half of the voters
   */
  record PartitionChanged(boolean majority) implements Event {}

  /**
   * A configuration committed by a majority. Only its configuration part is used; status comes from
   * the nodes.
   */
  record ConfigurationCommitted(Cib cib) implements Event {}

  /**
   * A node's whole resource history as its executor knows it, sent when a new DC asks for it or
   * when the node joins.
   *
   * @param node the reporting node
   * @param term the DC term the report answers (reports for older terms are ignored)
   * @param history one entry per resource (instance) the executor ran anything for
   * @param attributes the node's transient attributes (promotion scores, ...)
   */
  record NodeReport(
      String node, long term, List<LrmResource> history, Map<String, String> attributes)
      implements Event {
    public NodeReport {
      history = List.copyOf(history);
      attributes = Map.copyOf(attributes);
    }
  }

  /**
   * A finished operation on a node: the answer to a {@link Effect.RunOperation}, or a recurring
   * monitor's result that differs from the previous one.
   *
   * @param node where it ran
   * @param transitionId the transition that asked for it, or -1 for a recurring monitor's report
   * @param resource the resource (instance) id
   * @param task the action name (start, stop, monitor, ...)
   * @param intervalMs the monitor interval, or 0
   * @param rc the OCF exit code
   * @param opStatus 0 done, 1 cancelled, 2 timed out, 4 error, 5 not installed (Pacemaker's
   *     execution status)
   * @param exitReason the agent's {@code ocf-exit-reason}, or empty
   * @param execMs how long it ran
   */
  record OperationResult(
      String node,
      long transitionId,
      String resource,
      String task,
      long intervalMs,
      int rc,
      int opStatus,
      String exitReason,
      long execMs)
      implements Event {}

  /**
   * A fencing request's outcome.
   *
   * @param target the node that was to be fenced
   * @param ok whether the device confirmed it (power off or reboot done)
   * @param detail the device, level and timing, or the error
   */
  record FenceResult(String target, boolean ok, String detail) implements Event {}

  /** A timer set with {@link Effect.SetTimer} fired. */
  record TimerFired(String id) implements Event {}

  /** A node set or cleared a transient attribute (a promotion score, ...); null value clears. */
  record AttributeChanged(String node, String name, String value) implements Event {}

  /**
   * {@code crm resource cleanup}: forget a resource's failures (and history) on one or all nodes.
   */
  record Cleanup(String resource, String node) implements Event {}

  /**
   * The answer to {@link Effect.ConfirmQuorum}: whether a Raft round trip committed after the
   * request, i.e. this node was still the leader of a majority when it answered.
   */
  record QuorumConfirmed(long token, boolean ok) implements Event {}

  /** A node asks to leave cleanly: its resources move away first, then it may stop. */
  record ShutdownRequested(String node) implements Event {}

  /**
   * {@code crm node fence NODE}: an operator asks the DC to fence a node now; it is handled like a
   * node whose state is unknown (fenced before anything it ran is recovered).
   */
  record FenceRequested(String node, String by) implements Event {}
}
