package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The quorum decision, driven without JGroups (as a simulator would). */
@Tag("unit")
class RaftQuorumPolicyTest {
  static final List<String> VOTERS = List.of("a", "b", "c");
  final QuorumPolicy p = QuorumPolicy.standard();

  QuorumState decide(Set<String> view, boolean seen, String leader, boolean selfLeader) {
    return p.decide(new QuorumInputs("a", VOTERS, view, seen, true, leader, selfLeader));
  }

  @Test
  void quorateWithLeaderAndMajority() {
    QuorumState s = decide(Set.of("a", "b"), true, "a", true);
    assertTrue(s.quorate());
    assertTrue(s.selfIsDc());
    assertEquals("a", s.dc());
  }

  @Test
  void aStaleLeaderInAMinorityViewIsNotQuorate() {
    // The isolated ex-leader still holds the Raft role until it steps down.
    QuorumState s = decide(Set.of("a"), true, "a", true);
    assertFalse(s.quorate());
    assertFalse(s.selfIsDc());
    assertEquals("no quorum: 1 of 3 voters reachable, 2 needed", s.reason());
  }

  @Test
  void aMajorityViewWithoutLeaderIsNotQuorate() {
    QuorumState s = decide(Set.of("a", "b", "c"), true, null, false);
    assertFalse(s.mayEdit());
    assertTrue(s.reason().startsWith("no quorum: no DC"));
  }

  @Test
  void waitForAllBlocksUntilEveryVoterWasSeen() {
    QuorumState s = decide(Set.of("a", "b"), false, "a", true);
    assertFalse(s.mayEdit());
    assertTrue(s.reason().contains("not yet seen together: [c]"), s.reason());
    assertTrue(
        p.decide(new QuorumInputs("a", VOTERS, Set.of("a", "b"), false, false, "a", true))
            .quorate(),
        "without wait_for_all a majority suffices");
  }
}
