package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInput;
import java.io.DataOutput;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jgroups.raft.StateMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.membership.ClusterChannel;
import org.paceline.membership.ClusterTls;
import org.paceline.membership.NodeConfig;
import org.paceline.membership.NodeConfigLoader;

/**
 * A follower whose state machine throws stops applying committed entries (jgroups-raft's apply loop
 * gives up at that entry until the next commit) and keeps voting and answering: the apply stall of
 * issue 22 item 7. Real JGroups channels and Raft with the daemon's stack; the {@link ApplyWatch}
 * in {@link RaftReplicator} must report it on the leader and on the follower itself, and clear once
 * the follower applies again.
 */
@Tag("unit")
class RaftApplyStallTest {
  /** The stall limit of this test (the daemon's is {@link ApplyWatch#DEFAULT_STALL_MS}). */
  static final long STALL_MS = 1_000;

  static final long DEADLINE_MS = 20_000;

  private final List<ClusterChannel> open = new ArrayList<>();
  private ClusterHarness h;

  @AfterEach
  void close() throws Exception {
    open.forEach(ClusterChannel::close);
    if (h != null) {
      h.close();
    }
  }

  /**
   * The replicated configuration, whose apply hangs while {@link #broken} (as one blocked on a lock
   * or a listener would): the member's Raft thread stops with it. jgroups-raft catches an exception
   * from apply and moves on, so an exception would not stall it.
   */
  static final class Breakable implements StateMachine {
    final ReplicatedConfiguration sm = new ReplicatedConfiguration(cib -> {});
    final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    volatile boolean broken;

    void release() {
      broken = false;
      released.countDown();
    }

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse)
        throws Exception {
      if (broken) {
        released.await(DEADLINE_MS * 3, TimeUnit.MILLISECONDS);
      }
      return sm.apply(data, offset, length, serializeResponse);
    }

    @Override
    public void readContentFrom(DataInput in) throws Exception {
      sm.readContentFrom(in);
    }

    @Override
    public void writeContentTo(DataOutput out) throws Exception {
      sm.writeContentTo(out);
    }
  }

  private static void await(String what, BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + DEADLINE_MS + " ms waiting for " + what);
      }
      Thread.sleep(ClusterHarness.POLL_MS);
    }
  }

  private static boolean stalled(RaftReplicator r, String node) {
    return r.checkApply(System.currentTimeMillis()).stream().anyMatch(s -> s.node().equals(node));
  }

  @Test
  void aFollowerThatStopsApplyingIsReportedAndClearsWhenItApplies() throws Exception {
    h = ClusterHarness.threeVoters();
    Map<String, RaftReplicator> rafts = new LinkedHashMap<>();
    Map<String, Breakable> machines = new LinkedHashMap<>();
    for (String n : List.of("a", "b", "c")) {
      NodeConfig config =
          ((NodeConfigLoader.Loaded) NodeConfigLoader.load(h.configFile(n))).config();
      Files.createDirectories(config.dataDir());
      ClusterChannel ch =
          ClusterChannel.create(
              config,
              ClusterTls.load(config.pkiDir()),
              config.stackTimings(),
              RaftReplicator.protocols(config));
      Breakable m = new Breakable();
      rafts.put(n, new RaftReplicator(ch, m, config.editTimeoutMs(), STALL_MS));
      machines.put(n, m);
      open.add(ch);
    }
    for (ClusterChannel ch : open) {
      ch.connect(v -> {});
    }
    String[] leader = {null};
    await(
        "one leader known to all",
        () -> {
          for (var e : rafts.entrySet()) {
            if (e.getValue().isLeader()) {
              leader[0] = e.getKey();
            }
          }
          return leader[0] != null
              && rafts.values().stream().allMatch(r -> leader[0].equals(r.leader()));
        });
    RaftReplicator lead = rafts.get(leader[0]);
    String follower = leader[0].equals("c") ? "b" : "c";
    RaftReplicator f = rafts.get(follower);
    assertTrue(lead.confirmLeadership(DEADLINE_MS), "a first entry committed");
    await("everyone applied the first entry", () -> f.commitIndex() == lead.commitIndex());
    assertTrue(lead.checkApply(System.currentTimeMillis()).isEmpty());

    machines.get(follower).broken = true;
    // Committed by the other two; the follower's Raft thread hangs in its apply.
    assertTrue(lead.confirmLeadership(DEADLINE_MS), "committed by the other two");
    long t0 = System.nanoTime();
    await("the leader reports " + follower + " stalled", () -> stalled(lead, follower));
    System.out.println(
        "apply stall: reported "
            + lead.applyStalls()
            + " after "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms");

    machines.get(follower).release();
    assertTrue(lead.confirmLeadership(DEADLINE_MS));
    await(
        follower + " applies again and the stall clears",
        () -> !stalled(lead, follower) && f.commitIndex() == lead.commitIndex());
  }
}
