package org.paceline.controller;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.TransitionKey;

/**
 * Minimal reproductions of controller bugs the whole-cluster simulation found (seeds in the
 * comments; replay with {@code -Dpaceline.sim.seed=S -Dtest=SimulationCampaignTest}). Each test
 * drives one Controller by hand, with the trio configuration of {@link ControllerTest}, and states
 * the safety property it breaks. They fail until the controller is fixed.
 */
@Tag("unit")
class ControllerSimulationFindingsTest {
  private long now = 1_000_000;
  private final List<Effect> effects = new ArrayList<>();

  private Controller newDc(Set<String> members, long term) throws Exception {
    Cib cib = CibXmlReader.read(Path.of("src/test/resources/controller/trio.xml")).cib();
    Controller c = new Controller("n2", ControllerOptions.DEFAULTS);
    step(c, new Event.ConfigurationCommitted(cib));
    step(c, new Event.MembershipChanged(members));
    step(c, new Event.LeadershipChanged(true, true, term));
    return c;
  }

  /** Steps the controller; a quorum confirmation it asks for is granted at once (a majority). */
  private void step(Controller c, Event e) {
    now += 10;
    for (Effect f : c.step(e, now)) {
      if (f instanceof Effect.ConfirmQuorum q) {
        step(c, new Event.QuorumConfirmed(q.token(), true));
      } else {
        effects.add(f);
      }
    }
  }

  /** The executor's answer to {@code r}: rc as given, done, 1 ms. */
  private void answer(Controller c, Effect.RunOperation r, int rc) {
    step(
        c,
        new Event.OperationResult(
            r.node(), r.transitionId(), r.resource(), r.task(), r.intervalMs(), rc, 0, "", 1));
  }

  /** A completed entry as a Paceline node reports it (op-status done, queue time 0). */
  private static LrmRscOp entry(
      String id,
      String rsc,
      String task,
      long intervalMs,
      int callId,
      int rc,
      long transition,
      int targetRc,
      long whenSec,
      long execMs) {
    return LrmRscOp.of(id, rsc, task, intervalMs)
        .callId(callId)
        .result(TransitionKey.paceline(transition, targetRc), 0, rc)
        .lastRun(whenSec)
        .lastRcChange(whenSec)
        .execTimeMs(execMs)
        .queueTimeMs(0L)
        .build();
  }

  private static LrmResource started(String id, String type, long callId) {
    LrmRscOp op = entry(LrmRscOp.lastId(id), id, "start", 0, (int) callId, 0, 1, 0, 1, 10);
    String[] a = type.split(":");
    return new LrmResource(id, a[0], a[1].isEmpty() ? null : a[1], a[2], List.of(op), Map.of());
  }

  private static List<LrmResource> unpromotedDb() {
    return List.of(started("db", "ocf:pacemaker:Stateful", 1));
  }

  /**
   * Answers every operation as expected for a few rounds and returns the starts and promotions
   * issued (the fence device aside: stonith resources require only quorum, as in Pacemaker).
   */
  private List<String> driveAndCollectRecovery(Controller c) {
    List<String> out = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<Effect> pending = new ArrayList<>(effects);
      effects.clear();
      for (Effect f : pending) {
        if (f instanceof Effect.RunOperation r) {
          if ((r.task().equals("start") || r.task().equals("promote"))
              && !r.resource().equals("fence")) {
            out.add(r.task() + " " + r.resource() + "@" + r.node());
          }
          answer(c, r, r.expectedRc());
        }
      }
    }
    return out;
  }

  /**
   * Seeds 2, 4, 5 (campaign) and DirectedScenariosTest.partitionedDcIsFencedByTheMajority: a new DC
   * whose membership lacks a node (the old DC, cut off or crashed) marks it to be fenced, but as it
   * never received that node's history it schedules the node as empty; the transition fences it AND
   * promotes db / starts vip elsewhere in parallel, not after the fencing. The old node may still
   * run them (it did in the simulation: db promoted on two powered nodes).
   */
  @Test
  void newDcRecoversNothingBeforeFencingANodeItHasNoHistoryFor() throws Exception {
    Controller c = newDc(Set.of("n2", "n3"), 2);
    step(c, new Event.NodeReport("n2", 2, unpromotedDb(), Map.of()));
    step(c, new Event.NodeReport("n3", 2, unpromotedDb(), Map.of()));
    boolean fenceAsked =
        effects.stream().anyMatch(f -> f instanceof Effect.Fence x && x.target().equals("n1"));
    assertTrue(fenceAsked, "n1 is fenced");
    // Answer every operation, never the fencing: nothing may be recovered yet.
    List<String> recovery = driveAndCollectRecovery(c);
    assertTrue(
        recovery.isEmpty(), "before n1's fencing is confirmed the new DC issued " + recovery);
  }

  /**
   * Seed 16 (campaign): a member that does not answer the new DC's report request (it was hung, or
   * the request was lost in a partition) is, after reportTimeoutMs, scheduled as a pending node
   * with no resources, so the DC starts and promotes elsewhere what it may still run. In the
   * simulation db ended promoted on n1 and n2.
   */
  @Test
  void aMemberThatDoesNotReportIsNotTakenAsEmpty() throws Exception {
    Controller c = newDc(Set.of("n1", "n2", "n3"), 2);
    step(c, new Event.NodeReport("n2", 2, unpromotedDb(), Map.of()));
    step(c, new Event.NodeReport("n3", 2, unpromotedDb(), Map.of()));
    effects.clear();
    step(c, new Event.TimerFired("reports:2"));
    List<String> recovery = driveAndCollectRecovery(c);
    assertTrue(
        recovery.isEmpty(),
        "n1 never reported (its state is unknown) yet the DC issued " + recovery);
  }

  /**
   * Seed 60 (campaign): after the report timeout the silent member stays "pending" for good: it is
   * neither asked again nor fenced, so its resources stay unknown and the cluster never converges
   * (the DC believed db stopped on n2 while it ran there).
   */
  @Test
  void aSilentMemberIsAskedAgainOrFenced() throws Exception {
    Controller c = newDc(Set.of("n1", "n2", "n3"), 2);
    step(c, new Event.NodeReport("n2", 2, unpromotedDb(), Map.of()));
    step(c, new Event.NodeReport("n3", 2, unpromotedDb(), Map.of()));
    effects.clear();
    step(c, new Event.TimerFired("reports:2"));
    for (int i = 0; i < 5; i++) {
      List<Effect> pending = new ArrayList<>(effects);
      for (Effect f : pending) {
        if (f instanceof Effect.RunOperation r) {
          answer(c, r, r.expectedRc());
        } else if (f instanceof Effect.SetTimer t) {
          step(c, new Event.TimerFired(t.id()));
        }
      }
    }
    boolean handled =
        effects.stream()
            .anyMatch(
                f ->
                    (f instanceof Effect.RequestReport r && r.node().equals("n1"))
                        || (f instanceof Effect.Fence x && x.target().equals("n1")));
    assertTrue(handled, "n1 stays a member with unknown state forever: no new request, no fencing");
  }

  /**
   * Seeds 425, 646 (campaign; vip active on n1 and n2): when a transition holds a fencing, the
   * controller drops its probes ("Fencing goes first") but still runs the actions ordered after
   * them. A member whose daemon restarted reports an empty history while its resources still run;
   * unprobed, it is taken as running nothing and vip/db are started elsewhere.
   */
  @Test
  void startsWaitForProbesEvenWhenTheTransitionFences() throws Exception {
    Controller c = newDc(Set.of("n1", "n2"), 2);
    // n1's daemon restarted: empty executor history, though vip and db may still run there.
    step(c, new Event.NodeReport("n1", 2, List.of(), Map.of()));
    step(c, new Event.NodeReport("n2", 2, unpromotedDb(), Map.of()));
    boolean probedN1 = false;
    for (int round = 0; round < 10; round++) {
      List<Effect> pending = new ArrayList<>(effects);
      effects.clear();
      for (Effect f : pending) {
        if (f instanceof Effect.RunOperation r) {
          if (r.node().equals("n1") && r.task().equals("monitor") && r.intervalMs() == 0) {
            probedN1 = true;
          }
          if ((r.task().equals("start") || r.task().equals("promote"))
              && !r.resource().equals("fence")
              && !probedN1) {
            throw new AssertionError(
                r.task() + " " + r.resource() + "@" + r.node() + " issued before n1 was probed");
          }
          answer(c, r, r.expectedRc());
        } else if (f instanceof Effect.Fence x) {
          step(c, new Event.FenceResult(x.target(), true, "test"));
        }
      }
    }
  }

  /**
   * Seeds 101, 136 (campaign; the DC stays busy for the whole convergence bound): a node marked to
   * be fenced (its fencing failed) rejoins; the DC asks for its report and ignores the answer
   * because of the mark, but keeps waiting for it: awaitingReports never empties, nothing is
   * scheduled again, and the node is never fenced.
   */
  @Test
  void aNodeToBeFencedThatRejoinsIsStillFenced() throws Exception {
    Controller c = newDc(Set.of("n1", "n2", "n3"), 1);
    for (String n : List.of("n1", "n2", "n3")) {
      step(c, new Event.NodeReport(n, 1, unpromotedDb(), Map.of()));
    }
    driveAndCollectRecovery(c);
    effects.clear();
    step(c, new Event.MembershipChanged(Set.of("n1", "n2")));
    assertTrue(
        effects.stream().anyMatch(f -> f instanceof Effect.Fence x && x.target().equals("n3")),
        "n3 left uncleanly: fenced");
    step(c, new Event.FenceResult("n3", false, "injected failure"));
    step(c, new Event.MembershipChanged(Set.of("n1", "n2", "n3")));
    step(c, new Event.NodeReport("n3", 1, unpromotedDb(), Map.of()));
    effects.clear();
    step(c, new Event.TimerFired("fence-retry:1"));
    step(c, new Event.TimerFired("recheck"));
    assertTrue(
        effects.stream().anyMatch(f -> f instanceof Effect.Fence x && x.target().equals("n3")),
        "after the retry delay n3 is fenced again; busy=" + c.busy() + ", effects " + effects);
  }

  /**
   * Seed 528 (campaign, after the fixes of e237c53): a probe finds db running on a node whose
   * daemon restarted (empty history); the DC records it as running but no transition ever starts
   * its recurring monitor (the scheduler plans nothing for it), so a later agent failure there is
   * never noticed and the DC believes db started while it has failed.
   */
  @Test
  void anInstanceAProbeFindsRunningGetsItsRecurringMonitor() throws Exception {
    Controller c = newDc(Set.of("n1", "n2", "n3"), 1);
    for (String n : List.of("n1", "n2", "n3")) {
      step(c, new Event.NodeReport(n, 1, List.of(), Map.of()));
    }
    boolean monitored = false;
    List<String> issued = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<Effect> pending = new ArrayList<>(effects);
      effects.clear();
      for (Effect f : pending) {
        if (f instanceof Effect.RunOperation r) {
          boolean probe = r.task().equals("monitor") && r.intervalMs() == 0;
          issued.add(r.task() + " " + r.resource() + " " + r.intervalMs() + "@" + r.node());
          int rc = r.expectedRc();
          if (probe) {
            // Only db on n3 is found running (unpromoted).
            rc = r.node().equals("n3") && r.resource().startsWith("db") ? 0 : 7;
          }
          if (r.node().equals("n3")
              && r.resource().startsWith("db")
              && r.task().equals("monitor")
              && r.intervalMs() > 0) {
            monitored = true;
          }
          answer(c, r, rc);
        }
      }
    }
    assertTrue(
        monitored,
        "db found running on n3 by a probe never gets its recurring monitor; issued " + issued);
  }

  /**
   * Seed 670 (campaign, after 7f771d0): vip's monitor failed on n1 and was recovered in place
   * (stop, start), but the transition was aborted right after the start, before the new monitor was
   * dispatched. The history keeps {@code vip_last_failure_0} (a monitor of interval 1000), and the
   * missing-monitor check counts that failure record as a running monitor, so vip stays
   * unmonitored: a later failure is never seen and the DC believes vip started while it stopped.
   */
  @Test
  void aFailureRecordDoesNotStandInForTheRecurringMonitor() throws Exception {
    Controller c = newDc(Set.of("n1", "n2", "n3"), 1);
    LrmRscOp failure = entry("vip_last_failure_0", "vip", "monitor", 1000, 1, 7, 3, 0, 1, 1);
    LrmRscOp start = entry("vip_last_0", "vip", "start", 0, 3, 0, 3, 0, 2, 10);
    LrmResource vip =
        new LrmResource("vip", "ocf", "heartbeat", "Dummy", List.of(failure, start), Map.of());
    LrmResource dbPromoted = promotedDb();
    step(c, new Event.NodeReport("n1", 1, List.of(vip, dbPromoted), Map.of()));
    step(c, new Event.NodeReport("n2", 1, unpromotedDb(), Map.of()));
    step(c, new Event.NodeReport("n3", 1, unpromotedDb(), Map.of()));
    List<String> issued = new ArrayList<>();
    boolean monitored = false;
    for (int round = 0; round < 10; round++) {
      List<Effect> pending = new ArrayList<>(effects);
      effects.clear();
      for (Effect f : pending) {
        if (f instanceof Effect.RunOperation r) {
          issued.add(r.task() + " " + r.resource() + " " + r.intervalMs() + "@" + r.node());
          if (r.resource().equals("vip") && r.task().equals("monitor") && r.intervalMs() == 1000) {
            monitored = true;
          }
          int rc = r.task().equals("monitor") && r.intervalMs() == 0 ? 7 : r.expectedRc();
          answer(c, r, rc);
        }
      }
    }
    assertTrue(monitored, "vip runs on n1 without its recurring monitor; issued " + issued);
  }

  private static LrmResource promotedDb() {
    LrmRscOp promote = entry("db_last_0", "db", "promote", 0, 2, 0, 1, 0, 1, 10);
    LrmRscOp mon = entry("db_monitor_1000", "db", "monitor", 1000, 4, 8, 1, 8, 1, 10);
    return new LrmResource("db", "ocf", "pacemaker", "Stateful", List.of(promote, mon), Map.of());
  }
}
