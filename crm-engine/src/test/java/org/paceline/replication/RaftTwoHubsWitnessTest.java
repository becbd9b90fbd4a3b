package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A two-hub site needs a witness (jgroups-raft has no two_node mode): hubs h1, h2 + witness w
 * survive the loss of either hub, keep a DC and keep committing edits.
 */
@Tag("process")
class RaftTwoHubsWitnessTest {
  @Test
  void survivesTheLossOfEitherHub() throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("h1", "voter");
    m.put("h2", "voter");
    m.put("w", "witness");
    try (ClusterHarness h = new ClusterHarness(m)) {
      h.startAll();
      h.awaitFormed(List.of("h1", "h2", "w"));
      for (String lost : List.of("h1", "h2")) {
        String other = lost.equals("h1") ? "h2" : "h1";
        h.kill(lost);
        h.await(
            lost + " lost: " + other + " + w quorate",
            () ->
                "true".equals(h.status(other).get("quorate"))
                    && List.of(other, "w").contains(h.status(other).get("dc")));
        String r = h.call(other, "property lost-" + lost + " true");
        assertTrue(r.startsWith("ok\ncommitted"), r);
        h.start(lost);
        h.awaitFormed(List.of("h1", "h2", "w"));
      }
      String nodes = h.call("h1", "nodes");
      assertTrue(nodes.contains("w 127.0.0.1:") && nodes.contains(" online "), nodes);
    }
  }
}
