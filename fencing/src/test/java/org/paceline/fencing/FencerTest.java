package org.paceline.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fencer's decisions (topology, host maps, retries, delays, history) on a simulated clock. */
@Tag("unit")
class FencerTest {
  @TempDir Path dir;

  /** A simulated clock: sleeping advances it. */
  static final class SimClock implements FenceClock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void sleep(long ms) {
      sleeps.add(ms);
      now = now.plusMillis(ms);
    }
  }

  /** A scripted in-memory device that answers from a queue and records its calls. */
  static final class ScriptedDevice implements FenceDevice {
    final String id;
    final Deque<DeviceResult> answers = new ArrayDeque<>();
    final List<String> calls = new ArrayList<>();
    final SimClock clock;
    final long costMs;

    ScriptedDevice(String id, SimClock clock, long costMs, DeviceResult... answers) {
      this.id = id;
      this.clock = clock;
      this.costMs = costMs;
      this.answers.addAll(List.of(answers));
    }

    @Override
    public String id() {
      return id;
    }

    private DeviceResult next(String what) {
      calls.add(what);
      clock.now = clock.now.plusMillis(costMs);
      return answers.isEmpty() ? DeviceResult.Ok.of(PowerState.OFF, "ok") : answers.poll();
    }

    @Override
    public DeviceResult off(String plug, long t) {
      return next("off " + plug);
    }

    @Override
    public DeviceResult on(String plug, long t) {
      return next("on " + plug);
    }

    @Override
    public DeviceResult reboot(String plug, long t) {
      return next("reboot " + plug);
    }

    @Override
    public DeviceResult status(String plug, long t) {
      return next("status " + plug);
    }

    @Override
    public DeviceResult list(long t) {
      return next("list");
    }

    @Override
    public DeviceResult monitor(long t) {
      return next("monitor");
    }
  }

  private Fencer fencer(
      SimClock clock,
      Map<String, FenceDevice> devices,
      Map<String, DeviceSettings> settings,
      List<TopologyLevel> levels,
      long fencingTimeoutMs) {
    return new Fencer(
        devices,
        settings,
        levels,
        new FencerSettings(fencingTimeoutMs, 1000),
        clock,
        max -> max / 2,
        new FenceHistory(dir.resolve("history.jsonl")));
  }

  @Test
  void failedLevelEscalatesToNextAndRetriesAreCounted() throws Exception {
    SimClock clock = new SimClock();
    ScriptedDevice ipmi =
        new ScriptedDevice(
            "ipmi",
            clock,
            10,
            new DeviceResult.Failed("bmc says no"),
            new DeviceResult.Failed("no"));
    ScriptedDevice psu = new ScriptedDevice("psu", clock, 10);
    try (Fencer f =
        fencer(
            clock,
            Map.of("ipmi", ipmi, "psu", psu),
            Map.of(
                "ipmi", DeviceSettings.defaults("ipmi").withTimeout(1000, 1),
                "psu",
                    DeviceSettings.defaults("psu")
                        .withHostMap(HostMap.parse("node1:4;node2:5", null))),
            List.of(TopologyLevel.of("node1", 1, "ipmi"), TopologyLevel.of("node1", 2, "psu")),
            60_000)) {
      FenceOutcome o = f.fence(new FenceRequest("node1", FenceAction.OFF, "test"));
      assertTrue(o.fenced(), o.message());
      assertEquals(2, o.level());
      assertEquals(List.of("off node1", "off node1"), ipmi.calls);
      assertEquals(List.of("off 4"), psu.calls);
      assertEquals(3, o.attempts().size());
    }
    // The history survives a new reader (a restart).
    FenceHistory.Read read = new FenceHistory(dir.resolve("history.jsonl")).read();
    assertEquals(3, read.entries().size());
    assertEquals(HistoryResult.FAILED, read.entries().get(0).result());
    assertEquals("psu", read.entries().get(2).device());
    assertEquals(HistoryResult.SUCCEEDED, read.entries().get(2).result());
  }

  @Test
  void rebootOnTwoDevicesIsOffOnBothThenOnBoth() {
    SimClock clock = new SimClock();
    ScriptedDevice a = new ScriptedDevice("psuA", clock, 1);
    ScriptedDevice b = new ScriptedDevice("psuB", clock, 1);
    try (Fencer f =
        fencer(
            clock,
            Map.of("psuA", a, "psuB", b),
            Map.of(),
            List.of(TopologyLevel.of("n1", 1, "psuA", "psuB")),
            60_000)) {
      assertTrue(f.fence(new FenceRequest("n1", FenceAction.REBOOT, "t")).fenced());
      assertTrue(f.awaitPowerOn("n1", 10_000));
      assertEquals(List.of("off n1", "on n1"), a.calls);
      assertEquals(List.of("off n1", "on n1"), b.calls);
    }
  }

  /** A device whose power-on waits for the test to release it. */
  static final class SlowOnDevice implements FenceDevice {
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @Override
    public String id() {
      return "bmc";
    }

    @Override
    public DeviceResult off(String plug, long t) {
      calls.add("off " + plug);
      return DeviceResult.Ok.of(PowerState.OFF, "off confirmed");
    }

    @Override
    public DeviceResult on(String plug, long t) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DeviceResult.Failed("interrupted");
      }
      calls.add("on " + plug);
      return DeviceResult.Ok.of(PowerState.ON, "on confirmed");
    }

    @Override
    public DeviceResult reboot(String plug, long t) {
      throw new AssertionError("the fencer splits a reboot into off and on");
    }

    @Override
    public DeviceResult status(String plug, long t) {
      return DeviceResult.Ok.of(PowerState.UNKNOWN, "");
    }

    @Override
    public DeviceResult list(long t) {
      return DeviceResult.Ok.of(PowerState.UNKNOWN, "");
    }

    @Override
    public DeviceResult monitor(long t) {
      return DeviceResult.Ok.of(PowerState.UNKNOWN, "");
    }
  }

  /** A fencer on the system clock for {@code d} alone, without delays. */
  private Fencer realTimeFencer(FenceDevice d, long fencingTimeoutMs) {
    return new Fencer(
        Map.of(d.id(), d),
        Map.of(),
        List.of(),
        new FencerSettings(fencingTimeoutMs, 100),
        FenceClock.system(),
        max -> 0,
        new FenceHistory(dir.resolve("history.jsonl")));
  }

  @Test
  void rebootIsFencedOnceOffIsConfirmedAndPowersOnInTheBackground() throws Exception {
    SlowOnDevice d = new SlowOnDevice();
    try (Fencer f = realTimeFencer(d, 60_000)) {
      FenceOutcome o = f.fence(new FenceRequest("n1", FenceAction.REBOOT, "t"));
      // Returned while the power-on is still held back.
      assertTrue(o.fenced(), o.message());
      assertTrue(o.message().contains("off confirmed; powering on"), o.message());
      assertEquals(List.of("off n1"), List.copyOf(d.calls));
      assertEquals(List.of(FenceAction.OFF), o.attempts().stream().map(a -> a.action()).toList());
      assertFalse(f.awaitPowerOn("n1", 50), "the power-on is still running");
      // A second request for n1 waits for the first one's power-on before its own off.
      java.util.concurrent.CompletableFuture<FenceOutcome> second =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> f.fence(new FenceRequest("n1", FenceAction.OFF, "t")));
      d.release.countDown();
      assertTrue(second.get(10, java.util.concurrent.TimeUnit.SECONDS).fenced());
      assertEquals(List.of("off n1", "on n1", "off n1"), List.copyOf(d.calls));
      // The power-on is in the history like every other call.
      List<HistoryEntry> h = new FenceHistory(dir.resolve("history.jsonl")).read().entries();
      assertEquals(
          List.of(FenceAction.OFF, FenceAction.ON, FenceAction.OFF),
          h.stream().map(HistoryEntry::action).toList());
      assertTrue(h.stream().allMatch(e -> e.result() == HistoryResult.SUCCEEDED), h.toString());
    }
  }

  @Test
  void aRequestWhosePredecessorsPowerOnOutlastsTheTimeoutIsRefusedWithoutAnyCall()
      throws Exception {
    SlowOnDevice d = new SlowOnDevice();
    try (Fencer f = realTimeFencer(d, 300)) {
      assertTrue(f.fence(new FenceRequest("n1", FenceAction.REBOOT, "t")).fenced());
      FenceOutcome second = f.fence(new FenceRequest("n1", FenceAction.OFF, "t"));
      assertFalse(second.fenced());
      assertTrue(
          second.message().contains("power-on of its previous reboot has not finished"),
          second.message());
      assertEquals(List.of("off n1"), List.copyOf(d.calls));
      d.release.countDown();
      assertTrue(f.awaitPowerOn("n1", 10_000));
    }
  }

  @Test
  void delaysAreBasePlusDrawnRandomAndBoundedByTheFencingTimeout() {
    SimClock clock = new SimClock();
    ScriptedDevice d = new ScriptedDevice("d", clock, 1);
    try (Fencer f =
        fencer(
            clock,
            Map.of("d", d),
            Map.of("d", DeviceSettings.defaults("d").withDelays(2000, 4000)),
            List.of(),
            60_000)) {
      assertTrue(f.fence(new FenceRequest("n1", FenceAction.OFF, "t")).fenced());
      // base 2000 + the test random's half of max 4000
      assertEquals(List.of(4000L), clock.sleeps);
    }
  }

  @Test
  void hostMapExcludesNodesAndNoDeviceIsAClearFailure() {
    SimClock clock = new SimClock();
    ScriptedDevice d = new ScriptedDevice("d", clock, 1);
    try (Fencer f =
        fencer(
            clock,
            Map.of("d", d),
            Map.of("d", DeviceSettings.defaults("d").withHostMap(HostMap.parse(null, "n1 n2"))),
            List.of(),
            60_000)) {
      FenceOutcome o = f.fence(new FenceRequest("n3", FenceAction.OFF, "t"));
      assertFalse(o.fenced());
      assertTrue(o.message().contains("no fence device can fence n3"), o.message());
      assertTrue(d.calls.isEmpty());
    }
  }

  @Test
  void clusterFencingTimeoutStopsRetriesAndEscalation() {
    SimClock clock = new SimClock();
    // Every call costs 400 ms and fails; the request may take 1000 ms.
    ScriptedDevice a =
        new ScriptedDevice(
            "a",
            clock,
            400,
            new DeviceResult.Failed("x"),
            new DeviceResult.Failed("x"),
            new DeviceResult.Failed("x"));
    ScriptedDevice b = new ScriptedDevice("b", clock, 400);
    try (Fencer f =
        fencer(
            clock,
            Map.of("a", a, "b", b),
            Map.of("a", DeviceSettings.defaults("a").withTimeout(400, 5)),
            List.of(TopologyLevel.of("n1", 1, "a"), TopologyLevel.of("n1", 2, "b")),
            1000)) {
      FenceOutcome o = f.fence(new FenceRequest("n1", FenceAction.REBOOT, "t"));
      assertFalse(o.fenced());
      assertEquals(3, a.calls.size());
      assertTrue(b.calls.isEmpty());
      assertTrue(o.message().contains("fencing timeout"), o.message());
      assertTrue(o.message().contains("crm fencing confirm n1"), o.message());
    }
  }

  @Test
  void patternLevelsApplyToMatchingNodesOnly() {
    SimClock clock = new SimClock();
    ScriptedDevice rack = new ScriptedDevice("rack", clock, 1);
    ScriptedDevice other = new ScriptedDevice("other", clock, 1);
    try (Fencer f =
        fencer(
            clock,
            Map.of("rack", rack, "other", other),
            Map.of(),
            List.of(
                new TopologyLevel(null, "db-[0-9]+", 1, List.of("rack")),
                TopologyLevel.of("web-1", 1, "other")),
            60_000)) {
      assertEquals(List.of("rack"), f.levelsFor("db-12").get(0).deviceIds());
      assertTrue(f.fence(new FenceRequest("db-12", FenceAction.OFF, "t")).fenced());
      assertEquals(List.of("off db-12"), rack.calls);
      assertTrue(other.calls.isEmpty());
    }
  }

  @Test
  void hostMapSyntax() {
    HostMap m = HostMap.parse("node1:plug1;node2=plug2, node3:3", "node4");
    assertEquals("plug1", m.plugFor("node1").orElseThrow());
    assertEquals("plug2", m.plugFor("node2").orElseThrow());
    assertEquals("3", m.plugFor("node3").orElseThrow());
    assertEquals("node4", m.plugFor("node4").orElseThrow());
    assertTrue(m.plugFor("node5").isEmpty());
    assertEquals("x", HostMap.any().plugFor("x").orElseThrow());
  }

  @Test
  void operatorConfirmationIsRecordedAndTornLinesAreSkipped() throws Exception {
    FenceHistory h = new FenceHistory(dir.resolve("h.jsonl"));
    Fencer.confirm(h, new SimClock(), "node2", "root");
    Files.writeString(
        h.file(), "{\"time\":\"2026-01-01T00:0", java.nio.file.StandardOpenOption.APPEND);
    Fencer.confirm(h, new SimClock(), "node3", "root");
    FenceHistory.Read r = h.read();
    assertEquals(2, r.entries().size());
    assertEquals("node3", r.entries().get(1).target());
    assertEquals(HistoryResult.CONFIRMED_BY_OPERATOR, r.entries().get(0).result());
    assertEquals(1, r.damagedLines());
  }
}
