package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real partition: three nodes in three network namespaces behind a bridge; the DC's cable is
 * pulled. The isolated ex-DC never acknowledges an edit ("no quorum"), the majority elects a new DC
 * and commits; after the heal every node has the identical configuration, the acknowledged edits
 * are all there and the refused one is not.
 */
@Tag("root")
class RaftPartitionNetnsTest {
  @Test
  void isolatedDcRefusesEditsAndHealConverges() throws Exception {
    assumeTrue(NetworkLab.available(), "needs root and iproute2 (ip netns)");
    List<String> nodes = List.of("a", "b", "c");
    Map<String, String> m = new LinkedHashMap<>();
    nodes.forEach(n -> m.put(n, "voter"));
    try (NetworkLab lab = new NetworkLab(nodes);
        ClusterHarness h = new ClusterHarness(m, lab.addresses(), lab.prefixes())) {
      h.startAll();
      String dc = h.awaitFormed(nodes);
      assertTrue(h.call(dc, "property edit-1 one").startsWith("ok\ncommitted"));
      List<String> rest = nodes.stream().filter(n -> !n.equals(dc)).toList();

      long t0 = System.nanoTime();
      lab.cut(dc);
      // Sent at once: the ex-DC may still believe it leads, so this waits edit_timeout_ms and must
      // come back refused, never acknowledged.
      String r = h.call(dc, "property edit-3 three");
      assertTrue(r.startsWith("error: no quorum"), r + "\n" + h.logs());
      h.await("majority elects a new DC", () -> rest.contains(h.status(rest.get(0)).get("dc")));
      System.out.println(
          "cable of DC pulled -> new DC seen (after the ex-DC refused an edit) at "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms");
      // Right after a failover on a loaded machine an edit can time out unacknowledged (seen once
      // in four runs); the operator retries, and only acknowledged edits must survive.
      String[] ack = new String[1];
      h.await(
          "edit-2 acknowledged by the majority",
          () -> {
            try {
              ack[0] = h.call(rest.get(0), "property edit-2 two");
            } catch (java.io.IOException e) {
              return false;
            }
            return ack[0].startsWith("ok\ncommitted");
          });
      h.await(
          "isolated ex-DC knows it has no quorum",
          () -> h.status(dc).getOrDefault("reason", "").startsWith("no quorum"));
      r = h.call(dc, "property edit-4 four");
      assertTrue(r.startsWith("error: no quorum"), r + "\n" + h.logs());

      lab.heal(dc);
      h.awaitFormed(nodes);
      h.await(
          "identical configuration on all nodes",
          () -> {
            String sha = h.status("a").get("config_sha256");
            return sha != null
                && sha.equals(h.status("b").get("config_sha256"))
                && sha.equals(h.status("c").get("config_sha256"));
          });
      for (String n : nodes) {
        Map<String, String> s = h.status(n);
        assertEquals("one", s.get("property.edit-1"), n);
        assertEquals("two", s.get("property.edit-2"), n);
        assertEquals(null, s.get("property.edit-3"), n);
        assertEquals(null, s.get("property.edit-4"), n);
      }
    }
  }
}
