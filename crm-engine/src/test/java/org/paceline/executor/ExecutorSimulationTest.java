package org.paceline.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.agents.ActionRequest;
import org.paceline.agents.ActionResult;
import org.paceline.agents.AgentId;
import org.paceline.agents.AgentMetadata;
import org.paceline.agents.OcfAction;
import org.paceline.agents.OcfExitCode;
import org.paceline.agents.ResourceAgent;

/**
 * Drives the executor with a virtual clock, virtual timers, a direct worker and a simulated agent,
 * as the whole-cluster simulation will: the run is deterministic and recurring monitors fire
 * exactly at their virtual due times.
 */
@Tag("unit")
class ExecutorSimulationTest {
  /** Virtual time: timers fire only when the test advances the clock. */
  static final class VirtualTime implements Clock, Timers {
    private long nowMs;
    private long seq;
    private final PriorityQueue<long[]> due =
        new PriorityQueue<>(
            (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private final Map<Long, Runnable> tasks = new java.util.HashMap<>();

    @Override
    public long nowMs() {
      return nowMs;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
      long id = seq++;
      due.add(new long[] {nowMs + delayMs, id});
      tasks.put(id, task);
      return () -> tasks.remove(id);
    }

    void advanceTo(long targetMs) {
      while (!due.isEmpty() && due.peek()[0] <= targetMs) {
        long[] next = due.poll();
        nowMs = next[0];
        Runnable r = tasks.remove(next[1]);
        if (r != null) {
          r.run();
        }
      }
      nowMs = targetMs;
    }
  }

  @Test
  void recurringMonitorFollowsVirtualTimeAndIsDeterministic() {
    assertEquals(runOnce(), runOnce());
  }

  /**
   * A demote ends the resource's recurring monitors before it runs, as Pacemaker's controller does,
   * even one that is running when the demote arrives: that run's result describes the role being
   * left and is neither reported nor history. Before, a failed promoted-role monitor (expecting 8)
   * ran on after the demote that recovered the instance and failed on every run with rc 0.
   */
  @Test
  void aDemoteEndsTheMonitorsEvenOneThatIsRunning() {
    VirtualTime time = new VirtualTime();
    OcfExitCode[] monitorRc = {OcfExitCode.RUNNING_PROMOTED};
    boolean[] demoteWhileMonitoring = {false};
    LocalExecutor[] lrm = new LocalExecutor[1];
    ResourceSpec spec = ResourceSpec.of("t", AgentId.ocf("sim", "Thing"), Map.of());
    ResourceAgent sim =
        new ResourceAgent() {
          @Override
          public AgentId id() {
            return AgentId.ocf("sim", "Thing");
          }

          @Override
          public ActionResult execute(ActionRequest r) {
            if (r.action() == OcfAction.MONITOR && demoteWhileMonitoring[0]) {
              // The DC's recovery arrives while this run is in the agent; the run then finds
              // the instance already unpromoted.
              demoteWhileMonitoring[0] = false;
              lrm[0].submit(spec, OcfAction.DEMOTE, 1_000);
              monitorRc[0] = OcfExitCode.SUCCESS;
            }
            OcfExitCode rc = r.action() == OcfAction.MONITOR ? monitorRc[0] : OcfExitCode.SUCCESS;
            return ActionResult.of(r.action(), rc, "", 5);
          }

          @Override
          public AgentMetadata metadata() {
            throw new UnsupportedOperationException();
          }
        };
    List<String> log = new ArrayList<>();
    lrm[0] =
        new LocalExecutor(
            id -> sim,
            Runnable::run,
            time,
            time,
            ExecutorLimits.DEFAULTS,
            rec ->
                log.add(time.nowMs() + " " + rec.key() + " " + rec.rc() + " fail=" + rec.failed()));
    lrm[0].submit(spec, OcfAction.PROMOTE, 1_000);
    lrm[0].startRecurring(spec, 2_000, 1_000, OcfExitCode.RUNNING_PROMOTED);
    time.advanceTo(3_000);
    monitorRc[0] = OcfExitCode.FAILED_PROMOTED; // crashes at t=3s
    time.advanceTo(5_000);
    demoteWhileMonitoring[0] = true;
    time.advanceTo(20_000);
    assertEquals(
        List.of(
            "0 t_promote_0 SUCCESS(0) fail=false",
            "0 t_monitor_2000 RUNNING_PROMOTED(8) fail=false",
            "2000 t_monitor_2000 RUNNING_PROMOTED(8) fail=false",
            "4000 t_monitor_2000 FAILED_PROMOTED(9) fail=true",
            "6000 t_demote_0 SUCCESS(0) fail=false"),
        log);
    assertEquals(List.of(), lrm[0].recurringIntervals("t"));
    assertEquals(1, lrm[0].failCount("t"), "the crash, once");
    assertEquals(5, lrm[0].history("t").size(), "the cancelled run is not history");
  }

  private List<String> runOnce() {
    VirtualTime time = new VirtualTime();
    boolean[] alive = {false};
    ResourceAgent sim =
        new ResourceAgent() {
          @Override
          public AgentId id() {
            return AgentId.ocf("sim", "Thing");
          }

          @Override
          public ActionResult execute(ActionRequest r) {
            OcfExitCode rc =
                switch (r.action()) {
                  case START -> {
                    alive[0] = true;
                    yield OcfExitCode.SUCCESS;
                  }
                  case STOP -> {
                    alive[0] = false;
                    yield OcfExitCode.SUCCESS;
                  }
                  case MONITOR -> alive[0] ? OcfExitCode.SUCCESS : OcfExitCode.NOT_RUNNING;
                  default -> OcfExitCode.UNIMPLEMENTED;
                };
            return ActionResult.of(r.action(), rc, "", 5);
          }

          @Override
          public AgentMetadata metadata() {
            throw new UnsupportedOperationException();
          }
        };
    List<String> log = new ArrayList<>();
    LocalExecutor lrm =
        new LocalExecutor(
            id -> sim,
            Runnable::run,
            time,
            time,
            ExecutorLimits.DEFAULTS,
            rec ->
                log.add(time.nowMs() + " " + rec.key() + " " + rec.rc() + " fail=" + rec.failed()));
    ResourceSpec spec = ResourceSpec.of("t", AgentId.ocf("sim", "Thing"), Map.of());
    lrm.submit(spec, OcfAction.START, 1_000);
    lrm.startRecurring(spec, 10_000, 1_000, OcfExitCode.SUCCESS);
    time.advanceTo(25_000);
    alive[0] = false; // dies at t=25s
    time.advanceTo(35_000);
    assertEquals(1, lrm.failCount("t"));
    assertEquals(
        List.of(
            "0 t_start_0 SUCCESS(0) fail=false",
            "0 t_monitor_10000 SUCCESS(0) fail=false",
            "10000 t_monitor_10000 SUCCESS(0) fail=false",
            "20000 t_monitor_10000 SUCCESS(0) fail=false",
            "30000 t_monitor_10000 NOT_RUNNING(7) fail=true"),
        log);
    return log;
  }
}
