package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.daemon.LoopbackPorts;
import org.paceline.replication.ClusterHarness;
import org.paceline.replication.RaftReplicator;
import org.paceline.replication.ReplicatedConfiguration;

/**
 * A restarted node whose previous incarnation the members still list gets in (issue 22 item 4):
 * real JGroups channels with the daemon's stack (Raft and NoDuplicateMembers included). The old
 * incarnation is made a silent zombie (sockets open, every message dropped) and failure detection
 * is slowed to a minute, so only the eviction on the stale JOIN can let the new incarnation in
 * within the deadline; before it the join was refused ("duplicate members") until failure detection
 * dropped the old one.
 */
@Tag("unit")
class StaleIncarnationJoinTest {
  /** Failure detection too slow to help within the deadline. */
  static final StackTimings SLOW_DETECTION =
      new StackTimings(500, 60_000, 1_000, 300, 1_000, 3_000, 4_000, 1_000, 500, 500, 3_000, 100);

  /** How long the new incarnation may take to be in a view of three with a and b. */
  static final long REJOIN_DEADLINE_MS = 15_000;

  private final List<ClusterChannel> open = new ArrayList<>();
  private ClusterHarness h;

  @AfterEach
  void close() throws Exception {
    open.forEach(ClusterChannel::close);
    if (h != null) {
      h.close();
    }
  }

  private ClusterChannel channel(NodeConfig config) throws Exception {
    Files.createDirectories(config.dataDir());
    ClusterChannel c =
        ClusterChannel.create(
            config,
            ClusterTls.load(config.pkiDir()),
            SLOW_DETECTION,
            RaftReplicator.protocols(config));
    new RaftReplicator(c, new ReplicatedConfiguration(cib -> {}), config.editTimeoutMs());
    open.add(c);
    return c;
  }

  private NodeConfig config(String node) throws Exception {
    return ((NodeConfigLoader.Loaded) NodeConfigLoader.load(h.configFile(node))).config();
  }

  /** {@code c} as a new process on another port and data dir (the old one holds both). */
  private static NodeConfig restarted(NodeConfig c, int port, Path dataDir) {
    List<Peer> members = new ArrayList<>();
    for (Peer p : c.members()) {
      members.add(
          p.name().equals(c.nodeName()) ? new Peer(p.name(), p.address(), port, p.role()) : p);
    }
    return new NodeConfig(
        c.source(),
        c.clusterName(),
        c.nodeName(),
        members,
        dataDir,
        c.security(),
        c.pkiDir(),
        c.keyFile(),
        c.waitForAll(),
        c.editTimeoutMs(),
        c.ocfRoot(),
        c.fenceAgentDir(),
        c.attributesDir(),
        c.http(),
        c.roleFile(),
        c.failureDetectionMs(),
        c.pcmkToolsDir(),
        c.webhook());
  }

  private static boolean viewIs(ClusterChannel ch, int size) {
    MembershipView v = ch.view();
    return v != null && v.members().size() == size;
  }

  private static void await(String what, long deadlineMs, java.util.function.BooleanSupplier c)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + deadlineMs + " ms waiting for " + what);
      }
      Thread.sleep(ClusterHarness.POLL_MS);
    }
  }

  @Test
  void aNewIncarnationGetsInWhileTheOldOneIsStillListed() throws Exception {
    // JGroups' own account of the joins and suspicions, on the test's output.
    org.paceline.daemon.JGroupsLogBridge.install(new org.paceline.daemon.DaemonLog("test"));
    h = ClusterHarness.threeVoters();
    ClusterChannel a = channel(config("a"));
    a.connect(v -> {});
    ClusterChannel b = channel(config("b"));
    b.connect(v -> {});
    ClusterChannel oldC = channel(config("c"));
    oldC.connect(v -> {});
    await("a view of three", 20_000, () -> viewIs(a, 3) && viewIs(b, 3) && viewIs(oldC, 3));

    // The old c stops answering anything but keeps its sockets open: no closed connection for
    // FD_SOCK2 to notice, and FD_ALL3 waits a minute.
    DISCARD mute = new DISCARD().discardAll(true).setUpDiscardRate(1).setDownDiscardRate(1);
    mute.setAddress(oldC.jchannel().getAddress());
    oldC.jchannel()
        .getProtocolStack()
        .insertProtocol(mute, ProtocolStack.Position.ABOVE, TCP.class);

    int port =
        LoopbackPorts.freeBase(
            101, base -> LoopbackPorts.allFree(base, 1) && LoopbackPorts.allFree(base + 100, 1));
    NodeConfig c = config("c");
    ClusterChannel newC = channel(restarted(c, port, c.dataDir().resolveSibling("c-data-new")));
    assertTrue(
        a.jchannel().getView().containsMember(oldC.jchannel().getAddress()),
        "the old c must still be listed when the new one asks to join");
    System.out.println("stale incarnation: the new c asks to join");
    long t0 = System.nanoTime();
    CompletableFuture<Void> joined =
        CompletableFuture.runAsync(
            () -> {
              try {
                newC.connect(v -> {});
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    joined.get(REJOIN_DEADLINE_MS, TimeUnit.MILLISECONDS);
    await(
        "the new c in a view of three with a and b",
        REJOIN_DEADLINE_MS,
        () ->
            viewIs(newC, 3)
                && a.jchannel().getView().containsMember(newC.jchannel().getAddress())
                && !a.jchannel().getView().containsMember(oldC.jchannel().getAddress()));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("stale incarnation: the new c is in the view after " + ms + " ms");
  }
}
