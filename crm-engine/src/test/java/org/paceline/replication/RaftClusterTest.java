package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three real daemons (separate JVMs, loopback): one DC, edits committed by a majority and visible
 * everywhere, a new DC after kill -9 of the DC, a minority refusing edits with "no quorum", and
 * identical configurations with no acknowledged edit lost after the heal.
 */
@Tag("process")
class RaftClusterTest {

  @Test
  void formsElectsReplicatesAndFailsOver() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      h.startAll();
      String dc = h.awaitFormed(List.of("a", "b", "c"));
      for (String n : List.of("a", "b", "c")) {
        assertEquals(dc, h.status(n).get("dc"), n + " agrees on the DC");
        assertEquals(String.valueOf(n.equals(dc)), h.status(n).get("is_dc"));
      }

      // An edit sent to a follower is redirected to the DC and acknowledged after commit.
      String follower = Stream.of("a", "b", "c").filter(n -> !n.equals(dc)).findFirst().get();
      String r = h.call(follower, "property stonith-enabled false");
      assertTrue(r.startsWith("ok\ncommitted version=0.1.0"), r);
      h.await(
          "edit visible on all nodes",
          () ->
              Stream.of("a", "b", "c")
                  .allMatch(n -> "false".equals(h.status(n).get("property.stonith-enabled"))));

      // kill -9 of the DC: the survivors elect a new one and accept edits again.
      long t0 = System.nanoTime();
      h.kill(dc);
      List<String> rest = Stream.of("a", "b", "c").filter(n -> !n.equals(dc)).toList();
      String[] newDc = new String[1];
      h.await(
          "a new DC among " + rest,
          () -> {
            Map<String, String> s = h.status(rest.get(0));
            newDc[0] = s.get("dc");
            return "true".equals(s.get("quorate"))
                && rest.contains(s.get("dc"))
                && s.get("dc").equals(h.status(rest.get(1)).get("dc"));
          });
      long electionMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("kill -9 of DC -> new DC " + newDc[0] + " after " + electionMs + " ms");
      assertNotEquals(dc, newDc[0]);
      r = h.call(rest.get(1), "property no-quorum-policy stop");
      assertTrue(r.startsWith("ok\ncommitted version=0.2.0"), r);

      // The old DC comes back with its data dir and catches up.
      h.start(dc);
      h.awaitFormed(List.of("a", "b", "c"));
      h.await("restarted node caught up", () -> "2".equals(h.status(dc).get("epoch")));
      assertEquals("stop", h.status(dc).get("property.no-quorum-policy"));
    }
  }

  @Test
  void minorityRefusesEditsAndHealLosesNoAcknowledgedEdit() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      h.startAll();
      h.awaitFormed(List.of("a", "b", "c"));
      assertTrue(h.call("a", "property edit-1 one").startsWith("ok"));

      // c hangs; the majority {a, b} still commits (and acknowledges) an edit.
      h.stop("c");
      h.await(
          "a and b see c gone",
          () ->
              "a,b".equals(h.status("a").get("view"))
                  && "true".equals(h.status("a").get("quorate")));
      String r = h.call("b", "property edit-2 two");
      assertTrue(r.startsWith("ok\ncommitted"), r);
      h.resume("c");
      h.await("c caught up", () -> "2".equals(h.status("c").get("epoch")));

      // Now c is the minority: a and b hang, c refuses with "no quorum".
      h.stop("a");
      h.stop("b");
      h.await(
          "c knows it has no quorum",
          Duration.ofSeconds(15),
          () -> h.status("c").getOrDefault("reason", "").startsWith("no quorum"));
      r = h.call("c", "property edit-3 three");
      assertTrue(r.startsWith("error: no quorum"), r);

      // Heal: identical configurations everywhere, both acknowledged edits kept, the refused one
      // absent.
      h.resume("a");
      h.resume("b");
      h.awaitFormed(List.of("a", "b", "c"));
      h.await(
          "identical configuration on all nodes",
          () -> {
            String sha = h.status("a").get("config_sha256");
            return sha != null
                && sha.equals(h.status("b").get("config_sha256"))
                && sha.equals(h.status("c").get("config_sha256"));
          });
      for (String n : List.of("a", "b", "c")) {
        Map<String, String> s = h.status(n);
        assertEquals("one", s.get("property.edit-1"), n);
        assertEquals("two", s.get("property.edit-2"), n);
        assertEquals(null, s.get("property.edit-3"), n);
        assertEquals("2", s.get("epoch"), n);
      }
    }
  }
}
