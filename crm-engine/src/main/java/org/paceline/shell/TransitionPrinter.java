package org.paceline.shell;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.paceline.cib.Cib;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.OrderEdge;
import org.paceline.scheduler.ScoreLine;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.StatusRenderer;

/**
 * Prints a transition the way crm_simulate does: the current status (by {@link StatusRenderer}),
 * scores, summary, and with -S the actions as executed and the revised status.
 */
final class TransitionPrinter {
  private TransitionPrinter() {}

  static void print(Cib cib, Transition t, boolean scores, PrintWriter out) {
    print(cib, () -> t, scores, out);
  }

  /**
   * As {@link #print(Cib, Transition, boolean, PrintWriter)}, asking for the transition only once
   * the current status is printed: the caller may still be computing it on another core.
   */
  static void print(Cib cib, Supplier<Transition> transition, boolean scores, PrintWriter out) {
    long now = cib.executionDate() == null ? 0 : cib.executionDate();
    out.print(
        StatusRenderer.simulateSection(
            ClusterSnapshot.fromCib(cib, null, null, Instant.ofEpochSecond(now))));
    Transition t = transition.get();
    if (scores) {
      out.println("Allocation scores:");
      for (ScoreLine l : t.scores()) {
        out.println(l.format());
      }
      out.println();
    }
    out.println("Transition Summary:");
    for (SummaryItem i : t.summary()) {
      out.println(i.format());
    }
    out.println();
    out.flush();
  }

  /**
   * crm_simulate -S's second half: the transition's actions as a simulated run executes them, and
   * the status after them.
   *
   * @param after the CIB once every action succeeded ({@link SimulatedExecution})
   */
  static void printExecution(Transition t, Cib after, PrintWriter out) {
    out.println("Executing Cluster Transition:");
    for (String line : executionLines(t)) {
      out.println(line);
    }
    out.println();
    long now = after.executionDate() == null ? 0 : after.executionDate();
    out.print(
        StatusRenderer.revisedSection(
            ClusterSnapshot.fromCib(after, null, null, Instant.ofEpochSecond(now))));
    out.flush();
  }

  /**
   * The runnable actions in the order a run executes them: in rounds, each round every action whose
   * predecessors (by key, as the controller binds them) are all done, in transition order. Lines as
   * crm_simulate words them; an action on a node that is fenced is the fencing's pseudo action.
   */
  static List<String> executionLines(Transition t) {
    List<Action> runnable = t.actions().stream().filter(Action::runnable).toList();
    Set<String> fenced = new HashSet<>();
    Map<String, Integer> pendingByKey = new HashMap<>();
    for (Action a : runnable) {
      if (a.task().equals("stonith")) {
        fenced.add(a.node());
      }
      pendingByKey.merge(a.key(), 1, Integer::sum);
    }
    Map<String, List<String>> firsts = new HashMap<>();
    for (OrderEdge e : t.orders()) {
      if (pendingByKey.containsKey(e.first()) && pendingByKey.containsKey(e.then())) {
        firsts.computeIfAbsent(e.then(), k -> new ArrayList<>()).add(e.first());
      }
    }
    List<String> lines = new ArrayList<>();
    boolean[] done = new boolean[runnable.size()];
    int left = runnable.size();
    while (left > 0) {
      List<Integer> round = new ArrayList<>();
      for (int i = 0; i < runnable.size(); i++) {
        if (!done[i]) {
          boolean ready = true;
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
        lines.add(line(a, fenced));
        done[i] = true;
        left--;
      }
      for (int i : round) {
        pendingByKey.merge(runnable.get(i).key(), -1, Integer::sum);
      }
    }
    return lines;
  }

  private static String line(Action a, Set<String> fenced) {
    if (a.task().equals("stonith")) {
      return "  * Fencing " + a.node() + " (reboot)";
    }
    if (a.node() == null || fenced.contains(a.node())) {
      return "  * Pseudo action:   " + a.key();
    }
    String what = a.intervalMs() > 0 ? a.task() + "=" + a.intervalMs() : a.task();
    return String.format("  * Resource action: %-15s %s on %s", a.resource(), what, a.node());
  }
}
