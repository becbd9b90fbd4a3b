package org.paceline.shell;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.paceline.cib.Cib;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.ScoreLine;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;
import org.paceline.simulate.ExecutionOrder;
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
    Lines lines = new Lines(out);
    if (scores) {
      lines.add("Allocation scores:");
      for (ScoreLine l : t.scores()) {
        lines.add(l.format());
      }
      lines.add("");
    }
    lines.add("Transition Summary:");
    for (SummaryItem i : t.summary()) {
      lines.add(i.format());
    }
    lines.add("");
    lines.flush();
  }

  /**
   * Lines written in blocks: picocli's writer flushes on every println, and a large cluster prints
   * hundreds of thousands of score lines or actions (a write each took seconds).
   */
  private static final class Lines {
    private final PrintWriter out;
    private final StringBuilder b = new StringBuilder(1 << 16);

    Lines(PrintWriter out) {
      this.out = out;
    }

    void add(String line) {
      b.append(line).append('\n');
      if (b.length() >= 1 << 16) {
        out.print(b);
        b.setLength(0);
      }
    }

    void flush() {
      out.print(b);
      b.setLength(0);
      out.flush();
    }
  }

  /**
   * crm_simulate -S's second half: the transition's actions as a simulated run executes them, and
   * the status after them.
   *
   * @param before the CIB the transition was computed from (names the actions as its history does)
   * @param after the CIB once every action succeeded ({@link
   *     org.paceline.simulate.SimulatedExecution})
   */
  static void printExecution(Transition t, Cib before, Cib after, PrintWriter out) {
    Lines lines = new Lines(out);
    lines.add("Executing Cluster Transition:");
    for (String line : executionLines(t, before)) {
      lines.add(line);
    }
    lines.add("");
    lines.flush();
    long now = after.executionDate() == null ? 0 : after.executionDate();
    out.print(
        StatusRenderer.revisedSection(
            ClusterSnapshot.fromCib(after, null, null, Instant.ofEpochSecond(now))));
    out.flush();
  }

  /**
   * The runnable actions in the order a run executes them ({@link ExecutionOrder}), as crm_simulate
   * words them; an action on a node that is fenced is the fencing's pseudo action.
   */
  static List<String> executionLines(Transition t) {
    return executionLines(t, null);
  }

  /**
   * As {@link #executionLines(Transition)}, naming each action's resource as crm_simulate does from
   * the transition graph: an instance of an anonymous clone by its primitive's id when the history
   * knows it by that id on some node (Pacemaker's graph gives the instance-free id, which the
   * simulation finds only then), else by its instance id.
   */
  static List<String> executionLines(Transition t, Cib cib) {
    java.util.function.UnaryOperator<String> names = displayNames(cib);
    List<Action> order = ExecutionOrder.of(t);
    Set<String> fenced = new HashSet<>();
    for (Action a : order) {
      // Unfencing ("on") leaves the node up: its actions still run there.
      if (a.task() == ActionTask.STONITH && !fencingAction(a).equals("on")) {
        fenced.add(a.node());
      }
    }
    List<String> lines = new ArrayList<>(order.size());
    for (Action a : order) {
      lines.add(line(a, fenced, names));
    }
    return lines;
  }

  private static java.util.function.UnaryOperator<String> displayNames(Cib cib) {
    if (cib == null) {
      return java.util.function.UnaryOperator.identity();
    }
    // A bundle's primitive is an anonymous clone's too (unless replicas-per-host > 1).
    Set<String> anonymous =
        org.paceline.unpack.BundleExpansion.expand(cib)
            .configuration()
            .anonymousClonePrimitiveIds();
    Set<String> known = new HashSet<>();
    for (org.paceline.cib.NodeState n : cib.status()) {
      for (org.paceline.cib.LrmResource r : n.lrmResources()) {
        if (anonymous.contains(r.id())) {
          known.add(r.id());
        }
      }
    }
    return id -> {
      String base = org.paceline.cib.HistoryIds.baseId(id);
      if (known.contains(base)) {
        return base;
      }
      // A probe names the primitive; the graph names the instance it probes.
      return anonymous.contains(id) ? id + ":0" : id;
    };
  }

  private static String line(
      Action a, Set<String> fenced, java.util.function.UnaryOperator<String> names) {
    if (a.task() == ActionTask.STONITH) {
      return "  * Fencing " + a.node() + " (" + fencingAction(a) + ")";
    }
    if (a.node() == null || fenced.contains(a.node())) {
      return "  * Pseudo action:   " + a.key();
    }
    String resource = names.apply(a.resource());
    StringBuilder b = new StringBuilder("  * Resource action: ").append(resource);
    for (int pad = resource.length(); pad < 15; pad++) {
      b.append(' '); // crm_simulate's %-15s, without String.format per line (650,000 at 64x10000)
    }
    b.append(' ').append(a.task());
    if (a.intervalMs() > 0) {
      b.append('=').append(a.intervalMs());
    }
    return b.append(" on ").append(a.node()).toString();
  }

  /** The fencing action its key names ({@code stonith-NODE-on}: unfencing), else reboot. */
  private static String fencingAction(Action a) {
    if (a.key().endsWith("-on")) {
      return "on";
    }
    return a.key().endsWith("-off") ? "off" : "reboot";
  }
}
