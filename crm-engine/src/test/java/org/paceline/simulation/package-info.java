/**
 * A deterministic whole-cluster simulation of Paceline (DESIGN.md, "Determinism and I/O at the
 * edges"): three nodes, each running the real daemon code from the controller down (the {@link
 * org.paceline.daemon.ControllerHost} with its {@link org.paceline.controller.Controller}, the
 * {@link org.paceline.daemon.RunnerNodeSide}, {@link org.paceline.node.OperationRunner} and {@link
 * org.paceline.executor.LocalExecutor}) on simulated ports ({@link
 * org.paceline.simulation.SimDaemon}: event loop, timers, agent workers and clocks on the
 * simulation's queue, the cluster port on its network and Raft stand-in); simulated agents act on
 * resources that have an actual state (stopped, started, promoted, failed) that survives a daemon
 * crash and is cleared by power off; a network with 1-20 ms delays and partitions; membership views
 * that lag the truth by 300-3000 ms (with the brief wrong-majority view of LAB-NOTES "Membership");
 * a Raft stand-in (a leader only in a true majority, new leader 300-600 ms after the old one is cut
 * off, isolated leader steps down after ~2.5 s, configuration edits committed and acknowledged only
 * through a quorate leader and delivered in order); a fence device reachable from every node.
 *
 * <p>One seed drives everything through one {@link java.util.SplittableRandom}; the event queue is
 * ordered by simulated time, then insertion sequence, so a seed replays exactly (the trace hash is
 * equal across JVMs). Safety invariants are checked after every event and when an effect is issued,
 * the node side's answers as they are sent (each operation answered once); after the faults stop,
 * the cluster must converge within a bound, with no operation left unanswered.
 *
 * <p>Run: {@code mvn -B test -pl crm-engine -Dgroups=process -Dtest=SimulationCampaignTest} (1000
 * seeds; {@code -Dpaceline.sim.seeds=N}, {@code -Dpaceline.sim.firstSeed=S}); replay one seed with
 * its full trace: {@code -Dtest=SimulationCampaignTest#randomFaultCampaign -Dpaceline.sim.seed=S}.
 * Failing seeds per invariant are written to {@code crm-engine/target/simulation-violations.txt}.
 */
package org.paceline.simulation;
