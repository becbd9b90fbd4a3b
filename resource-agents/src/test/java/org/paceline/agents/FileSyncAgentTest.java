package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ocf:paceline:filesync with real rsync to two local "standby" directories: start mirrors at once,
 * the loop propagates later changes and deletions, an unreachable target makes monitor DEGRADED
 * (190) without failing, stop ends the loop.
 */
@Timeout(60)
class FileSyncAgentTest {
  private Path tmp;
  private final FileSyncAgent agent =
      new FileSyncAgent(new CommandRunner(OcfRunnerLimits.DEFAULTS));

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/rsync")), "rsync");
    tmp = Files.createTempDirectory("filesync");
    Files.createDirectories(tmp.resolve("src/sub"));
    Files.writeString(tmp.resolve("src/promises.cf"), "v1");
    Files.writeString(tmp.resolve("src/sub/old.cf"), "old");
  }

  @AfterEach
  void tearDown() throws Exception {
    agent.execute(ActionRequest.of("fs", OcfAction.STOP, params("x"), 5_000));
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Map<String, String> params(String targets) {
    return Map.of(
        "source_dir", tmp.resolve("src").toString(), "targets", targets, "interval_s", "1");
  }

  private ActionResult run(OcfAction a, Map<String, String> p) {
    return agent.execute(ActionRequest.of("fs", a, p, 20_000));
  }

  @Test
  void mirrorsToStandbysAndReportsDegradedTargets() throws Exception {
    Path s1 = tmp.resolve("standby1");
    Path s2 = tmp.resolve("standby2");
    Map<String, String> p = params(s1 + "/ " + s2 + "/");
    assertEquals(OcfExitCode.NOT_RUNNING, run(OcfAction.MONITOR, p).rc());
    ActionResult start = run(OcfAction.START, p);
    assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary());
    assertEquals("v1", Files.readString(s2.resolve("promises.cf")));
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.MONITOR, p).rc());

    Files.writeString(tmp.resolve("src/promises.cf"), "v2");
    Files.delete(tmp.resolve("src/sub/old.cf"));
    assertTrue(
        Deadline.await(
            () -> {
              try {
                return Files.readString(s1.resolve("promises.cf")).equals("v2")
                    && !Files.exists(s1.resolve("sub/old.cf"));
              } catch (Exception e) {
                return false;
              }
            },
            10_000));
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.STOP, p).rc());
    assertEquals(OcfExitCode.NOT_RUNNING, run(OcfAction.MONITOR, p).rc());
    System.out.printf("filesync: start with 2 targets %d ms%n", start.durationMs());
  }

  @Test
  void unreachableTargetDegradesButDoesNotFail() throws Exception {
    Path ok = tmp.resolve("ok");
    Map<String, String> p = params(ok + "/ /nonexistent-parent/deeper/target/");
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.START, p).rc());
    ActionResult m = run(OcfAction.MONITOR, p);
    assertEquals(OcfExitCode.DEGRADED, m.rc(), m.summary());
    assertTrue(m.exitReason().contains("/nonexistent-parent/deeper/target/"), m.exitReason());
    assertTrue(Files.exists(ok.resolve("promises.cf")));
    assertFalse(Files.exists(Path.of("/nonexistent-parent")));
  }
}
