package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Agents that misbehave: hang (the timeout kills the whole tree, including a detached grandchild),
 * print garbage or floods, exit with undefined codes, are missing, or get bad parameter names. Also
 * checks what a script receives: argv is only the action, parameters and meta attributes arrive in
 * the environment, with both old and new notify names.
 */
@Tag("process")
@org.junit.jupiter.api.Timeout(60)
class OcfRunnerFaultsTest {
  private TestOcfRoot ocf;

  @BeforeEach
  void setUp() throws Exception {
    ocf = new TestOcfRoot();
  }

  @AfterEach
  void tearDown() throws Exception {
    ocf.close();
  }

  @Test
  void timeoutKillsTheWholeProcessTree() throws Exception {
    Path pids = ocf.root.resolve("pids");
    AgentId id =
        ocf.add(
            "Hang",
            // A child, and a grandchild detached with setsid-less nohup, both outliving the agent
            // if only the agent were killed.
            "sleep 600 & echo $! >> "
                + pids
                + "\n"
                + "(sleep 600 & echo $! >> "
                + pids
                + "; wait) &\n"
                + "echo $$ >> "
                + pids
                + "\n"
                + "while :; do sleep 1; done");
    ResourceAgent agent = ocf.directory().agent(id);
    long t0 = System.nanoTime();
    ActionResult r = agent.execute(ActionRequest.of("h", OcfAction.START, Map.of(), 500));
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(r.timedOut(), r.summary());
    assertEquals(OcfExitCode.GENERIC_ERROR, r.rc());
    assertTrue(r.exitReason().contains("timed out after 500 ms"), r.exitReason());
    assertTrue(wallMs < 3_000, "runner returned after " + wallMs + " ms");
    var ids = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
    assertEquals(3, ids.size(), ids.toString());
    assertTrue(
        Deadline.await(
            () ->
                ids.stream()
                    .noneMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
            3_000),
        "survivors among " + ids);
    System.out.printf("hang: timeout 500 ms, runner returned after %d ms%n", wallMs);
  }

  /**
   * A grandchild double-forked away from the agent (re-parented to init, so no longer among its
   * descendants) dies at the timeout too, by the kill of the agent's process group.
   */
  @Test
  void timeoutKillsAGrandchildReparentedToInit() throws Exception {
    Path gc = ocf.root.resolve("grandchild");
    Path script = ocf.root.resolve("script.pid");
    Path ppid = ocf.root.resolve("grandchild.ppid");
    AgentId id =
        ocf.add(
            "Detach",
            "( sleep 600 & echo $! > '"
                + gc
                + "' )\necho $$ > '"
                + script
                + "'\nsleep 0.2\nawk '{print $4}' /proc/$(cat '"
                + gc
                + "')/stat > '"
                + ppid
                + "'\nwhile :; do sleep 1; done");
    ActionResult r =
        ocf.directory().agent(id).execute(ActionRequest.of("d", OcfAction.START, Map.of(), 1_000));
    assertTrue(r.timedOut(), r.summary());
    long pid = Long.parseLong(Files.readString(gc).strip());
    assertFalse(
        Files.readString(script).strip().equals(Files.readString(ppid).strip()),
        "the grandchild was re-parented");
    assertTrue(
        Deadline.await(
            () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), 5_000),
        "re-parented grandchild " + pid + " survived the timeout");
  }

  @Test
  void garbageAndFloodsAreBoundedAndReasonIsParsed() throws Exception {
    AgentId id =
        ocf.add(
            "Noisy",
            "head -c 1000000 /dev/urandom\n"
                + "echo 'ocf-exit-reason:first' >&2\n"
                + "echo 'some log line' >&2\n"
                + "echo 'ocf-exit-reason:disk /srv is full' >&2\n"
                + "exit 1");
    ActionResult r =
        ocf.directory().agent(id).execute(ActionRequest.of("n", OcfAction.START, Map.of(), 10_000));
    assertEquals(OcfExitCode.GENERIC_ERROR, r.rc());
    assertEquals("disk /srv is full", r.exitReason());
    assertTrue(r.outputTruncated());
    assertTrue(r.stdout().length() <= 2 * OcfRunnerLimits.DEFAULTS.outputLimitBytes());
    assertEquals("some log line\n", r.stderr());
  }

  /**
   * An agent that leaves a daemon holding its stderr (pg_ctl start without -l, as PAF runs it): its
   * own exit status counts, though its output never ends.
   */
  @Test
  void aDaemonHoldingTheAgentsOutputDoesNotHideItsExitStatus() throws Exception {
    Path pid = ocf.root.resolve("daemon.pid");
    AgentId id =
        ocf.add(
            "Spawner",
            "(while :; do echo tick >&2; sleep 0.05; done) &\n"
                + "echo $! > '"
                + pid
                + "'\nsleep 0.2\nexit $OCF_RESKEY_rc");
    try {
      for (String rc : new String[] {"0", "7"}) {
        ActionResult r =
            ocf.directory()
                .agent(id)
                .execute(ActionRequest.of("s", OcfAction.MONITOR, Map.of("rc", rc), 10_000));
        assertEquals(Integer.parseInt(rc), r.exitStatus(), r.toString());
        assertFalse(r.timedOut(), r.toString());
      }
    } finally {
      for (String p : Files.readAllLines(pid)) {
        ProcessHandle.of(Long.parseLong(p.strip())).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void undefinedExitStatusIsAGenericErrorWithAReason() throws Exception {
    AgentId id = ocf.add("Weird", "exit 42");
    ActionResult r =
        ocf.directory()
            .agent(id)
            .execute(ActionRequest.of("w", OcfAction.MONITOR, Map.of(), 5_000));
    assertEquals(OcfExitCode.GENERIC_ERROR, r.rc());
    assertEquals(42, r.exitStatus());
    assertTrue(r.exitReason().contains("status 42"), r.exitReason());
  }

  @Test
  void missingAgentIsNotInstalled() {
    ResourceAgent agent = ocf.directory().agent(AgentId.ocf("test", "Nope"));
    ActionResult r = agent.execute(ActionRequest.of("x", OcfAction.START, Map.of(), 5_000));
    assertEquals(OcfExitCode.NOT_INSTALLED, r.rc());
    assertTrue(r.exitReason().contains("ocf:test:Nope is not installed"), r.exitReason());
    assertFalse(r.timedOut());
  }

  @Test
  void badParameterNameIsRefusedBeforeRunning() throws Exception {
    AgentId id = ocf.add("Ok", "exit 0");
    ActionResult r =
        ocf.directory()
            .agent(id)
            .execute(ActionRequest.of("r1", OcfAction.START, Map.of("bad name;rm", "x"), 5_000));
    assertEquals(OcfExitCode.INVALID_ARGUMENT, r.rc());
    assertTrue(r.exitReason().contains("resource r1"), r.exitReason());
    assertTrue(r.exitReason().contains("ocf:test:Ok"), r.exitReason());
  }

  @Test
  void scriptSeesOnlyTheActionInArgvAndEverythingElseInTheEnvironment() throws Exception {
    AgentId id = ocf.add("Env", "echo \"argc=$# argv=$*\"\nenv | sort");
    Map<String, String> meta = new TreeMap<>(Map.of("clone-max", "2", "notify", "true"));
    var notify =
        new NotifyEnvironment(
            "pre",
            "promote",
            Map.of("promote", java.util.List.of("db:1"), "promoted", java.util.List.of("db:0")),
            Map.of("promote", java.util.List.of("node2"), "promoted", java.util.List.of("node1")));
    ActionRequest req =
        new ActionRequest(
            "db:1",
            OcfAction.NOTIFY,
            new TreeMap<>(Map.of("secret", "$(touch /tmp/pwned) ; `id`")),
            0,
            7_000,
            new TreeMap<>(meta),
            Optional.of(notify));
    ActionResult r = ocf.directory().agent(id).execute(req);
    assertEquals(OcfExitCode.SUCCESS, r.rc(), r.summary());
    String out = r.stdout();
    assertTrue(out.contains("argc=1 argv=notify\n"), out);
    assertTrue(out.contains("OCF_RESKEY_secret=$(touch /tmp/pwned) ; `id`\n"), out);
    assertTrue(out.contains("OCF_RA_VERSION_MAJOR=1\n"));
    assertTrue(out.contains("OCF_RESOURCE_INSTANCE=db:1\n"));
    assertTrue(out.contains("OCF_RESKEY_CRM_meta_timeout=7000\n"));
    assertTrue(out.contains("OCF_RESKEY_CRM_meta_interval=0\n"));
    assertTrue(out.contains("OCF_RESKEY_CRM_meta_clone_max=2\n"));
    assertTrue(
        out.contains("OCF_RESKEY_crm_feature_set=" + OcfScriptAgent.CRM_FEATURE_SET + "\n"), out);
    assertTrue(out.contains("OCF_RESKEY_CRM_meta_notify_type=pre\n"));
    assertTrue(out.contains("OCF_RESKEY_CRM_meta_notify_promoted_uname=node1\n"));
    assertTrue(out.contains("OCF_RESKEY_CRM_meta_notify_master_uname=node1\n"));
    assertTrue(out.contains("OCF_RESKEY_CRM_meta_notify_promote_resource=db:1\n"));
    // An empty list is one space, as Pacemaker writes it.
    assertTrue(out.contains("OCF_RESKEY_CRM_meta_notify_slave_resource= \n"), out);
  }
}
