package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ocf:paceline:policy-server with the real CFEngine cf-serverd (package cfengine3), as the source
 * tree's OCF script and as the copy the jar carries: start validates and waits for the port,
 * monitor sees a killed daemon as stopped, stop is idempotent, an invalid policy is refused with rc
 * 6 before any daemon starts (cf-serverd would otherwise fall back to a built-in policy on all
 * interfaces), and the script passes ocf-tester.
 */
@Tag("process")
@Timeout(120)
class PolicyServerTest {
  private Path tmp;
  private Path ocfRoot;
  private int port;
  private Map<String, String> params;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/cf-serverd")), "cfengine3");
    tmp = Files.createTempDirectory("policy");
    port = ThreadLocalRandom.current().nextInt(41_000, 49_000);
    Files.writeString(
        tmp.resolve("promises.cf"),
        "body common control { bundlesequence => { \"main\" }; }\n"
            + "bundle agent main { }\n"
            + "body server control { port => \""
            + port
            + "\"; bindtointerface => \"127.0.0.1\";"
            + " allowconnects => { \"127.0.0.1\" }; }\n");
    Files.writeString(tmp.resolve("bad.cf"), "garbage {\n");
    ocfRoot = tmp.resolve("ocf");
    Files.createDirectories(ocfRoot.resolve("resource.d"));
    Files.createSymbolicLink(
        ocfRoot.resolve("resource.d/paceline"), Path.of("ocf/paceline").toAbsolutePath());
    params =
        Map.of(
            "policy_file", tmp.resolve("promises.cf").toString(),
            "port", "" + port,
            "pidfile", tmp.resolve("ps.pid").toString(),
            "logfile", tmp.resolve("ps.log").toString());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (tmp == null) {
      return;
    }
    agent("script").execute(ActionRequest.of("ps", OcfAction.STOP, params, 10_000));
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private ResourceAgent agent(String kind) {
    return kind.equals("bundled")
        ? TestOcfRoot.bundled(AgentId.parse("ocf:paceline:policy-server"))
        : new OcfAgentDirectory(ocfRoot, OcfRunnerLimits.DEFAULTS)
            .agent(AgentId.parse("ocf:paceline:policy-server"));
  }

  private String log() {
    try {
      return "\n" + Files.readString(tmp.resolve("ps.log"));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static ActionResult run(ResourceAgent a, OcfAction action, Map<String, String> p) {
    return a.execute(ActionRequest.of("ps", action, p, 20_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bundled", "script"})
  void lifeCycleWithRealCfServerd(String kind) throws Exception {
    ResourceAgent a = agent(kind);
    assertEquals(OcfExitCode.NOT_RUNNING, run(a, OcfAction.MONITOR, params).rc());
    ActionResult start = run(a, OcfAction.START, params);
    assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary());
    assertTrue(listening());
    ActionResult monitor = run(a, OcfAction.MONITOR, params);
    assertEquals(OcfExitCode.SUCCESS, monitor.rc(), monitor.summary());

    long pid = Long.parseLong(Files.readString(tmp.resolve("ps.pid")).strip());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    assertEquals(OcfExitCode.NOT_RUNNING, run(a, OcfAction.MONITOR, params).rc());

    ActionResult restart = run(a, OcfAction.START, params);
    assertEquals(OcfExitCode.SUCCESS, restart.rc(), restart.summary() + log());
    ActionResult stop = run(a, OcfAction.STOP, params);
    assertEquals(OcfExitCode.SUCCESS, stop.rc());
    assertFalse(listening());
    assertEquals(OcfExitCode.SUCCESS, run(a, OcfAction.STOP, params).rc(), "stop is idempotent");
    assertEquals(OcfExitCode.NOT_RUNNING, run(a, OcfAction.MONITOR, params).rc());
    System.out.printf(
        "%s policy-server: start (validate + listen) %d ms, monitor %d ms, stop %d ms%n",
        kind, start.durationMs(), monitor.durationMs(), stop.durationMs());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bundled", "script"})
  void invalidPolicyIsRefusedBeforeAnythingStarts(String kind) throws Exception {
    Map<String, String> bad = new java.util.HashMap<>(params);
    bad.put("policy_file", tmp.resolve("bad.cf").toString());
    ActionResult r = run(agent(kind), OcfAction.START, bad);
    assertEquals(OcfExitCode.NOT_CONFIGURED, r.rc(), r.summary());
    assertTrue(r.exitReason().contains("is invalid"), r.exitReason());
    assertFalse(Files.exists(tmp.resolve("ps.pid")), "no daemon was started");
  }

  @Test
  void scriptPassesOcfTester() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ocf-tester")), "resource-agents");
    var r =
        NetnsPair.sh(
            "/usr/sbin/ocf-tester",
            "-n",
            "ps",
            "-o",
            "policy_file=" + params.get("policy_file"),
            "-o",
            "port=" + port,
            "-o",
            "pidfile=" + params.get("pidfile"),
            "-o",
            "logfile=" + params.get("logfile"),
            // The module's copy: ocf-tester wants 755 on every directory above the agent.
            Path.of("ocf/paceline/policy-server").toAbsolutePath().toString());
    assertEquals(0, r.exit(), r.out() + log());
    assertTrue(r.out().contains("passed all tests"), r.out() + log());
  }
}
