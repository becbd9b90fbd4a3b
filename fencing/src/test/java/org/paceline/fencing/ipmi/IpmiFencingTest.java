package org.paceline.fencing.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.fencing.Await;
import org.paceline.fencing.DelayRandom;
import org.paceline.fencing.DeviceResult;
import org.paceline.fencing.DeviceSettings;
import org.paceline.fencing.FenceAction;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceDevice;
import org.paceline.fencing.FenceHistory;
import org.paceline.fencing.FenceOutcome;
import org.paceline.fencing.FenceRequest;
import org.paceline.fencing.Fencer;
import org.paceline.fencing.FencerSettings;
import org.paceline.fencing.HistoryResult;
import org.paceline.fencing.PowerState;
import org.paceline.fencing.Secret;
import org.paceline.fencing.TopologyLevel;
import org.paceline.fencing.agents.FenceAgentDevice;
import org.paceline.fencing.agents.FenceAgentSettings;

/**
 * Fencing against real BMC simulators (ipmi_sim) whose power-off SIGKILLs a stand-in node process
 * group: through ipmitool and through fence_ipmilan, escalation past a failing BMC, a hung BMC
 * timed out, and the password kept out of argv and messages.
 */
@Tag("root")
class IpmiFencingTest {
  static final Duration NODE_LIMIT = Duration.ofSeconds(10);
  static final long CALL_MS = 20_000;

  @TempDir Path dir;

  private StandInNode startedNode(IpmiSimulator sim, StandInNode node) throws Exception {
    // Power the node on through the BMC, as an operator would, and wait until it runs.
    DeviceResult on = new IpmiDevice("boot", sim.settings()).on(null, CALL_MS);
    assertTrue(on.ok(), on.message());
    Await.until(NODE_LIMIT, "stand-in node to run", node::running);
    return node;
  }

  static FenceAgentDevice ipmilan(IpmiSimulator sim, String password) {
    return new FenceAgentDevice(
        "ipmilan",
        new FenceAgentSettings(
            "/usr/sbin/fence_ipmilan",
            Map.of(
                "ip", "127.0.0.1",
                "ipport", Integer.toString(sim.port()),
                "username", IpmiSimulator.USER,
                "lanplus", "1",
                "cipher", "3"),
            Secret.of(password),
            "none"));
  }

  @Test
  void ipmitoolOffKillsTheNodeAndOnRestartsIt() throws Exception {
    try (StandInNode node = new StandInNode(dir.resolve("node"));
        IpmiSimulator sim = new IpmiSimulator(dir.resolve("bmc"), node)) {
      startedNode(sim, node);
      long before = node.pid().orElseThrow();
      IpmiDevice d = new IpmiDevice("ipmi-node1", sim.settings());
      DeviceResult off = d.off(null, CALL_MS);
      assertInstanceOf(DeviceResult.Ok.class, off, off.message());
      assertEquals(PowerState.OFF, ((DeviceResult.Ok) off).power());
      // off returns only after status confirmed it, so the node is already gone.
      assertFalse(StandInNode.running(before));
      assertEquals(PowerState.OFF, ((DeviceResult.Ok) d.status(null, CALL_MS)).power());
      DeviceResult on = d.on(null, CALL_MS);
      assertTrue(on.ok(), on.message());
      Await.until(NODE_LIMIT, "a new node process", node::running);
      assertNotEquals(before, node.pid().orElseThrow());
      // The same through a 0600 password file instead of the environment.
      IpmiDevice viaFile =
          new IpmiDevice("ipmi-file", sim.settings().withDelivery(PasswordDelivery.FILE));
      DeviceResult reboot = viaFile.reboot(null, CALL_MS);
      assertTrue(reboot.ok(), reboot.message());
      assertTrue(reboot.message().contains("off and on confirmed"), reboot.message());
    }
  }

  @Test
  void fenceIpmilanOffKillsTheNodeAndOnRestartsIt() throws Exception {
    try (StandInNode node = new StandInNode(dir.resolve("node"));
        IpmiSimulator sim = new IpmiSimulator(dir.resolve("bmc"), node)) {
      startedNode(sim, node);
      long before = node.pid().orElseThrow();
      var lookup = FenceAgentDevice.metadata("/usr/sbin/fence_ipmilan");
      var meta = lookup.metadata();
      assertTrue(meta != null, lookup.problem());
      assertTrue(meta.parameter("ipport").isPresent());
      assertTrue(meta.actions().contains("off"));
      FenceAgentDevice agent = ipmilan(sim, IpmiSimulator.PASSWORD);
      DeviceResult st = agent.status(null, CALL_MS);
      assertEquals(PowerState.ON, ((DeviceResult.Ok) st).power(), st.message());
      DeviceResult off = agent.off(null, CALL_MS);
      assertTrue(off.ok(), off.message());
      Await.until(NODE_LIMIT, "node killed by fence_ipmilan", () -> !StandInNode.running(before));
      DeviceResult st2 = agent.status(null, CALL_MS);
      assertEquals(PowerState.OFF, ((DeviceResult.Ok) st2).power(), st2.message());
      DeviceResult on = agent.on(null, CALL_MS);
      assertTrue(on.ok(), on.message());
      Await.until(NODE_LIMIT, "node restarted by fence_ipmilan", node::running);
      assertNotEquals(before, node.pid().orElseThrow());
    }
  }

  @Test
  void failingBmcEscalatesToTheNextTopologyLevel() throws Exception {
    try (StandInNode node = new StandInNode(dir.resolve("node"));
        IpmiSimulator broken = new IpmiSimulator(dir.resolve("bmc-broken"), node);
        IpmiSimulator good = new IpmiSimulator(dir.resolve("bmc-good"), node)) {
      startedNode(good, node);
      broken.setMode(IpmiSimulator.Mode.FAIL);
      long before = node.pid().orElseThrow();
      Map<String, FenceDevice> devices =
          Map.of(
              "ipmi-broken",
              new IpmiDevice("ipmi-broken", broken.settings()),
              "ipmilan-good",
              ipmilan(good, IpmiSimulator.PASSWORD));
      Path historyFile = dir.resolve("history.jsonl");
      try (Fencer f =
          new Fencer(
              devices,
              Map.of("ipmi-broken", DeviceSettings.defaults("ipmi-broken").withTimeout(10_000, 1)),
              List.of(
                  TopologyLevel.of("node1", 1, "ipmi-broken"),
                  TopologyLevel.of("node1", 2, "ipmilan-good")),
              new FencerSettings(60_000, 2_000),
              FenceClock.system(),
              DelayRandom.threadLocal(),
              new FenceHistory(historyFile))) {
        FenceOutcome o = f.fence(new FenceRequest("node1", FenceAction.OFF, "node2"));
        assertTrue(o.fenced(), o.message());
        assertEquals(2, o.level());
        assertFalse(StandInNode.running(before));
        assertFalse(o.message().contains(IpmiSimulator.PASSWORD));
      }
      var entries = new FenceHistory(historyFile).read().entries();
      assertEquals(
          List.of(HistoryResult.FAILED, HistoryResult.FAILED, HistoryResult.SUCCEEDED),
          entries.stream().map(e -> e.result()).toList());
      assertTrue(
          entries.get(0).message().contains("failed (ipmitool exit"), entries.get(0).message());
      assertFalse(Files.readString(historyFile).contains(IpmiSimulator.PASSWORD));
    }
  }

  @Test
  void hungBmcIsTimedOutAndThePasswordIsNotInArgv() throws Exception {
    try (StandInNode node = new StandInNode(dir.resolve("node"));
        IpmiSimulator sim = new IpmiSimulator(dir.resolve("bmc"), node)) {
      startedNode(sim, node);
      sim.signal("STOP");
      IpmiDevice d = new IpmiDevice("ipmi-hung", sim.settings());
      long limitMs = 3_000;
      long start = System.nanoTime();
      CompletableFuture<DeviceResult> call =
          CompletableFuture.supplyAsync(() -> d.off(null, limitMs));
      // While ipmitool waits on the stopped BMC, read its real argv from /proc.
      List<String> argvs = new ArrayList<>();
      Await.until(
          Duration.ofSeconds(5),
          "the ipmitool process talking to port " + sim.port(),
          () -> {
            argvs.addAll(ipmitoolArgvs(sim.port()));
            return !argvs.isEmpty();
          });
      for (String argv : argvs) {
        assertFalse(argv.contains(IpmiSimulator.PASSWORD), argv);
        assertTrue(argv.contains(" -E "), argv);
      }
      DeviceResult r = call.get(limitMs + 5_000, TimeUnit.MILLISECONDS);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertInstanceOf(DeviceResult.TimedOut.class, r, r.message());
      assertTrue(tookMs < limitMs + 2_000, "took " + tookMs + " ms");
      assertTrue(node.running(), "a hung BMC must not have powered the node off");
      // Through the fencer: a cluster-wide fencing timeout ends the request.
      try (Fencer f =
          new Fencer(
              Map.of("ipmi-hung", d),
              Map.of("ipmi-hung", DeviceSettings.defaults("ipmi-hung").withTimeout(1_000, 2)),
              List.of(),
              new FencerSettings(2_500, 1_000),
              FenceClock.system(),
              DelayRandom.threadLocal(),
              new FenceHistory(dir.resolve("h.jsonl")))) {
        FenceOutcome o = f.fence(new FenceRequest("node1", FenceAction.REBOOT, "test"));
        assertFalse(o.fenced());
        assertTrue(o.message().contains("crm fencing confirm node1"), o.message());
        assertTrue(
            o.attempts().stream().allMatch(a -> a.result() == HistoryResult.TIMED_OUT),
            o.attempts().toString());
      }
    }
  }

  @Test
  void bmcWhoseHookHangsIsTimedOutAndTheNextLevelFences() throws Exception {
    try (StandInNode node = new StandInNode(dir.resolve("node"));
        IpmiSimulator hung = new IpmiSimulator(dir.resolve("bmc-hung"), node);
        IpmiSimulator good = new IpmiSimulator(dir.resolve("bmc-good"), node)) {
      startedNode(good, node);
      hung.setMode(IpmiSimulator.Mode.HANG);
      long before = node.pid().orElseThrow();
      try (Fencer f =
          new Fencer(
              Map.of(
                  "ipmi-hung", new IpmiDevice("ipmi-hung", hung.settings()),
                  "ipmi-good", new IpmiDevice("ipmi-good", good.settings())),
              Map.of("ipmi-hung", DeviceSettings.defaults("ipmi-hung").withTimeout(2_000, 0)),
              List.of(
                  TopologyLevel.of("node1", 1, "ipmi-hung"),
                  TopologyLevel.of("node1", 2, "ipmi-good")),
              new FencerSettings(30_000, 1_000),
              FenceClock.system(),
              DelayRandom.threadLocal(),
              new FenceHistory(dir.resolve("h.jsonl")))) {
        long start = System.nanoTime();
        FenceOutcome o = f.fence(new FenceRequest("node1", FenceAction.OFF, "node2"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(o.fenced(), o.message());
        assertEquals(2, o.level());
        assertEquals(
            HistoryResult.TIMED_OUT, o.attempts().get(0).result(), o.attempts().toString());
        assertFalse(StandInNode.running(before));
        assertTrue(tookMs < 2_000 + 1_000 + 5_000, "took " + tookMs + " ms");
      }
    }
  }

  @Test
  void passwordIsNeverInTheCommandOrInErrorMessages() throws Exception {
    IpmiDevice env =
        new IpmiDevice("x", IpmiSettings.of("127.0.0.1", 9, "admin", Secret.of("S3cr3t!")));
    List<String> argv = env.command(null, "chassis", "power", "off");
    assertFalse(String.join(" ", argv).contains("S3cr3t!"));
    assertTrue(argv.contains("-E") && argv.contains("-C") && argv.contains("3"));
    assertFalse(argv.contains("-P"));
    List<String> fileArgv = env.command(Path.of("/tmp/pw"), "chassis", "power", "off");
    assertTrue(fileArgv.contains("-f") && !fileArgv.contains("-E"));
    assertEquals("****", Secret.of("S3cr3t!").toString());
    assertFalse(IpmiSettings.of("h", 1, "u", Secret.of("S3cr3t!")).toString().contains("S3cr3t!"));
    // A real BMC refusing a wrong password: the message names the failure, not the password.
    try (StandInNode node = new StandInNode(dir.resolve("node"));
        IpmiSimulator sim = new IpmiSimulator(dir.resolve("bmc"), node)) {
      String wrong = "Wrong-pw-4711";
      IpmiDevice bad =
          new IpmiDevice(
              "ipmi-bad", IpmiSettings.of("127.0.0.1", sim.port(), "admin", Secret.of(wrong)));
      DeviceResult r = bad.status(null, 10_000);
      assertFalse(r.ok(), r.message());
      assertFalse(r.message().contains(wrong), r.message());
      DeviceResult agent = ipmilan(sim, wrong).status(null, 20_000);
      assertFalse(agent.ok(), agent.message());
      assertFalse(agent.message().contains(wrong), agent.message());
    }
  }

  /** The argv (space-joined) of every ipmitool process that talks to {@code port}. */
  static List<String> ipmitoolArgvs(int port) {
    List<String> out = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          if (cmd.startsWith("ipmitool ") && cmd.contains(" -p " + port + " ")) {
            out.add(cmd);
          }
        } catch (java.io.IOException e) {
          // The process ended between listing and reading: not ours to check.
        }
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }
}
