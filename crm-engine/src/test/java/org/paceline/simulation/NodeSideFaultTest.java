package org.paceline.simulation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.daemon.NodeSideFaults;
import org.paceline.daemon.RunnerNodeSide;

/**
 * The campaign's invariants catch a broken node side: the real {@link RunnerNodeSide} runs in the
 * simulation, so a bug there (an answer sent twice, an answer lost) must fail a seed within a few
 * seeds, not pass unnoticed.
 */
@Tag("unit")
class NodeSideFaultTest {
  /** A broken node side must be caught within this many seeds. */
  private static final int SEEDS = 5;

  /** Runs campaign seeds with the fault until one breaks an invariant; the invariants broken. */
  private static Map<String, Long> caught(BiConsumer<String, RunnerNodeSide> fault) {
    Map<String, Long> firstSeed = new TreeMap<>();
    for (long seed = 1; seed <= SEEDS && firstSeed.isEmpty(); seed++) {
      Simulation sim = new Simulation(seed, Simulation.Options.campaign().keepGoing(true));
      sim.breakNodeSide = fault;
      try {
        sim.runCampaign();
      } catch (Simulation.Violation v) {
        firstSeed.putIfAbsent(v.invariant, seed);
      }
      for (String invariant : sim.recorded.keySet()) {
        firstSeed.putIfAbsent(invariant, seed);
      }
    }
    return firstSeed;
  }

  @Test
  void anAnswerSentTwiceIsCaught() {
    Map<String, Long> broken = caught((node, side) -> NodeSideFaults.reportResultsTwice(side));
    System.out.println("node side answering twice: invariants broken (first seed) " + broken);
    assertTrue(
        broken.containsKey("one-answer-per-operation"),
        "a node side answering twice went unnoticed for " + SEEDS + " seeds: " + broken);
  }

  @Test
  void aLostAnswerIsCaught() {
    Map<String, Long> broken =
        caught(
            (node, side) -> {
              if (node.equals("n1")) {
                NodeSideFaults.dropOneResult(side);
              }
            });
    System.out.println("node side losing an answer: invariants broken (first seed) " + broken);
    assertTrue(
        !broken.isEmpty(), "a node side losing an answer went unnoticed for " + SEEDS + " seeds");
  }
}
