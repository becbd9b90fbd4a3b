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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ocf:paceline:filesync with real rsync to two local "standby" directories: start mirrors at once,
 * the loop propagates later changes and deletions, an unreachable target makes monitor DEGRADED
 * (190) without failing, stop ends the loop.
 */
@Tag("process")
@Timeout(60)
class FileSyncAgentTest {
  private Path tmp;
  private ResourceAgent agent = TestOcfRoot.bundled(AgentId.parse("ocf:paceline:filesync"));

  /** The copy of the OCF script the jar carries, or the source tree's script. */
  private void use(String kind) throws Exception {
    if (kind.equals("script")) {
      Path root = tmp.resolve("ocf");
      Files.createDirectories(root.resolve("resource.d"));
      Files.createSymbolicLink(
          root.resolve("resource.d/paceline"), Path.of("ocf/paceline").toAbsolutePath());
      agent =
          new OcfAgentDirectory(root, OcfRunnerLimits.DEFAULTS)
              .agent(AgentId.parse("ocf:paceline:filesync"));
    }
  }

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
    ActionResult stopped =
        agent.execute(ActionRequest.of("fs", OcfAction.STOP, params("x"), 5_000));
    assertEquals(OcfExitCode.SUCCESS, stopped.rc(), stopped.summary());
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

  @Test
  void scriptPassesOcfTester() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ocf-tester")), "resource-agents");
    var r =
        NetnsPair.sh(
            "/usr/sbin/ocf-tester",
            "-n",
            "fs",
            "-o",
            "source_dir=" + tmp.resolve("src"),
            "-o",
            "targets=" + tmp.resolve("standby") + "/",
            "-o",
            "state_dir=" + tmp.resolve("state-tester"),
            Path.of("ocf/paceline/filesync").toAbsolutePath().toString());
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("passed all tests"), r.out());
  }

  private ActionResult run(OcfAction a, Map<String, String> p) {
    return agent.execute(ActionRequest.of("fs", a, p, 20_000));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"bundled", "script"})
  void mirrorsToStandbysAndReportsDegradedTargets(String kind) throws Exception {
    use(kind);
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
    Path pidfile = tmp.resolve("state/pid");
    long loopPid = Files.exists(pidfile) ? Long.parseLong(Files.readString(pidfile).strip()) : -1;
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.STOP, p).rc());
    assertEquals(OcfExitCode.NOT_RUNNING, run(OcfAction.MONITOR, p).rc());
    if (loopPid > 0) {
      // The script's background sync loop must be gone, not orphaned.
      assertTrue(
          Deadline.await(
              () -> !ProcessHandle.of(loopPid).map(ProcessHandle::isAlive).orElse(false), 5_000),
          "sync loop " + loopPid + " survived stop");
    }
    System.out.printf(kind + " filesync: start with 2 targets %d ms%n", start.durationMs());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"bundled", "script"})
  void unreachableTargetDegradesButDoesNotFail(String kind) throws Exception {
    use(kind);
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
