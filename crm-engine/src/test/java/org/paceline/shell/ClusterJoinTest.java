package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.daemon.NodeDaemon;
import org.paceline.replication.ClusterHarness;

/**
 * {@code crm cluster join} of a node that no member's node.yaml lists: after join (CA copied,
 * certificate issued) its daemon is added as a Raft voter through the DC and recorded with its
 * address in the replicated configuration; a restarted old member learns it from there; {@code crm
 * cluster remove} takes it out again once it is down.
 */
@Tag("process")
class ClusterJoinTest {
  @Test
  void aNodeNotInThePeerListsJoinsAsAVoterAndIsRemovedAgain() throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("a", "voter");
    m.put("b", "voter");
    m.put("w", "witness");
    try (ClusterHarness h = new ClusterHarness(m)) {
      h.startAll();
      h.awaitFormed(List.of("a", "b", "w"));
      assertTrue(h.call("a", "property before-join yes").startsWith("ok\ncommitted"));

      h.addLateMember("d", "voter");
      CrmRun r =
          CrmRun.of(
              "cluster",
              "join",
              "a",
              "--config",
              h.configFile("d").toString(),
              "--ca-from",
              h.caDir().toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(Files.exists(h.pkiDir("d").resolve("node.crt")));
      h.start("d");
      h.await(
          "d added as a Raft voter on every node and its join complete",
          () ->
              "a,b,d,w".equals(h.status("a").get("raft_members"))
                  && "a,b,d,w".equals(h.status("b").get("raft_members"))
                  && "a,b,d,w".equals(h.status("d").get("raft_members"))
                  && !Files.exists(h.dir().resolve("d-data").resolve(NodeDaemon.JOIN_PENDING)));
      h.await(
          "d has the configuration",
          () ->
              h.status("a").get("config_sha256") != null
                  && h.status("a").get("config_sha256").equals(h.status("d").get("config_sha256"))
                  && "yes".equals(h.status("d").get("property.before-join")));
      String line = "\nd 127.0.0.1:" + h.port("d") + " online voter";
      h.await(
          "a and b list d (learnt from the configuration)",
          () -> {
            try {
              return h.call("a", "nodes").contains(line) && h.call("b", "nodes").contains(line);
            } catch (java.io.IOException e) {
              return false;
            }
          });
      CrmRun nodes = CrmRun.of("cluster", "nodes", "--config", h.configFile("b").toString());
      assertEquals(0, nodes.exitCode(), nodes.err());
      assertTrue(nodes.out().contains(line.substring(1)), nodes.out());
      assertTrue(h.call("d", "property from-d yes").startsWith("ok\ncommitted"));

      // An old member restarts: its node.yaml does not list d; it learns d from the log.
      h.kill("a");
      h.await("b, d, w keep a DC", () -> "true".equals(h.status("b").get("quorate")));
      h.start("a");
      h.awaitFormed(List.of("a", "b", "d", "w"));
      assertTrue(h.log("a").contains("learnt member from the configuration node=d"), h.logs());
      assertEquals("a,b,d,w", h.status("a").get("raft_members"));
      assertTrue(h.call("a", "nodes").contains("\nd 127.0.0.1:" + h.port("d")));

      // d goes down and is removed from the quorate side.
      h.kill("d");
      h.await("a sees d gone", () -> !List.of(h.status("a").get("view").split(",")).contains("d"));
      h.await("a, b, w have a DC", () -> "true".equals(h.status("a").get("quorate")));
      String answer = h.call("a", "remove d");
      assertTrue(answer.startsWith("ok\ncommitted"), answer);
      h.await(
          "d removed from Raft on a and b",
          () ->
              "a,b,w".equals(h.status("a").get("raft_members"))
                  && "a,b,w".equals(h.status("b").get("raft_members")));
      String after = h.call("b", "nodes");
      assertFalse(after.contains("\nd "), after);
      assertTrue(h.call("b", "property after-remove yes").startsWith("ok\ncommitted"));
    }
  }
}
