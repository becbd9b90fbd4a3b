package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs Debian's real OCF agents (packages resource-agents, pacemaker-resource-agents) through the
 * runner: Dummy's life cycle, anything running a daemon, Stateful's promote/demote with rc 8, and
 * meta-data parsing and parameter validation against their real meta-data.
 */
@Tag("process")
@org.junit.jupiter.api.Timeout(60)
class DebianAgentsTest {
  private static final OcfAgentDirectory OCF =
      new OcfAgentDirectory(OcfAgentDirectory.DEFAULT_ROOT, OcfRunnerLimits.DEFAULTS);
  private static final long TIMEOUT_MS = 20_000;
  private Path tmp;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/usr/lib/ocf/resource.d/heartbeat")), "resource-agents");
    tmp = Files.createTempDirectory("agents");
  }

  @AfterEach
  void tearDown() throws IOException {
    try (var s = Files.walk(tmp)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static ActionResult run(
      ResourceAgent agent, String rsc, OcfAction action, Map<String, String> params) {
    return agent.execute(ActionRequest.of(rsc, action, params, TIMEOUT_MS));
  }

  @Test
  void dummyLifeCycle() {
    ResourceAgent dummy = OCF.agent(AgentId.parse("ocf:heartbeat:Dummy"));
    Map<String, String> p = Map.of("state", tmp.resolve("dummy.state").toString());
    ActionResult probe = run(dummy, "d1", OcfAction.MONITOR, p);
    assertEquals(OcfExitCode.NOT_RUNNING, probe.rc(), probe.summary());
    ActionResult start = run(dummy, "d1", OcfAction.START, p);
    assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary());
    assertEquals(OcfExitCode.SUCCESS, run(dummy, "d1", OcfAction.MONITOR, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run(dummy, "d1", OcfAction.STOP, p).rc());
    assertEquals(OcfExitCode.NOT_RUNNING, run(dummy, "d1", OcfAction.MONITOR, p).rc());
    System.out.printf("Dummy: probe %d ms, start %d ms%n", probe.durationMs(), start.durationMs());
  }

  @Test
  void anythingRunsADaemonAndStopsIt() throws Exception {
    ResourceAgent anything = OCF.agent(AgentId.parse("ocf:heartbeat:anything"));
    Path pidfile = tmp.resolve("sleeper.pid");
    Map<String, String> p =
        Map.of(
            "binfile", "/bin/sleep",
            "cmdline_options", "600",
            "pidfile", pidfile.toString());
    try {
      ActionResult start = run(anything, "sleeper", OcfAction.START, p);
      assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary() + start.stderr());
      assertTrue(Deadline.await(() -> Files.exists(pidfile), 5_000));
      long pid = Long.parseLong(Files.readString(pidfile).strip());
      assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertEquals(OcfExitCode.SUCCESS, run(anything, "sleeper", OcfAction.MONITOR, p).rc());
      assertEquals(OcfExitCode.SUCCESS, run(anything, "sleeper", OcfAction.STOP, p).rc());
      assertTrue(
          Deadline.await(
              () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), 5_000));
      assertEquals(OcfExitCode.NOT_RUNNING, run(anything, "sleeper", OcfAction.MONITOR, p).rc());
    } finally {
      run(anything, "sleeper", OcfAction.STOP, p);
    }
  }

  @Test
  void statefulPromotesAndDemotes() {
    ResourceAgent stateful = OCF.agent(AgentId.parse("ocf:pacemaker:Stateful"));
    Map<String, String> p = Map.of("state", tmp.resolve("stateful.state").toString());
    try {
      assertEquals(OcfExitCode.NOT_RUNNING, run(stateful, "st", OcfAction.MONITOR, p).rc());
      assertEquals(OcfExitCode.SUCCESS, run(stateful, "st", OcfAction.START, p).rc());
      assertEquals(OcfExitCode.SUCCESS, run(stateful, "st", OcfAction.MONITOR, p).rc());
      ActionResult promote = run(stateful, "st", OcfAction.PROMOTE, p);
      assertEquals(OcfExitCode.SUCCESS, promote.rc(), promote.summary());
      assertEquals(OcfExitCode.RUNNING_PROMOTED, run(stateful, "st", OcfAction.MONITOR, p).rc());
      assertEquals(OcfExitCode.SUCCESS, run(stateful, "st", OcfAction.DEMOTE, p).rc());
      assertEquals(OcfExitCode.SUCCESS, run(stateful, "st", OcfAction.MONITOR, p).rc());
    } finally {
      assertEquals(OcfExitCode.SUCCESS, run(stateful, "st", OcfAction.STOP, p).rc());
    }
    assertEquals(OcfExitCode.NOT_RUNNING, run(stateful, "st", OcfAction.MONITOR, p).rc());
  }

  @Test
  void parsesRealMetadata() throws Exception {
    AgentMetadata ip = OCF.agent(AgentId.parse("ocf:heartbeat:IPaddr2")).metadata();
    assertEquals("IPaddr2", ip.name());
    ParameterSpec ipParam = ip.parameter("ip").orElseThrow();
    assertTrue(ipParam.required());
    assertTrue(ip.parameter("cidr_netmask").isPresent());
    assertEquals(20_000L, ip.action("start").orElseThrow().timeoutMs().orElseThrow());
    assertFalse(ip.isPromotable());

    AgentMetadata st = OCF.agent(AgentId.parse("ocf:pacemaker:Stateful")).metadata();
    assertTrue(st.isPromotable());
  }

  @Test
  void validationNamesResourceParameterAndAgent() throws Exception {
    AgentId id = AgentId.parse("ocf:heartbeat:IPaddr2");
    AgentMetadata md = OCF.agent(id).metadata();
    var problems = ParameterValidator.validate("vip", id, md, Map.of("netmask", "24"));
    assertEquals(2, problems.size(), problems.toString());
    assertEquals(
        "resource vip: parameter 'netmask' is not a parameter of agent ocf:heartbeat:IPaddr2",
        problems.get(0).message());
    assertEquals(
        "resource vip: required parameter 'ip' of agent ocf:heartbeat:IPaddr2 is not set",
        problems.get(1).message());
    assertTrue(ParameterValidator.validate("vip", id, md, Map.of("ip", "10.0.0.1")).isEmpty());
  }

  @Test
  void listsInstalledAgents() throws Exception {
    var all = OCF.list();
    assertTrue(all.contains(AgentId.parse("ocf:heartbeat:Dummy")));
    assertTrue(all.contains(AgentId.parse("ocf:pacemaker:Stateful")));
  }
}
