package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * A daemon killed (-9) and started again at once, over and over, rejoins by itself (issue 22 item
 * 4): three real daemons on loopback, real JGroups channels and Raft. The new process binds the
 * same ports while the members may still list the old incarnation; it must neither exit nor stay a
 * singleton, and the cluster must be quorate with it again within a deadline each time.
 */
@Tag("process")
class RejoinProcessTest {
  /** Kill-and-restart rounds per test. */
  static final int ROUNDS = 6;

  /**
   * How long a restarted node may take to be back in every member's view with one DC: JVM start (~2
   * s on a loaded 2-core machine), failure detection of the old incarnation and the join.
   */
  static final Duration REJOIN_DEADLINE = Duration.ofSeconds(25);

  private ClusterHarness h;

  @BeforeEach
  void start() throws Exception {
    h = ClusterHarness.threeVoters();
    h.startAll();
    h.awaitFormed(List.of("a", "b", "c"));
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aMemberKilledAndRestartedAtOnceRejoinsEveryTime() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      // Alternate the victim, the JGroups coordinator (a, the first started) included.
      String victim = List.of("c", "a", "b").get(round % 3);
      killAndRestart(victim, round);
    }
  }

  @Test
  void aMemberKilledWhileItIsStillJoiningRejoins() throws Exception {
    // Killed again before its first join has finished: the members may list an incarnation that
    // never completed its start, and the next one must still get in.
    for (int round = 0; round < ROUNDS / 2; round++) {
      h.kill("c");
      int before = h.log("c").length();
      h.start("c");
      h.await(
          "c's new daemon wrote its first log line (round " + round + ")",
          Duration.ofSeconds(20),
          () -> h.log("c").length() > before);
      h.kill("c");
      h.start("c");
      awaitRejoined("c", round);
    }
  }

  private void killAndRestart(String victim, int round) throws Exception {
    h.kill(victim);
    h.start(victim);
    awaitRejoined(victim, round);
  }

  private void awaitRejoined(String victim, int round) throws Exception {
    long t0 = System.nanoTime();
    List<String> all = List.of("a", "b", "c");
    h.await(
        victim + " back in every member's view, quorate, one DC (round " + round + ")",
        REJOIN_DEADLINE,
        () -> {
          if (!h.isRunning(victim)) {
            throw new AssertionError(
                victim
                    + "'s restarted daemon exited with "
                    + h.exitValue(victim)
                    + " (round "
                    + round
                    + ")\n"
                    + h.saveLogs()
                    + h.logs());
          }
          return formed(all);
        });
    System.out.println(
        "rejoin: "
            + victim
            + " round "
            + round
            + " back in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms");
    assertTrue(h.isRunning(victim), h.saveLogs() + h.logs());
  }

  /** Every node sees all of them in its view, is quorate and names the same DC. */
  private boolean formed(List<String> nodes) {
    String dc = null;
    for (String n : nodes) {
      var s = h.status(n);
      if (!"true".equals(s.get("quorate")) || s.get("view") == null) {
        return false;
      }
      if (!List.of(s.get("view").split(",")).containsAll(nodes)) {
        return false;
      }
      if (dc != null && !dc.equals(s.get("dc"))) {
        return false;
      }
      dc = s.get("dc");
    }
    return dc != null && !"null".equals(dc);
  }
}
