package org.paceline.replication;

import java.util.List;
import java.util.Set;

/**
 * What the quorum decision looks at, gathered by the adapters (JGroups view, Raft role, the
 * persisted wait_for_all marker) and passed in so the decision itself does no I/O.
 *
 * @param self this node's name
 * @param voters every configured Raft member (voters and witness)
 * @param view node names in the current JGroups view
 * @param seenTogether whether all voters have been in one view at least once (wait_for_all)
 * @param waitForAll whether wait_for_all is configured
 * @param raftLeader the Raft leader's node name, or null when none is known
 * @param selfIsLeader whether this node's RAFT role is leader
 */
public record QuorumInputs(
    String self,
    List<String> voters,
    Set<String> view,
    boolean seenTogether,
    boolean waitForAll,
    String raftLeader,
    boolean selfIsLeader) {
  public QuorumInputs {
    voters = List.copyOf(voters);
    view = Set.copyOf(view);
  }
}
