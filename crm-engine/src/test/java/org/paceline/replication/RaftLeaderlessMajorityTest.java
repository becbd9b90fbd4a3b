package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.daemon.AdminProtocol;

/**
 * The state the lab found after merges (jgroups-raft #306): a majority view in which no member
 * leads, one still names the old leader, and no election runs because no view change comes. Three
 * real daemons are put into it through a test hook; {@link ElectionWatch} must elect a DC again.
 */
@Tag("process")
class RaftLeaderlessMajorityTest {
  private static final List<String> NODES = List.of("a", "b", "c");
  private ClusterHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aMajorityLeftWithoutALeaderElectsOneAgain() throws Exception {
    h = ClusterHarness.threeVoters();
    for (String n : NODES) {
      h.environment(n, Map.of("PACELINE_TEST_HOOKS", "1"));
    }
    h.startAll();
    String dc = h.awaitFormed(NODES);
    long term = Long.parseLong(h.status(dc).get("term"));
    List<String> followers = NODES.stream().filter(n -> !n.equals(dc)).toList();

    // One follower forgets the leader, the leader steps down; the other follower still names it.
    assertTrue(h.call(followers.get(0), "raft-forget-leader").startsWith(AdminProtocol.OK));
    assertTrue(h.call(dc, "raft-forget-leader").startsWith(AdminProtocol.OK));
    assertEquals("false", h.status(dc).get("is_dc"), "the hook made the leader step down");

    // Without the watch nothing changes now (no view change ever comes). With it, the view's
    // coordinator starts a voting round after the grace period.
    h.await(
        "one DC again, in a later term, on every node",
        Duration.ofSeconds(20),
        () -> {
          String d = null;
          for (String n : NODES) {
            Map<String, String> s = h.status(n);
            if (!"true".equals(s.get("quorate"))
                || s.get("dc") == null
                || "null".equals(s.get("dc"))
                || Long.parseLong(s.getOrDefault("term", "0")) <= term
                || (d != null && !d.equals(s.get("dc")))) {
              return false;
            }
            d = s.get("dc");
          }
          return true;
        });
    assertTrue(
        NODES.stream()
            .anyMatch(
                n -> h.log(n).contains("no Raft leader in a majority view; starting an election")),
        h.logs());
    // And the configuration can be edited again.
    String answer = h.call(followers.get(1), "property batch-limit 7");
    assertTrue(answer.startsWith(AdminProtocol.OK), answer);
  }
}
