package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code crm cluster remove} of a down node from the quorate side: the node leaves the Raft
 * membership (so the remaining two are a full majority) and the CIB; an online node is refused.
 */
@Tag("process")
class RaftRemoveNodeTest {
  @Test
  void removesADownNodeFromTheQuorateSide() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      h.startAll();
      h.awaitFormed(List.of("a", "b", "c"));
      String[] answer = new String[1];
      h.await(
          "remove of an online node refused",
          () -> {
            try {
              answer[0] = h.call("a", "remove c");
            } catch (java.io.IOException e) {
              return false;
            }
            return answer[0].startsWith("error: c is online");
          });
      String r;

      h.kill("c");
      h.await("a and b see c gone", () -> "a,b".equals(h.status("a").get("view")));
      // c may have been the DC: the survivors need a new one before they accept an edit.
      h.await("a and b have a DC again", () -> "true".equals(h.status("a").get("quorate")));
      r = h.call("a", "remove c");
      assertTrue(r.startsWith("ok\ncommitted"), r);
      h.await(
          "c removed from Raft on a and b",
          () ->
              "a,b".equals(h.status("a").get("raft_members"))
                  && "a,b".equals(h.status("b").get("raft_members")));
      String nodes = h.call("b", "nodes");
      assertFalse(nodes.contains("\nc "), nodes);
      assertEquals("true", h.status("b").get("quorate"));
      assertTrue(h.call("b", "property after-remove yes").startsWith("ok\ncommitted"));
    }
  }
}
