package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * With the fallback {@code security: key}: a process without the cluster key cannot join
 * (SYM_ENCRYPT drops its join requests), and wait_for_all keeps the two keyed nodes from making
 * cluster decisions until every configured voter has been seen once.
 */
@Tag("process")
class MembershipKeyTest {
  /** How long the intruder is watched: several join timeouts and MERGE3 rounds. */
  static final Duration WATCH = Duration.ofSeconds(8);

  @Test
  void processWithAnotherKeyCannotJoin() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      Path key = h.dir().resolve("cluster.key");
      ClusterKey.generate(key);
      h.useKey("a", key);
      h.useKey("b", key);
      Path other = h.dir().resolve("other.key");
      ClusterKey.generate(other);
      h.useKey("c", other);
      h.startAll();
      h.await(
          "a and b form a view",
          () -> "a,b".equals(h.status("a").get("view")) && "a,b".equals(h.status("b").get("view")));
      h.await("c is up (alone)", () -> "c".equals(h.status("c").get("view")));
      long end = System.nanoTime() + WATCH.toNanos();
      while (System.nanoTime() < end) {
        Map<String, String> a = h.status("a");
        Map<String, String> c = h.status("c");
        assertEquals("a,b", a.get("view"), "c must never enter a's view");
        assertEquals("c", c.get("view"), "c must never see a or b");
        assertTrue(a.get("reason").startsWith("wait_for_all"), a.get("reason"));
        assertEquals("false", a.get("quorate"));
        Thread.sleep(200);
      }
      String r = h.call("a", "property x y");
      assertTrue(r.startsWith("error: wait_for_all"), r);

      // With the right key, c joins and the cluster becomes quorate.
      h.kill("c");
      h.useKey("c", key);
      h.start("c");
      h.awaitFormed(List.of("a", "b", "c"));
    }
  }
}
