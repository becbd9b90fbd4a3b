package org.paceline.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seeded fault campaign: many seeds of random crashes, hangs, partitions, agent and fence
 * failures and configuration edits, each followed by a bounded convergence; invariants are checked
 * after every simulated event. Each node runs the real controller host, node side and executor on
 * simulated ports. {@code -Dpaceline.sim.seed=S} replays one seed with its full trace; {@code
 * -Dpaceline.sim.seeds=N} sets the campaign size (default 1000, tag process: the full run); the
 * fast profile runs {@link #FAST_SEEDS} seeds ({@code -Dpaceline.sim.fastSeeds=N}).
 */
@Tag("unit")
class SimulationCampaignTest {
  /** Seeds of the campaign in the fast profile; the full run adds {@link #FULL_SEEDS}. */
  static final int FAST_SEEDS = 50;

  /** Seeds of the full campaign. */
  static final int FULL_SEEDS = 1000;

  /** The outcome of one seed. */
  record Outcome(
      long seed,
      long events,
      Long convergedAtMs,
      Map<String, Simulation.Violation> violations,
      int minorityFenceRequests,
      int fences,
      int faults,
      long cpuNs) {}

  static Outcome runSeed(long seed, boolean verbose, boolean keepGoing) {
    long cpuStart = CPU.getCurrentThreadCpuTime();
    Simulation sim =
        new Simulation(seed, Simulation.Options.campaign().verbose(verbose).keepGoing(keepGoing));
    Map<String, Simulation.Violation> violations = new TreeMap<>();
    try {
      sim.runCampaign();
    } catch (Simulation.Violation v) {
      violations.put(v.invariant, v);
    }
    violations.putAll(sim.recorded);
    return new Outcome(
        seed,
        sim.events,
        sim.convergedAtMs,
        violations,
        sim.minorityFenceRequests,
        sim.fences,
        sim.faultsInjected,
        CPU.getCurrentThreadCpuTime() - cpuStart);
  }

  /** CPU time per seed: the machine may be shared, so wall time alone says little. */
  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** The fast profile's share of the campaign: the first seeds, each run to convergence. */
  @Test
  void smallCampaign() throws Exception {
    campaign(Integer.getInteger("paceline.sim.fastSeeds", FAST_SEEDS), 1L, false);
  }

  @Test
  @Tag("process")
  void randomFaultCampaign() throws Exception {
    String one = System.getProperty("paceline.sim.seed");
    if (one != null && !one.isBlank()) {
      Simulation sim =
          new Simulation(
              Long.parseLong(one.trim()),
              Simulation.Options.campaign()
                  .verbose(true)
                  .keepGoing(Boolean.getBoolean("paceline.sim.keepGoing")));
      try {
        sim.runCampaign();
      } finally {
        System.out.printf(
            "simulation: seed %s, %d events, trace hash %016x%n", one, sim.events, sim.traceHash);
      }
      System.out.println("simulation: seed " + one + " converged at " + sim.convergedAtMs + " ms");
      if (!sim.recorded.isEmpty()) {
        throw sim.recorded.values().iterator().next();
      }
      return;
    }
    campaign(
        Integer.getInteger("paceline.sim.seeds", FULL_SEEDS),
        Long.getLong("paceline.sim.firstSeed", 1L),
        Boolean.getBoolean("paceline.sim.keepGoing"));
  }

  private static void campaign(int seeds, long first, boolean keepGoing) throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (long s = first; s < first + seeds; s++) {
      long seed = s;
      futures.add(pool.submit(() -> runSeed(seed, false, keepGoing)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : futures) {
      outcomes.add(f.get());
    }
    pool.shutdown();
    double wall = (System.nanoTime() - start) / 1e9;
    long events = 0;
    int converged = 0;
    long minorityFences = 0;
    long fences = 0;
    long faults = 0;
    long cpuNs = 0;
    long worstConvergeMs = 0;
    long worstSeed = -1;
    Map<String, List<Long>> byInvariant = new TreeMap<>();
    Simulation.Violation firstFailure = null;
    for (Outcome o : outcomes) {
      events += o.events();
      minorityFences += o.minorityFenceRequests();
      fences += o.fences();
      faults += o.faults();
      cpuNs += o.cpuNs();
      if (o.convergedAtMs() != null) {
        converged++;
        long took = o.convergedAtMs() - Simulation.Options.campaign().faultEndMs();
        if (took > worstConvergeMs) {
          worstConvergeMs = took;
          worstSeed = o.seed();
        }
      }
      for (Simulation.Violation v : o.violations().values()) {
        byInvariant.computeIfAbsent(v.invariant, k -> new ArrayList<>()).add(o.seed());
        if (firstFailure == null) {
          firstFailure = v;
        }
      }
    }
    long violations = outcomes.stream().filter(o -> !o.violations().isEmpty()).count();
    StringBuilder inv = new StringBuilder();
    byInvariant.forEach(
        (k, v) ->
            inv.append("\n  ")
                .append(k)
                .append(": ")
                .append(v.size())
                .append(" seeds ")
                .append(v.subList(0, Math.min(20, v.size()))));
    System.out.printf(
        "simulation: %d seeds%s, invariants: unique-active-once, promoted-at-most-once,"
            + " no-start-without-quorum, no-start-without-live-majority,"
            + " recover-only-after-fencing, acked-config-on-every-node, convergence,"
            + " one-answer-per-operation, every-operation-answered;"
            + " violations: %d, converged: %d, events: %d, wall: %.1f s, cpu: %.1f s%s%n",
        outcomes.size(),
        keepGoing ? " (keep going after a violation)" : "",
        violations,
        converged,
        events,
        wall,
        cpuNs / 1e9,
        inv);
    System.out.printf(
        "simulation: faults injected %d, fencings %d, fence requests from a minority partition %d,"
            + " slowest convergence after faults stopped %d ms (seed %d)%n",
        faults, fences, minorityFences, worstConvergeMs, worstSeed);
    try {
      StringBuilder all = new StringBuilder();
      byInvariant.forEach((k, v) -> all.append(k).append(": ").append(v).append('\n'));
      for (Outcome o : outcomes) {
        for (Simulation.Violation v : o.violations().values()) {
          String msg = v.getMessage();
          all.append("seed ")
              .append(o.seed())
              .append(": ")
              .append(msg, 0, msg.indexOf('\n') < 0 ? msg.length() : msg.indexOf('\n'))
              .append('\n');
        }
      }
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("target/simulation-violations.txt"), all.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (firstFailure != null) {
      System.out.println("first failure:\n" + firstFailure.getMessage());
    }
    assertEquals(0L, violations, "seeds with violations, by invariant: " + byInvariant);
  }

  @Test
  void sameSeedSameTrace() {
    for (long seed : new long[] {7, 42, 1234}) {
      Simulation a = new Simulation(seed, Simulation.Options.campaign());
      Simulation b = new Simulation(seed, Simulation.Options.campaign());
      String ra = outcome(a);
      String rb = outcome(b);
      assertEquals(ra, rb, "seed " + seed);
      assertEquals(a.traceHash, b.traceHash, "seed " + seed + " trace differs");
      assertEquals(a.events, b.events, "seed " + seed);
      assertTrue(a.events > 100, "seed " + seed + " ran only " + a.events + " events");
    }
  }

  private static String outcome(Simulation s) {
    try {
      s.runCampaign();
      return "converged at " + s.convergedAtMs;
    } catch (Simulation.Violation v) {
      return v.invariant + " at " + s.elapsed();
    }
  }
}
