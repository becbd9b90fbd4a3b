package org.paceline.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.OrderEdge;
import org.paceline.scheduler.Transition;

/**
 * The order in which a simulated run executes a transition's runnable actions (crm_simulate -S): in
 * rounds, each round every action whose predecessors (by key, as the controller binds them) are all
 * done, in transition order; fencing and probes before everything else, as the controller runs
 * them.
 */
public final class ExecutionOrder {
  private ExecutionOrder() {}

  /** The runnable actions of {@code t}, in the order a simulated run executes them. */
  public static List<Action> of(Transition t) {
    List<Action> runnable = t.actions().stream().filter(Action::runnable).toList();
    Map<String, Integer> pendingByKey = new HashMap<>();
    for (Action a : runnable) {
      pendingByKey.merge(a.key(), 1, Integer::sum);
    }
    Map<String, List<String>> firsts = new HashMap<>();
    for (OrderEdge e : t.orders()) {
      if (pendingByKey.containsKey(e.first()) && pendingByKey.containsKey(e.then())) {
        firsts.computeIfAbsent(e.then(), k -> new ArrayList<>()).add(e.first());
      }
    }
    List<Action> order = new ArrayList<>(runnable.size());
    boolean[] done = new boolean[runnable.size()];
    int left = runnable.size();
    int firstPhaseLeft = (int) runnable.stream().filter(ExecutionOrder::firstPhase).count();
    while (left > 0) {
      List<Integer> round = new ArrayList<>();
      for (int i = 0; i < runnable.size(); i++) {
        if (!done[i]) {
          boolean ready = firstPhaseLeft == 0 || firstPhase(runnable.get(i));
          for (String f : firsts.getOrDefault(runnable.get(i).key(), List.of())) {
            ready &= pendingByKey.get(f) == 0;
          }
          if (ready) {
            round.add(i);
          }
        }
      }
      if (round.isEmpty()) {
        // An ordering loop (a scheduler bug): show what is left rather than nothing.
        for (int i = 0; i < runnable.size(); i++) {
          if (!done[i]) {
            round.add(i);
          }
        }
      }
      for (int i : round) {
        Action a = runnable.get(i);
        order.add(a);
        done[i] = true;
        left--;
        if (firstPhase(a)) {
          firstPhaseLeft--;
        }
      }
      for (int i : round) {
        pendingByKey.merge(runnable.get(i).key(), -1, Integer::sum);
      }
    }
    return order;
  }

  /** Fencing and probes: the controller runs them on their own, before anything else. */
  private static boolean firstPhase(Action a) {
    return a.task() == ActionTask.STONITH
        || (a.task() == ActionTask.MONITOR && a.intervalMs() == 0 && a.node() != null);
  }
}
