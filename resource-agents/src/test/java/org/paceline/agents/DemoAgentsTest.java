package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo cluster's agents ocf:paceline:demo-ip, demo-db and demo-policy, run unmodified through
 * the OCF runner: probe/start/monitor/stop (and promote/demote) with real processes and state files
 * in a node's run dir, the run dir named after CRM_meta_on_node, a killed server seen as stopped, a
 * wiped run dir (simulated power-off) seen as stopped, invalid parameters refused with rc 6 before
 * anything starts; and each passes Debian's ocf-tester.
 */
@Tag("process")
@Timeout(120)
class DemoAgentsTest {
  static final Path AGENTS = Path.of("ocf/paceline").toAbsolutePath();

  private Path tmp;
  private Path runDir;
  private OcfAgentDirectory dir;

  @BeforeEach
  void setUp() throws Exception {
    tmp = Files.createTempDirectory("demo-agents");
    runDir = tmp.resolve("n1/run");
    Path ocfRoot = tmp.resolve("ocf");
    Files.createDirectories(ocfRoot.resolve("resource.d"));
    Files.createSymbolicLink(ocfRoot.resolve("resource.d/paceline"), AGENTS);
    dir = new OcfAgentDirectory(ocfRoot, OcfRunnerLimits.DEFAULTS);
  }

  @AfterEach
  void tearDown() throws Exception {
    // Stop whatever a failed test left running, then remove the files.
    for (String type : new String[] {"demo-ip", "demo-policy"}) {
      run(type, "r", OcfAction.STOP, Map.of("port", "1", "run_dir", runDir.toString()));
    }
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private ActionResult run(
      String type, String instance, OcfAction action, Map<String, String> params) {
    return run(type, instance, action, 0, params);
  }

  private ActionResult run(
      String type, String instance, OcfAction action, long intervalMs, Map<String, String> params) {
    TreeMap<String, String> meta = new TreeMap<>();
    meta.put("on_node", "n1");
    return dir.agent(AgentId.ocf("paceline", type))
        .execute(
            new ActionRequest(
                instance,
                action,
                new TreeMap<>(params),
                intervalMs,
                10_000,
                meta,
                Optional.empty()));
  }

  static String read(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      s.setSoTimeout(2_000);
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static long pid(Path pidFile) throws IOException {
    return Long.parseLong(Files.readString(pidFile).strip());
  }

  @Test
  void demoIpAnswersWithTheNodeNameAndNoticesAKilledServer() throws Exception {
    int port = freePort();
    // No run_dir: the default is /tmp/paceline-demo/NODE/run; use the test's via the parameter
    // and check the default separately below through meta-data.
    Map<String, String> p = Map.of("port", "" + port, "run_dir", runDir.toString());
    assertEquals(OcfExitCode.NOT_RUNNING, run("demo-ip", "vip", OcfAction.MONITOR, p).rc());
    ActionResult start = run("demo-ip", "vip", OcfAction.START, p);
    assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary() + start.stderr());
    assertEquals("n1\n", read(port));
    assertEquals(OcfExitCode.SUCCESS, run("demo-ip", "vip", OcfAction.MONITOR, 10_000, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-ip", "vip", OcfAction.START, p).rc());
    Path pidFile = runDir.resolve("demo-ip-vip.pid");
    long pid = pid(pidFile);
    ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
    server.destroyForcibly();
    assertTrue(Deadline.await(() -> !server.isAlive(), 5_000));
    assertEquals(OcfExitCode.NOT_RUNNING, run("demo-ip", "vip", OcfAction.MONITOR, 10_000, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-ip", "vip", OcfAction.STOP, p).rc());
    assertFalse(Files.exists(pidFile));
    // Start again, then a clean stop kills the server.
    assertEquals(OcfExitCode.SUCCESS, run("demo-ip", "vip", OcfAction.START, p).rc());
    ProcessHandle again = ProcessHandle.of(pid(pidFile)).orElseThrow();
    assertEquals(OcfExitCode.SUCCESS, run("demo-ip", "vip", OcfAction.STOP, p).rc());
    assertTrue(Deadline.await(() -> !again.isAlive(), 5_000));
    assertEquals(OcfExitCode.NOT_RUNNING, run("demo-ip", "vip", OcfAction.MONITOR, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-ip", "vip", OcfAction.STOP, p).rc());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "http", "0", "70000"})
  void demoIpRefusesABadPort(String port) {
    Map<String, String> p = Map.of("port", port, "run_dir", runDir.toString());
    ActionResult r = run("demo-ip", "vip", OcfAction.START, p);
    assertEquals(OcfExitCode.NOT_CONFIGURED, r.rc(), r.summary());
    assertTrue(r.exitReason().contains("port"), r.exitReason());
    assertFalse(Files.exists(runDir.resolve("demo-ip-vip.pid")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo-ip", "demo-policy"})
  void aListenerWithoutJavaIsNotInstalledAndStartsNothing(String type) throws Exception {
    Map<String, String> p =
        Map.of(
            "port",
            "" + freePort(),
            "run_dir",
            runDir.toString(),
            "java",
            tmp.resolve("no-such-java").toString());
    ActionResult r = run(type, "r", OcfAction.START, p);
    assertEquals(OcfExitCode.NOT_INSTALLED, r.rc(), r.summary());
    assertTrue(r.exitReason().contains("no-such-java"), r.exitReason());
    assertFalse(Files.exists(runDir.resolve(type + "-r.pid")));
  }

  @Test
  void demoPolicyServesTheCurrentPolicyAndRefusesAnUnreadableOne() throws Exception {
    int port = freePort();
    Path policy = tmp.resolve("policy.cf");
    Files.writeString(policy, "bundle agent main { v1 }\n");
    Map<String, String> p =
        Map.of("port", "" + port, "run_dir", runDir.toString(), "policy_file", policy.toString());
    ActionResult start = run("demo-policy", "policy", OcfAction.START, p);
    assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary());
    assertEquals("bundle agent main { v1 }\n", read(port));
    Files.writeString(policy, "bundle agent main { v2 }\n");
    assertEquals("bundle agent main { v2 }\n", read(port));
    assertEquals(OcfExitCode.SUCCESS, run("demo-policy", "policy", OcfAction.MONITOR, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-policy", "policy", OcfAction.STOP, p).rc());
    assertEquals(OcfExitCode.NOT_RUNNING, run("demo-policy", "policy", OcfAction.MONITOR, p).rc());

    // Without a policy file it serves a built-in line naming the node.
    Map<String, String> builtin = Map.of("port", "" + port, "run_dir", runDir.toString());
    assertEquals(OcfExitCode.SUCCESS, run("demo-policy", "policy", OcfAction.START, builtin).rc());
    assertEquals("policy served by n1\n", read(port));
    assertEquals(OcfExitCode.SUCCESS, run("demo-policy", "policy", OcfAction.STOP, builtin).rc());

    Map<String, String> missing =
        Map.of(
            "port",
            "" + port,
            "run_dir",
            runDir.toString(),
            "policy_file",
            tmp.resolve("nope.cf").toString());
    ActionResult bad = run("demo-policy", "policy", OcfAction.START, missing);
    assertEquals(OcfExitCode.NOT_CONFIGURED, bad.rc(), bad.summary());
    assertTrue(bad.exitReason().contains("cannot be read"), bad.exitReason());
    assertFalse(Files.exists(runDir.resolve("demo-policy-policy.pid")));
  }

  @Test
  void demoDbIsPromotableAndForgetsEverythingWhenTheRunDirIsWiped() throws Exception {
    Map<String, String> p = Map.of("run_dir", runDir.toString(), "promotion_score", "10");
    assertEquals(OcfExitCode.NOT_RUNNING, run("demo-db", "db:0", OcfAction.MONITOR, p).rc());
    ActionResult promoteStopped = run("demo-db", "db:0", OcfAction.PROMOTE, p);
    assertEquals(OcfExitCode.GENERIC_ERROR, promoteStopped.rc());
    assertTrue(promoteStopped.exitReason().contains("not started"));
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.START, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.MONITOR, 5_000, p).rc());
    // The promotion score goes where RunDirAttributes reads it, named as crm_master names it.
    assertEquals("10", Files.readString(runDir.resolve("attributes/master-db")).strip());
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.PROMOTE, p).rc());
    assertEquals(
        OcfExitCode.RUNNING_PROMOTED, run("demo-db", "db:0", OcfAction.MONITOR, 5_000, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.PROMOTE, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.DEMOTE, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.MONITOR, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.NOTIFY, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.STOP, p).rc());
    assertEquals(OcfExitCode.NOT_RUNNING, run("demo-db", "db:0", OcfAction.MONITOR, p).rc());
    assertFalse(Files.exists(runDir.resolve("attributes/master-db")));

    // A simulated power-off wipes the run dir: the promoted instance is simply gone.
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.START, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run("demo-db", "db:0", OcfAction.PROMOTE, p).rc());
    try (var s = Files.walk(runDir)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    assertEquals(OcfExitCode.NOT_RUNNING, run("demo-db", "db:0", OcfAction.MONITOR, p).rc());

    ActionResult badScore =
        run("demo-db", "db:0", OcfAction.START, Map.of("promotion_score", "high"));
    assertEquals(OcfExitCode.NOT_CONFIGURED, badScore.rc());
  }

  @Test
  void runDirDefaultsToTheNodeName() throws Exception {
    // Without run_dir the state lands in /tmp/paceline-demo/<CRM_meta_on_node>/run.
    Path dflt = Path.of("/tmp/paceline-demo/n1/run/demo-db-dflt.state");
    boolean existed = Files.exists(Path.of("/tmp/paceline-demo"));
    try {
      assertEquals(OcfExitCode.SUCCESS, run("demo-db", "dflt", OcfAction.START, Map.of()).rc());
      assertEquals("unpromoted", Files.readString(dflt).strip());
    } finally {
      run("demo-db", "dflt", OcfAction.STOP, Map.of());
      if (!existed) {
        for (String d : new String[] {"n1/run", "n1", ""}) {
          Files.deleteIfExists(Path.of("/tmp/paceline-demo").resolve(d));
        }
      }
    }
    assertFalse(Files.exists(dflt));
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo-ip", "demo-policy", "demo-db"})
  void passesOcfTester(String type) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ocf-tester")), "resource-agents");
    var r =
        NetnsPair.sh(
            "/usr/sbin/ocf-tester",
            "-n",
            "t",
            "-o",
            "port=" + freePort(),
            "-o",
            "run_dir=" + runDir,
            AGENTS.resolve(type).toString());
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("passed all tests"), r.out());
    assertFalse(Files.exists(runDir.resolve(type + "-t.pid")), "ocf-tester stopped it");
  }
}
