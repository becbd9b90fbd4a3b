package org.paceline.fencing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import org.paceline.fencing.HostMap;
import org.paceline.fencing.Secret;
import org.paceline.fencing.ipmi.IpmiDevice;
import org.paceline.fencing.ipmi.IpmiSimulator;
import org.paceline.fencing.ipmi.StandInNode;
import org.paceline.fencing.serial.SerialPowerSwitch;
import org.paceline.fencing.serial.SerialSwitchSettings;
import org.paceline.fencing.serial.SwitchSimulator;
import org.paceline.fencing.serial.WtiNpsDialect;
import org.paceline.fencing.serial.WtiRps10Dialect;

/**
 * Fence latency, request to confirmed off, through the {@link Fencer} against the same simulators
 * the tests use: ipmitool, fence_ipmilan, and both serial dialects. Prints a Markdown table of the
 * median, min and max of {@code RUNS} runs. Not a test: run it with {@code bin/fence-benchmark}.
 */
public final class FenceLatencyBenchmark {
  /** Runs per device; the node is powered back on (untimed) between runs. */
  public static final int RUNS = 7;

  private static final long CALL_MS = 30_000;

  private FenceLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : RUNS;
    Path dir = Files.createTempDirectory("paceline-bench-");
    List<String> rows = new ArrayList<>();
    try (StandInNode node = new StandInNode(dir.resolve("node"));
        IpmiSimulator sim = new IpmiSimulator(dir.resolve("bmc"), node)) {
      IpmiDevice ipmi = new IpmiDevice("ipmitool", sim.settings());
      var agent =
          new org.paceline.fencing.agents.FenceAgentDevice(
              "fence_ipmilan",
              new org.paceline.fencing.agents.FenceAgentSettings(
                  "/usr/sbin/fence_ipmilan",
                  Map.of(
                      "ip", "127.0.0.1",
                      "ipport", Integer.toString(sim.port()),
                      "username", IpmiSimulator.USER,
                      "lanplus", "1",
                      "cipher", "3"),
                  Secret.of(IpmiSimulator.PASSWORD),
                  "none"));
      rows.add(measure("IPMI via ipmitool (`ipmi`)", ipmi, null, ipmi, runs, dir));
      rows.add(measure("fence_ipmilan (fence-agents)", agent, null, ipmi, runs, dir));
    }
    for (String dialect : List.of("nps", "rps10")) {
      try (SwitchSimulator sw = new SwitchSimulator(dir.resolve("sw-" + dialect), dialect)) {
        SerialPowerSwitch d =
            new SerialPowerSwitch(
                dialect,
                new SerialSwitchSettings(
                    sw.port(),
                    9600,
                    dialect.equals("nps") ? new WtiNpsDialect() : new WtiRps10Dialect(),
                    Secret.of(SwitchSimulator.PASSWORD)));
        rows.add(
            measure(
                "serial "
                    + (dialect.equals("nps") ? "WTI NPS" : "WTI RPS-10")
                    + " (socat pty + simulator)",
                d,
                "3",
                d,
                runs,
                dir));
      }
    }
    System.out.println("| device | runs | median ms | min ms | max ms |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String measure(
      String label, FenceDevice device, String plug, FenceDevice powerOn, int runs, Path dir)
      throws Exception {
    List<Long> ms = new ArrayList<>();
    String target = "node1";
    try (Fencer f =
        new Fencer(
            Map.of(device.id(), device),
            Map.of(
                device.id(),
                DeviceSettings.defaults(device.id())
                    .withHostMap(HostMap.parse(plug == null ? null : target + ":" + plug, null))
                    .withTimeout(CALL_MS, 0)),
            List.of(),
            FencerSettings.defaults(),
            FenceClock.system(),
            DelayRandom.threadLocal(),
            new FenceHistory(dir.resolve("history.jsonl")))) {
      for (int i = 0; i < runs; i++) {
        DeviceResult on = powerOn.on(plug, CALL_MS);
        if (!on.ok()) {
          throw new IllegalStateException(label + ": power on failed: " + on.message());
        }
        long start = System.nanoTime();
        FenceOutcome o = f.fence(new FenceRequest(target, FenceAction.OFF, "benchmark"));
        long took = (System.nanoTime() - start) / 1_000_000;
        if (!o.fenced()) {
          throw new IllegalStateException(label + ": " + o.message());
        }
        ms.add(took);
      }
    }
    ms.sort(Comparator.naturalOrder());
    return String.format(
        "| %s | %d | %d | %d | %d |",
        label, runs, ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1));
  }
}
