package org.paceline.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A seeded random fault schedule: crashes, hangs, partitions, agent failures, fence failures and
 * configuration edits at random times between the simulation's fault start and end. Some faults
 * undo themselves (a crashed daemon restarts, a hung one resumes, a partition heals) before the
 * end; the rest are undone when faults stop.
 */
final class FaultPlan {
  private FaultPlan() {}

  private enum Kind {
    CRASH(10),
    HANG(8),
    PARTITION(14),
    HEAL(5),
    RESTART(5),
    RESUME(4),
    AGENT_FAILURE(20),
    FENCE_FAILURE(8),
    EDIT(20);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }
  }

  static void schedule(Simulation sim) {
    int count = 4 + sim.rng.nextInt(11);
    long lo = sim.opts.faultStartMs();
    long hi = sim.opts.faultEndMs();
    for (int i = 0; i < count; i++) {
      long t = lo + sim.rng.nextLong(hi - lo);
      Kind k = pick(sim);
      String node = Simulation.NODES.get(sim.rng.nextInt(Simulation.NODES.size()));
      long undoMs = 500 + sim.rng.nextInt(9_500);
      boolean undo = sim.rng.nextInt(10) < 7;
      int variant = sim.rng.nextInt(1_000);
      sim.at(Simulation.T0_MS + t, () -> inject(sim, k, node, undo, undoMs, variant));
    }
  }

  private static Kind pick(Simulation sim) {
    int total = 0;
    for (Kind k : Kind.values()) {
      total += k.weight;
    }
    int r = sim.rng.nextInt(total);
    for (Kind k : Kind.values()) {
      r -= k.weight;
      if (r < 0) {
        return k;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private static void inject(
      Simulation sim, Kind k, String node, boolean undo, long undoMs, int variant) {
    if (sim.faultsOver) {
      return;
    }
    sim.faultsInjected++;
    switch (k) {
      case CRASH -> {
        sim.crash(node);
        if (undo) {
          sim.after(undoMs, () -> sim.restartDaemon(node));
        }
      }
      case HANG -> {
        sim.hang(node);
        if (undo) {
          sim.after(undoMs, () -> sim.resume(node));
        }
      }
      case PARTITION -> {
        List<Set<String>> groups = new ArrayList<>();
        if (variant % 5 == 0) {
          for (String n : Simulation.NODES) {
            groups.add(Set.of(n));
          }
        } else {
          List<String> rest = new ArrayList<>(Simulation.NODES);
          rest.remove(node);
          groups.add(Set.of(node));
          groups.add(Set.copyOf(rest));
        }
        sim.partition(groups);
        if (undo) {
          sim.after(undoMs, sim::heal);
        }
      }
      case HEAL -> sim.heal();
      case RESTART -> sim.restartDaemon(node);
      case RESUME -> sim.resume(node);
      case AGENT_FAILURE -> {
        String[] rs = {"vip", "db", "policy", "fence"};
        sim.agentFailure(node, rs[variant % rs.length], (variant / 4) % 2 == 0);
      }
      case FENCE_FAILURE -> {
        sim.fenceFailuresToInject += 1 + variant % 2;
        sim.trace("fence device will fail the next " + sim.fenceFailuresToInject + " request(s)");
      }
      case EDIT -> {
        String target = Simulation.NODES.get(variant % 3);
        switch ((variant / 3) % 5) {
          case 0 -> sim.edit(node, "standby " + target, c -> c.withStandby(target, true));
          case 1 -> sim.edit(node, "online " + target, c -> c.withStandby(target, false));
          case 2 -> sim.edit(node, "vip prefers " + target, c -> c.withVipPrefers(target));
          case 3 -> sim.edit(node, "vip prefers nothing", c -> c.withVipPrefers(null));
          default -> {
            String v = List.of("30s", "1min", "2min").get((variant / 15) % 3);
            sim.edit(node, "cluster-recheck-interval=" + v, c -> c.withRecheck(v));
          }
        }
      }
    }
  }
}
