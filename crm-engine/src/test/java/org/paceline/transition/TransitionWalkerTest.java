package org.paceline.transition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.OrderEdge;
import org.paceline.scheduler.Transition;
import org.paceline.unpack.NodeStatus;

/** The walker alone, without a controller: order edges, batch limit, quorum proofs, fencing. */
@Tag("unit")
class TransitionWalkerTest {
  private static final Set<String> MEMBERS = Set.of("n1", "n2");

  private static Action op(String rsc, String task, String node) {
    return new Action(rsc + "_" + task + "_0", rsc, ActionTask.of(task), 0, node, true);
  }

  private static Transition transition(List<Action> actions, List<OrderEdge> orders) {
    return transition(actions, orders, List.of());
  }

  private static Transition transition(
      List<Action> actions, List<OrderEdge> orders, List<NodeStatus> nodes) {
    return new Transition(actions, orders, List.of(), List.of(), Map.of(), Map.of(), nodes);
  }

  private static List<String> keys(Wave w) {
    return w.started().stream().map(s -> s.action().key()).toList();
  }

  @Test
  void anActionWaitsForTheActionsOrderedBeforeIt() {
    TransitionWalker w =
        new TransitionWalker(
            7,
            transition(
                List.of(op("a", "stop", "n1"), op("b", "stop", "n2")),
                List.of(new OrderEdge("a_stop_0", "b_stop_0", true, "test"))),
            a -> 0);
    assertEquals(List.of("a_stop_0"), keys(w.dispatch(MEMBERS, 0)));
    assertFalse(w.finished(MEMBERS));
    Step a = w.match(7, "n1", "a", "stop", 0).orElseThrow();
    assertTrue(w.match(8, "n1", "a", "stop", 0).isEmpty(), "another transition's result");
    w.complete(a);
    assertEquals(List.of("b_stop_0"), keys(w.dispatch(MEMBERS, 0)));
    w.complete(w.match(7, "n2", "b", "stop", 0).orElseThrow());
    assertTrue(w.finished(MEMBERS));
    assertTrue(w.ranSomething());
  }

  @Test
  void theBatchLimitCapsRunningOperations() {
    TransitionWalker w =
        new TransitionWalker(
            1,
            transition(List.of(op("a", "stop", "n1"), op("b", "stop", "n2")), List.of()),
            a -> 0);
    assertEquals(1, w.dispatch(MEMBERS, 1).started().size());
    assertEquals(0, w.dispatch(MEMBERS, 1).started().size());
  }

  @Test
  void startsWaitForAQuorumProofEachWave() {
    TransitionWalker w =
        new TransitionWalker(1, transition(List.of(op("a", "start", "n1")), List.of()), a -> 0);
    Wave first = w.dispatch(MEMBERS, 0);
    assertTrue(first.started().isEmpty());
    assertTrue(first.confirmQuorum());
    w.confirmationAsked(42);
    assertEquals(42, w.confirmToken());
    assertFalse(w.finished(MEMBERS), "waits for the answer");
    w.quorumAnswered(true);
    assertEquals(List.of("a_start_0"), keys(w.dispatch(MEMBERS, 0)));
  }

  @Test
  void fencingAndProbesRunFirstAndAloneAndImplyTheUncleanNodesActions() {
    Action fence = new Action("stonith-n2-reboot", null, ActionTask.STONITH, 0, "n2", true);
    Action probe = new Action("a_monitor_0", "a", ActionTask.MONITOR, 0, "n1", true);
    Action stopOnUnclean = op("b", "stop", "n2");
    Action start = op("b", "start", "n1");
    NodeStatus unclean = new NodeStatus("n2", false, true, "lost", false, false, false, Map.of());
    TransitionWalker w =
        new TransitionWalker(
            3,
            transition(
                List.of(fence, probe, stopOnUnclean, start),
                List.of(new OrderEdge("b_stop_0", "b_start_0", true, "test")),
                List.of(unclean)),
            a -> a.task() == ActionTask.MONITOR ? 7 : 0);
    assertTrue(w.probesOnly());
    assertEquals(
        List.of("stonith-n2-reboot", "a_monitor_0", "b_stop_0"),
        w.steps().stream().map(s -> s.action().key()).toList());
    assertEquals(7, w.steps().get(1).expectedRc());
    Wave first = w.dispatch(MEMBERS, 0);
    assertEquals(List.of("a_monitor_0"), keys(first), "the fencing waits for a quorum proof");
    w.confirmationAsked(1);
    w.quorumAnswered(true);
    assertEquals(List.of("stonith-n2-reboot"), keys(w.dispatch(MEMBERS, 0)));
    w.complete(w.runningFencing("n2").orElseThrow());
    w.dispatch(MEMBERS, 0);
    assertEquals(StepState.DONE, w.steps().get(2).state(), "implied by the fencing");
  }

  @Test
  void anAbortedTransitionDispatchesNothingAndEndsWhenNothingRuns() {
    TransitionWalker w =
        new TransitionWalker(
            1,
            transition(List.of(op("a", "stop", "n1"), op("b", "stop", "n2")), List.of()),
            a -> 0);
    w.dispatch(MEMBERS, 1);
    assertTrue(w.abort());
    assertFalse(w.abort(), "aborted once");
    assertTrue(w.dispatch(MEMBERS, 0).started().isEmpty());
    assertFalse(w.finished(MEMBERS));
    w.nodeLost("n1");
    assertTrue(w.finished(MEMBERS));
  }
}
