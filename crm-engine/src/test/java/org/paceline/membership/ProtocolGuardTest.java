package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;
import org.paceline.replication.RaftReplicator;
import org.paceline.replication.ReplicatedConfiguration;

/**
 * Nodes advertise their software; a node of another protocol generation is refused at join with an
 * error that names both sides, while another release of the same generation (a rolling upgrade)
 * joins and is visible as such. Real JGroups channels on loopback with the daemon's stack (Raft
 * included).
 */
@Tag("unit")
class ProtocolGuardTest {
  private final List<ClusterChannel> open = new ArrayList<>();
  private ClusterHarness h;

  @AfterEach
  void close() throws Exception {
    open.forEach(ClusterChannel::close);
    if (h != null) {
      h.close();
    }
  }

  private ClusterChannel channel(String node, NodeSoftware software) throws Exception {
    NodeConfig config =
        ((NodeConfigLoader.Loaded) NodeConfigLoader.load(h.configFile(node))).config();
    ClusterTls key = ClusterTls.load(config.pkiDir());
    java.nio.file.Files.createDirectories(config.dataDir());
    // The daemon's full stack: Raft on top (NO_DUPES tells members apart by their Raft ids).
    ClusterChannel c =
        ClusterChannel.create(
            config, key, StackTimings.DEFAULTS, RaftReplicator.protocols(config), software);
    new RaftReplicator(c, new ReplicatedConfiguration(cib -> {}), config.editTimeoutMs());
    open.add(c);
    return c;
  }

  @Test
  void aNodeOfAnotherProtocolGenerationIsRefusedWithTheReasonAndAnotherReleaseJoins()
      throws Exception {
    h = ClusterHarness.threeVoters();
    ClusterChannel a = channel("a", new NodeSoftware("1.0.0", 1));
    a.connect(v -> {});

    ClusterChannel b = channel("b", new NodeSoftware("2.0.0", 2));
    Exception e = assertThrows(Exception.class, () -> b.connect(v -> {}));
    String why = messages(e);
    assertTrue(
        why.contains(
            "incompatible protocol: this node runs Paceline 2.0.0 (protocol 2), the cluster runs"
                + " Paceline 1.0.0 (protocol 1)"),
        why);
    assertEquals(List.of("a"), a.view().members(), "b must not have entered a's view");

    ClusterChannel c = channel("c", new NodeSoftware("1.0.1", 1));
    c.connect(v -> {});
    assertEquals(List.of("a", "c"), c.view().members());
    Map<String, NodeSoftware> seen = a.memberSoftware();
    assertEquals(
        Map.of("a", new NodeSoftware("1.0.0", 1), "c", new NodeSoftware("1.0.1", 1)), seen);
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable x = t; x != null; x = x.getCause()) {
      sb.append(x).append('\n');
    }
    return sb.toString();
  }
}
