package org.paceline.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.paceline.agents.AgentId;
import org.paceline.agents.OcfAction;
import org.paceline.agents.OcfAgentDirectory;
import org.paceline.agents.OcfExitCode;
import org.paceline.agents.OcfRunnerLimits;

/**
 * The local executor driving real OCF scripts: Debian's heartbeat:Dummy and hand-written hanging
 * agents in a temporary OCF root. Proves: submit never blocks, one resource's actions run in order
 * and one at a time, different resources run in parallel, a hung agent is killed at its timeout
 * without stalling the executor, recurring monitors detect a dead resource and count the failure, a
 * stop cancels recurring monitors, and a missing agent is a NOT_INSTALLED failure.
 */
@Tag("process")
@Timeout(60)
class ExecutorRealAgentsTest {
  private Path tmp;
  private Path testRoot;
  private ExecutorService workers;
  private SystemTimers timers;
  private final List<OperationRecord> events = new CopyOnWriteArrayList<>();
  private LocalExecutor lrm;

  @BeforeEach
  void setUp() throws Exception {
    tmp = Files.createTempDirectory("lrm");
    testRoot = tmp.resolve("ocf");
    Files.createDirectories(testRoot.resolve("resource.d/test"));
    addScript("Hang", "while :; do sleep 1; done");
    workers = Executors.newFixedThreadPool(4);
    timers = new SystemTimers();
    OcfAgentDirectory system =
        new OcfAgentDirectory(OcfAgentDirectory.DEFAULT_ROOT, OcfRunnerLimits.DEFAULTS);
    OcfAgentDirectory test = new OcfAgentDirectory(testRoot, OcfRunnerLimits.DEFAULTS);
    AgentProvider agents = id -> id.provider().equals("test") ? test.agent(id) : system.agent(id);
    lrm = new LocalExecutor(agents, workers, timers, timers, ExecutorLimits.DEFAULTS, events::add);
  }

  @AfterEach
  void tearDown() throws Exception {
    lrm.close();
    workers.shutdownNow();
    timers.close();
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void addScript(String type, String body) throws Exception {
    Path script = testRoot.resolve("resource.d/test").resolve(type);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static boolean await(BooleanSupplier c, long timeoutMs) throws InterruptedException {
    long end = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() < end) {
      if (c.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return c.getAsBoolean();
  }

  private OperationRecord event(long callId) {
    return events.stream().filter(e -> e.callId() == callId).findFirst().orElseThrow();
  }

  @Test
  void hungAgentIsKilledAndActionsOfOneResourceAreSerialised() throws Exception {
    ResourceSpec hang = ResourceSpec.of("h", AgentId.ocf("test", "Hang"), Map.of());
    long t0 = System.nanoTime();
    long start = lrm.submit(hang, OcfAction.START, 800);
    long stop = lrm.submit(hang, OcfAction.STOP, 800);
    long submitMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(submitMs < 200, "submit blocked for " + submitMs + " ms");
    assertTrue(await(() -> events.size() == 2, 10_000), events.toString());
    OperationRecord first = events.get(0);
    OperationRecord second = events.get(1);
    assertEquals(start, first.callId());
    assertEquals(stop, second.callId());
    assertTrue(first.result().timedOut());
    assertTrue(first.failed());
    // The stop waited behind the start for (about) the start's timeout.
    assertTrue(second.queueTimeMs() >= 700, second.summary());
    assertEquals(2, lrm.failCount("h"));
    System.out.println("serialised: " + first.summary() + " | " + second.summary());
  }

  @Test
  void differentResourcesRunInParallel() throws Exception {
    long t0 = System.nanoTime();
    for (String r : List.of("a", "b", "c")) {
      lrm.submit(ResourceSpec.of(r, AgentId.ocf("test", "Hang"), Map.of()), OcfAction.START, 1_000);
    }
    assertTrue(await(() -> events.size() == 3, 10_000));
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(wallMs < 2_500, "three 1 s timeouts took " + wallMs + " ms");
    System.out.println("three parallel hung starts finished in " + wallMs + " ms");
  }

  @Test
  void recurringMonitorDetectsADeadDummyAndStopCancelsIt() throws Exception {
    Path state = tmp.resolve("dummy.state");
    ResourceSpec dummy =
        ResourceSpec.of(
            "d", AgentId.parse("ocf:heartbeat:Dummy"), Map.of("state", state.toString()));
    long probe = lrm.submit(dummy, OcfAction.MONITOR, 0, 20_000, OcfExitCode.SUCCESS);
    long start = lrm.submit(dummy, OcfAction.START, 20_000);
    assertTrue(await(() -> events.size() == 2, 10_000));
    assertEquals(OcfExitCode.NOT_RUNNING, event(probe).rc());
    assertTrue(!event(probe).failed(), "a probe never fails");
    assertEquals(OcfExitCode.SUCCESS, event(start).rc());

    lrm.startRecurring(dummy, 200, 20_000, OcfExitCode.SUCCESS);
    assertTrue(await(() -> recurringResults(OcfExitCode.SUCCESS) >= 2, 10_000));
    Files.delete(state); // the resource "dies" behind the cluster's back
    assertTrue(await(() -> lrm.failCount("d") >= 1, 10_000), events.toString());
    OperationRecord failure = lrm.last(new OperationKey("d", OcfAction.MONITOR, 200)).orElseThrow();
    assertEquals(OcfExitCode.NOT_RUNNING, failure.rc());

    lrm.submit(dummy, OcfAction.STOP, 20_000);
    assertTrue(lrm.recurringIntervals("d").isEmpty());
    assertTrue(
        await(() -> events.stream().anyMatch(e -> e.key().action() == OcfAction.STOP), 10_000));
    int after = events.size();
    // Two monitor intervals pass with no more monitor results: the recurring op is gone.
    long until = System.nanoTime() + 600_000_000L;
    assertTrue(!await(() -> events.size() > after, (until - System.nanoTime()) / 1_000_000));
    List<OperationRecord> history = lrm.history("d");
    assertTrue(history.get(0).callId() < history.get(history.size() - 1).callId());
  }

  private long recurringResults(OcfExitCode rc) {
    return events.stream().filter(e -> e.key().intervalMs() == 200 && e.rc() == rc).count();
  }

  @Test
  void missingAgentIsAFailedNotInstalledResult() throws Exception {
    long call =
        lrm.submit(
            ResourceSpec.of("m", AgentId.ocf("test", "Missing"), Map.of()), OcfAction.START, 5_000);
    assertTrue(await(() -> events.size() == 1, 5_000));
    OperationRecord r = event(call);
    assertEquals(OcfExitCode.NOT_INSTALLED, r.rc());
    assertTrue(r.failed());
    assertTrue(r.result().exitReason().contains("ocf:test:Missing is not installed"));
    assertEquals(1, lrm.failCount("m"));
    lrm.clearFailCount("m");
    assertEquals(0, lrm.failCount("m"));
  }
}
