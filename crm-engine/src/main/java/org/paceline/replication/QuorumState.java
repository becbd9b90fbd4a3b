package org.paceline.replication;

/**
 * The quorum decision: whether this partition may make cluster decisions, who the DC is, and, when
 * it may not, why in words for the operator.
 *
 * @param quorate a Raft leader is known and a majority of voters is in this node's view
 * @param dc the DC (the Raft leader) or null
 * @param selfIsDc this node is the DC and may schedule and fence (quorate, wait_for_all met)
 * @param mayEdit configuration edits may be proposed from here
 * @param reason why not, or "quorate"
 */
public record QuorumState(
    boolean quorate, String dc, boolean selfIsDc, boolean mayEdit, String reason) {}
