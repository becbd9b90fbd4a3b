package org.paceline.node;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.paceline.agents.OcfAgentDirectory;
import org.paceline.agents.OcfRunnerLimits;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.executor.AgentProvider;
import org.paceline.executor.ExecutorLimits;
import org.paceline.executor.SystemTimers;

/**
 * OperationRunner end to end with a real LocalExecutor and real agents: Debian's
 * ocf:heartbeat:Dummy and ocf:pacemaker:Stateful, Paceline's demo-ip, and a test agent that records
 * its environment. Proves: each RunOperation is answered once with its transition id; a recurring
 * monitor's first result answers and a later change (a deleted state file, a killed server) is
 * reported once with transition -1; cancel and stop end recurring monitors; anonymous clone
 * instances ({@code db:0}) run and are recorded under the primitive's id with the clone's meta
 * attributes; migrate ops get migrate_source/target; an unknown resource is rc 6; an orphan can
 * still be stopped; and the NodeReport holds last_0, last_failure_0 and monitor entries with
 * increasing call ids and transition keys.
 */
@Tag("process")
@Timeout(120)
class OperationRunnerTest {
  private static final String NODE = "n1";
  private static final Path PACELINE_AGENTS =
      Path.of("../resource-agents/ocf/paceline").toAbsolutePath().normalize();

  private Path tmp;
  private ExecutorService workers;
  private SystemTimers timers;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private OperationRunner runner;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy"))
            && Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/pacemaker/Stateful")),
        "resource-agents and pacemaker-resource-agents");
    tmp = Files.createTempDirectory("oprunner");
    Path root = tmp.resolve("ocf");
    Files.createDirectories(root.resolve("resource.d/test"));
    Files.createSymbolicLink(root.resolve("resource.d/paceline"), PACELINE_AGENTS);
    Path env = root.resolve("resource.d/test/Env");
    // Records the environment of every action, then behaves like a stateless always-running thing.
    Files.writeString(
        env,
        "#!/bin/sh\n"
            + "env | grep ^OCF_ | sort > \"$OCF_RESKEY_out.$1\"\n"
            + "[ \"$1\" = meta-data ] && echo '<resource-agent name=\"Env\"/>'\n"
            + "exit 0\n");
    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rwxr-xr-x"));
    port = freePort();
    workers = Executors.newFixedThreadPool(4);
    timers = new SystemTimers();
    OcfAgentDirectory system =
        new OcfAgentDirectory(OcfAgentDirectory.DEFAULT_ROOT, OcfRunnerLimits.DEFAULTS);
    OcfAgentDirectory local = new OcfAgentDirectory(root, OcfRunnerLimits.DEFAULTS);
    AgentProvider agents =
        id ->
            id.provider().equals("test") || id.provider().equals("paceline")
                ? local.agent(id)
                : system.agent(id);
    runner =
        OperationRunner.create(
            NODE,
            cib(true),
            System::currentTimeMillis,
            events::add,
            null,
            agents,
            workers,
            timers,
            timers,
            ExecutorLimits.DEFAULTS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (runner == null) {
      return;
    }
    // Stop the demo-ip server if a test left it running.
    runner.run(op(99, "vip", "stop", 0, 0));
    await(() -> result(99, "vip", "stop") != null, 10_000);
    runner.close();
    workers.shutdownNow();
    timers.close();
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

  private Cib cib(boolean withDummy2) throws Exception {
    String dummy2 =
        withDummy2
            ? """
              <primitive id="dummy2" class="ocf" provider="heartbeat" type="Dummy">
                <instance_attributes id="d2-ia">
                  <nvpair id="d2-s" name="state" value="%s/dummy2.state"/>
                </instance_attributes>
              </primitive>"""
                .formatted(tmp)
            : "";
    String xml =
        """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration>
            <crm_config/>
            <nodes><node id="1" uname="n1"/></nodes>
            <resources>
              <primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy">
                <instance_attributes id="d-ia">
                  <nvpair id="d-s" name="state" value="%1$s/dummy.state"/>
                </instance_attributes>
                <operations>
                  <op id="d-mon" name="monitor" interval="1s" timeout="7s"/>
                </operations>
              </primitive>
              %2$s
              <clone id="db-clone">
                <meta_attributes id="dbc-meta">
                  <nvpair id="dbc-p" name="promotable" value="true"/>
                  <nvpair id="dbc-n" name="notify" value="true"/>
                  <nvpair id="dbc-m" name="clone-max" value="2"/>
                </meta_attributes>
                <primitive id="db" class="ocf" provider="pacemaker" type="Stateful">
                  <instance_attributes id="db-ia">
                    <nvpair id="db-s" name="state" value="%1$s/db.state"/>
                  </instance_attributes>
                </primitive>
              </clone>
              <clone id="env-clone">
                <meta_attributes id="ec-meta">
                  <nvpair id="ec-u" name="globally-unique" value="true"/>
                  <nvpair id="ec-m" name="clone-max" value="3"/>
                </meta_attributes>
                <instance_attributes id="ec-ia">
                  <nvpair id="ec-o" name="out" value="%1$s/env-clone"/>
                </instance_attributes>
                <primitive id="env" class="ocf" provider="test" type="Env">
                  <meta_attributes id="env-meta">
                    <nvpair id="env-t" name="target-role" value="Started"/>
                  </meta_attributes>
                </primitive>
              </clone>
              <primitive id="mig" class="ocf" provider="test" type="Env">
                <instance_attributes id="mig-ia">
                  <nvpair id="mig-o" name="out" value="%1$s/mig"/>
                </instance_attributes>
              </primitive>
              <primitive id="vip" class="ocf" provider="paceline" type="demo-ip">
                <instance_attributes id="vip-ia">
                  <nvpair id="vip-p" name="port" value="%3$d"/>
                  <nvpair id="vip-r" name="run_dir" value="%1$s/n1/run"/>
                </instance_attributes>
              </primitive>
              <primitive id="fence" class="stonith" type="fence_paceline_demo"/>
            </resources>
            <constraints/>
          </configuration>
          <status/>
        </cib>
        """
            .formatted(tmp, dummy2, port);
    return CibXmlReader.read(xml, "test").cib();
  }

  private static Effect.RunOperation op(
      long tid, String rsc, String task, long intervalMs, int expectedRc) {
    return new Effect.RunOperation(
        NODE, tid, rsc, task, intervalMs, 0, expectedRc, null, null, null, null);
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

  private Event.OperationResult result(long tid, String rsc, String task) {
    return results().stream()
        .filter(r -> r.transitionId() == tid && r.resource().equals(rsc) && r.task().equals(task))
        .findFirst()
        .orElse(null);
  }

  private List<Event.OperationResult> results() {
    return events.stream()
        .filter(e -> e instanceof Event.OperationResult)
        .map(e -> (Event.OperationResult) e)
        .toList();
  }

  /** Runs an op and waits for its answer. */
  private Event.OperationResult runAndWait(Effect.RunOperation op) throws InterruptedException {
    runner.run(op);
    assertTrue(
        await(() -> result(op.transitionId(), op.resource(), op.task()) != null, 30_000),
        "no answer to " + op);
    return result(op.transitionId(), op.resource(), op.task());
  }

  private long monitorRuns(String rid, long intervalMs) {
    return runner.executor().history(rid).stream()
        .filter(r -> r.key().action().wireName().equals("monitor"))
        .filter(r -> r.key().intervalMs() == intervalMs)
        .count();
  }

  @Test
  void dummyLifecycleRecurringMonitorAndReport() throws Exception {
    Event.OperationResult probe = runAndWait(op(1, "dummy", "monitor", 0, 7));
    assertEquals(7, probe.rc());
    assertEquals(NODE, probe.node());
    assertEquals(0, runAndWait(op(2, "dummy", "start", 0, 0)).rc());
    Event.OperationResult first = runAndWait(op(2, "dummy", "monitor", 1_000, 0));
    assertEquals(0, first.rc());
    assertEquals(1_000, first.intervalMs());

    // "Kill" the resource: Dummy's state is its file.
    Files.delete(tmp.resolve("dummy.state"));
    assertTrue(await(() -> result(-1, "dummy", "monitor") != null, 10_000), "no change reported");
    Event.OperationResult change = result(-1, "dummy", "monitor");
    assertEquals(7, change.rc());
    // Later runs with the same rc are not reported again.
    long runs = monitorRuns("dummy", 1_000);
    assertTrue(await(() -> monitorRuns("dummy", 1_000) >= runs + 2, 10_000));
    assertEquals(
        1, results().stream().filter(r -> r.transitionId() == -1).count(), results().toString());

    Event.NodeReport report = runner.report(3, Map.of("site", "a"));
    assertEquals(NODE, report.node());
    assertEquals(3, report.term());
    LrmResource dummy =
        report.history().stream().filter(r -> r.id().equals("dummy")).findFirst().orElseThrow();
    assertEquals("heartbeat", dummy.provider());
    assertEquals("Dummy", dummy.type());
    Map<String, LrmRscOp> ops =
        dummy.ops().stream().collect(Collectors.toMap(LrmRscOp::id, o -> o));
    assertEquals(
        List.of("dummy_last_0", "dummy_last_failure_0", "dummy_monitor_1000"),
        ops.keySet().stream().sorted().toList());
    LrmRscOp last = ops.get("dummy_last_0");
    assertEquals("start", last.operation());
    assertEquals("dummy_start_0", last.operationKey());
    assertEquals(0, last.rcCode());
    assertEquals("0:2:0:paceline", last.transitionKey());
    assertEquals("0:0;0:2:0:paceline", last.transitionMagic());
    LrmRscOp mon = ops.get("dummy_monitor_1000");
    assertEquals(7, mon.rcCode());
    assertEquals(1_000, mon.intervalMs());
    assertEquals("0:2:0:paceline", mon.transitionKey());
    assertTrue(mon.callId() > last.callId(), "call ids increase");
    LrmRscOp failure = ops.get("dummy_last_failure_0");
    assertEquals("dummy_monitor_1000", failure.operationKey());
    assertEquals(7, failure.rcCode());
    // One failure, as the DC counted it live, not one per run of the failing monitor (a new DC
    // reads the count from this report).
    assertEquals("1", report.attributes().get("fail-count-dummy#monitor_1000"));
    assertEquals("a", report.attributes().get("site"));
    assertTrue(last.lastRun() > 1_600_000_000L, "epoch seconds");

    // The answer to RequestReport is the same report as an event.
    runner.accept(new Effect.RequestReport(NODE, 4));
    assertTrue(await(() -> events.stream().anyMatch(e -> e instanceof Event.NodeReport), 5_000));

    // Stop: the recurring monitor ends with it, and the report drops it.
    assertEquals(0, runAndWait(op(5, "dummy", "stop", 0, 0)).rc());
    assertEquals(List.of(), runner.executor().recurringIntervals("dummy"));
    Event.NodeReport after = runner.report(5, Map.of());
    LrmResource d2 =
        after.history().stream().filter(r -> r.id().equals("dummy")).findFirst().orElseThrow();
    assertFalse(d2.ops().stream().anyMatch(o -> o.id().equals("dummy_monitor_1000")));
    assertEquals(
        "stop",
        d2.ops().stream()
            .filter(o -> o.id().equals("dummy_last_0"))
            .findFirst()
            .orElseThrow()
            .operation());

    // Cleanup forgets the failure for later reports.
    runner.cleanup("dummy");
    Event.NodeReport cleaned = runner.report(6, Map.of());
    assertFalse(cleaned.attributes().containsKey("fail-count-dummy#monitor_1000"));
    assertFalse(
        cleaned.history().get(0).ops().stream()
            .anyMatch(o -> o.id().equals("dummy_last_failure_0")));
  }

  @Test
  void statefulCloneInstancePromotesUnderThePrimitivesId() throws Exception {
    assertEquals(7, runAndWait(op(1, "db:0", "monitor", 0, 7)).rc());
    assertEquals(0, runAndWait(op(2, "db:0", "start", 0, 0)).rc());
    assertEquals(0, runAndWait(op(2, "db:0", "promote", 0, 0)).rc());
    Event.OperationResult promoted = runAndWait(op(2, "db:0", "monitor", 2_000, 8));
    assertEquals(8, promoted.rc());
    assertEquals("db:0", promoted.resource());
    // The executor knows the anonymous instance by the primitive's id, like the status section.
    assertEquals(List.of(2_000L), runner.executor().recurringIntervals("db"));

    Event.OperationResult cancel = runAndWait(op(3, "db:0", "cancel", 2_000, 0));
    assertEquals(0, cancel.rc());
    assertEquals(List.of(), runner.executor().recurringIntervals("db"));
    assertEquals(0, runAndWait(op(3, "db:0", "demote", 0, 0)).rc());
    assertEquals(0, runAndWait(op(3, "db:0", "monitor", 0, 7)).rc(), "probe sees it unpromoted");
    assertEquals(0, runAndWait(op(4, "db:0", "stop", 0, 0)).rc());
    assertFalse(Files.exists(tmp.resolve("db.state")));
    // The cancelled monitor never reported the demotion.
    assertTrue(results().stream().noneMatch(r -> r.transitionId() == -1), results().toString());

    LrmResource db =
        runner.report(4, Map.of()).history().stream()
            .filter(r -> r.id().equals("db"))
            .findFirst()
            .orElseThrow();
    assertEquals("pacemaker", db.provider());
    assertEquals(List.of("db_last_0"), db.ops().stream().map(LrmRscOp::id).toList());
    assertEquals("stop", db.ops().get(0).operation());
  }

  @Test
  void aDemoteEndsThePromotedMonitorSoTheNewRoleIsNoFailure() throws Exception {
    // Pacemaker's scheduler plans no cancel of a failed promoted-role monitor before the demote
    // that recovers the instance: the node ends the resource's recurring monitors itself before a
    // state-changing action. Without that, the monitor expecting 8 ran on after the demote, saw 0
    // and reported a failure each time (in the PAF lab one crash recovery took the fail count to
    // the migration-threshold, and no primary was left).
    assertEquals(0, runAndWait(op(1, "db:0", "start", 0, 0)).rc());
    assertEquals(0, runAndWait(op(1, "db:0", "promote", 0, 0)).rc());
    assertEquals(8, runAndWait(op(1, "db:0", "monitor", 300, 8)).rc());
    assertEquals(0, runAndWait(op(2, "db:0", "demote", 0, 0)).rc());
    assertEquals(List.of(), runner.executor().recurringIntervals("db"), "ended with the demote");
    long demoteCall =
        runner.executor().history("db").stream()
            .filter(r -> r.key().action().wireName().equals("demote"))
            .mapToLong(r -> r.callId())
            .max()
            .orElseThrow();
    // Several intervals: the old monitor neither runs again nor reports the unpromoted instance.
    assertFalse(
        await(
            () ->
                result(-1, "db:0", "monitor") != null
                    || runner.executor().history("db").stream()
                        .anyMatch(r -> r.key().intervalMs() == 300 && r.callId() > demoteCall),
            2_000),
        results().toString());
    // A new DC reads the same fail count from the node's report: none.
    Event.NodeReport report = runner.report(3, Map.of());
    assertFalse(report.attributes().containsKey("fail-count-db#monitor_300"), report.toString());
    // The monitor of the new role runs as the DC plans it.
    assertEquals(0, runAndWait(op(2, "db:0", "monitor", 400, 0)).rc());
    assertEquals(List.of(400L), runner.executor().recurringIntervals("db"));
    assertEquals(0, runAndWait(op(3, "db:0", "stop", 0, 0)).rc());
  }

  @Test
  void cloneAndMigrationMetaReachTheAgent() throws Exception {
    assertEquals(0, runAndWait(op(1, "env:2", "start", 0, 0)).rc());
    Map<String, String> env = readEnv(tmp.resolve("env-clone.start"));
    assertEquals("env:2", env.get("OCF_RESOURCE_INSTANCE"), "unique clones keep the suffix");
    assertEquals("2", env.get("OCF_RESKEY_CRM_meta_clone"));
    assertEquals("3", env.get("OCF_RESKEY_CRM_meta_clone_max"));
    assertEquals("true", env.get("OCF_RESKEY_CRM_meta_globally_unique"));
    assertEquals("Started", env.get("OCF_RESKEY_CRM_meta_target_role"));
    assertEquals(NODE, env.get("OCF_RESKEY_CRM_meta_on_node"));
    assertEquals("1", env.get("OCF_RESKEY_CRM_meta_on_node_uuid"), "the node's id");
    assertEquals("3.16.1", env.get("OCF_RESKEY_crm_feature_set"), "Pacemaker 2.1.5's");
    assertEquals("20000", env.get("OCF_RESKEY_CRM_meta_timeout"), "default timeout");

    runner.run(
        new Effect.RunOperation(NODE, 2, "mig", "migrate_to", 0, 5_000, 0, NODE, "n2", null, null));
    assertTrue(await(() -> result(2, "mig", "migrate_to") != null, 10_000));
    Map<String, String> mig = readEnv(tmp.resolve("mig.migrate_to"));
    assertEquals(NODE, mig.get("OCF_RESKEY_CRM_meta_migrate_source"));
    assertEquals("n2", mig.get("OCF_RESKEY_CRM_meta_migrate_target"));
    assertEquals("5000", mig.get("OCF_RESKEY_CRM_meta_timeout"));
    LrmRscOp migOp =
        runner.report(2, Map.of()).history().stream()
            .filter(r -> r.id().equals("mig"))
            .findFirst()
            .orElseThrow()
            .ops()
            .get(0);
    assertEquals("migrate_to", migOp.operation());
    assertEquals(Map.of("migrate_source", NODE, "migrate_target", "n2"), migOp.otherAttributes());
    // A later start of the same resource carries no migration meta.
    assertEquals(0, runAndWait(op(3, "mig", "start", 0, 0)).rc());
    assertFalse(
        readEnv(tmp.resolve("mig.start")).containsKey("OCF_RESKEY_CRM_meta_migrate_source"));
  }

  @Test
  void aNotificationCarriesItsListsToTheAgentAndLeavesNoHistory() throws Exception {
    assertEquals(0, runAndWait(op(1, "env:2", "start", 0, 0)).rc());
    Map<String, String> lists =
        new org.paceline.agents.NotifyEnvironment(
                "pre",
                "start",
                Map.of("start", List.of("env:1"), "active", List.of("env:2")),
                Map.of("start", List.of("n2"), "active", List.of(NODE), "all", List.of(NODE, "n2")))
            .toMeta();
    runner.run(
        new Effect.RunOperation(NODE, 2, "env:2", "notify", 0, 5_000, 0, null, null, null, lists));
    assertTrue(await(() -> result(2, "env:2", "notify") != null, 10_000));
    assertEquals(0, result(2, "env:2", "notify").rc());
    Map<String, String> env = readEnv(tmp.resolve("env-clone.notify"));
    assertEquals("pre", env.get("OCF_RESKEY_CRM_meta_notify_type"));
    assertEquals("start", env.get("OCF_RESKEY_CRM_meta_notify_operation"));
    assertEquals("env:1", env.get("OCF_RESKEY_CRM_meta_notify_start_resource"));
    assertEquals("n2", env.get("OCF_RESKEY_CRM_meta_notify_start_uname"));
    assertEquals(NODE, env.get("OCF_RESKEY_CRM_meta_notify_active_uname"));
    assertEquals(NODE + " n2", env.get("OCF_RESKEY_CRM_meta_notify_all_uname"));
    assertEquals(" ", env.get("OCF_RESKEY_CRM_meta_notify_master_resource"), "empty as Pacemaker");
    assertEquals("3", env.get("OCF_RESKEY_CRM_meta_clone_max"), "the clone's meta as well");
    // Not resource history: the start stays the last operation; the next action has no lists.
    LrmResource h =
        runner.report(2, Map.of()).history().stream()
            .filter(r -> r.id().equals("env:2"))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("start"), h.ops().stream().map(LrmRscOp::operation).toList());
    assertEquals(0, runAndWait(op(3, "env:2", "stop", 0, 0)).rc());
    assertFalse(
        readEnv(tmp.resolve("env-clone.stop")).containsKey("OCF_RESKEY_CRM_meta_notify_type"));
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.contains("="))
        .collect(
            Collectors.toMap(
                l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
  }

  @Test
  void unknownResourcesAreNotConfiguredButOrphansCanStillBeStopped() throws Exception {
    Event.OperationResult unknown = runAndWait(op(1, "nope", "start", 0, 0));
    assertEquals(6, unknown.rc());
    assertEquals(4, unknown.opStatus());
    assertTrue(unknown.exitReason().contains("nope"), unknown.exitReason());
    // A fencing device: start/stop are bookkeeping, monitor says whether it is started here.
    assertEquals(7, runAndWait(op(1, "fence", "monitor", 0, 7)).rc());
    assertEquals(0, runAndWait(op(2, "fence", "start", 0, 0)).rc());
    assertEquals(0, runAndWait(op(2, "fence", "monitor", 60_000, 0)).rc());
    LrmResource fence =
        runner.report(2, Map.of()).history().stream()
            .filter(r -> r.id().equals("fence"))
            .findFirst()
            .orElseThrow();
    assertEquals("stonith", fence.resourceClass());
    assertEquals(null, fence.provider());
    assertEquals("fence_paceline_demo", fence.type());

    assertEquals(0, runAndWait(op(2, "dummy2", "start", 0, 0)).rc());
    assertTrue(Files.exists(tmp.resolve("dummy2.state")));
    runner.setConfiguration(cib(false));
    assertEquals(6, runAndWait(op(3, "dummy2", "start", 0, 0)).rc());
    assertEquals(0, runAndWait(op(3, "dummy2", "stop", 0, 0)).rc(), "orphan stop");
    assertFalse(Files.exists(tmp.resolve("dummy2.state")));
  }

  @Test
  void recurringMonitorReportsAKilledDemoIpServer() throws Exception {
    assertEquals(0, runAndWait(op(1, "vip", "start", 0, 0)).rc());
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      assertEquals(
          NODE + "\n", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(0, runAndWait(op(1, "vip", "monitor", 500, 0)).rc());
    long pid = Long.parseLong(Files.readString(tmp.resolve("n1/run/demo-ip-vip.pid")).strip());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    // The first change may be rc 1 (port closed, process not yet gone) before rc 7; both are
    // reported, each once.
    assertTrue(
        await(
            () ->
                results().stream()
                    .anyMatch(
                        r -> r.transitionId() == -1 && r.resource().equals("vip") && r.rc() == 7),
            10_000),
        results().toString());
    assertTrue(results().stream().filter(r -> r.transitionId() == -1).count() <= 2);
    assertEquals(0, runAndWait(op(2, "vip", "stop", 0, 0)).rc());
  }
}
