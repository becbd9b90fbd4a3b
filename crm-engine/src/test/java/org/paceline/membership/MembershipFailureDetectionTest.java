package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * A hung node (SIGSTOP: sockets stay open, no FIN/RST) leaves the others' view within ~3 s (FD_ALL3
 * 2 s + VERIFY_SUSPECT2 0.3 s + view installation), and comes back after SIGCONT (MERGE3).
 */
@Tag("process")
class MembershipFailureDetectionTest {
  /** The target from the brief (~3 s) plus slack for a shared 2-core machine. */
  static final Duration HUNG_NODE_DEADLINE = Duration.ofMillis(4_500);

  @Test
  void hungNodeLeavesTheViewWithinAboutThreeSeconds() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      h.startAll();
      h.awaitFormed(List.of("a", "b", "c"));
      long t0 = System.nanoTime();
      h.stop("c");
      h.await(
          "a and b drop the hung node c",
          HUNG_NODE_DEADLINE,
          () -> "a,b".equals(h.status("a").get("view")) && "a,b".equals(h.status("b").get("view")));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("SIGSTOP -> removed from view after " + ms + " ms");
      assertTrue(ms < HUNG_NODE_DEADLINE.toMillis());
      h.resume("c");
      h.awaitFormed(List.of("a", "b", "c"));
    }
  }
}
