package org.paceline.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.paceline.cib.Cib;
import org.paceline.cib.Role;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.StatusView;
import org.paceline.scheduler.Transition;
import org.paceline.simulation.SimNode.RState;
import org.paceline.unpack.ActiveInstance;

/**
 * The simulation's safety invariants (checked after every event and when an operation is issued),
 * the node side's contract (each operation a node is asked to run is answered once: never twice,
 * and a one-shot operation not left unanswered) and its convergence condition (checked after the
 * faults stop).
 */
final class SimChecks {
  /** A one-shot operation unanswered for longer than this, once converged, was lost. */
  static final long ANSWER_WAIT_MS = 10_000;

  private final Simulation sim;

  /** Per node incarnation and operation: times asked minus times answered. */
  private final Map<String, Integer> unanswered = new TreeMap<>();

  /** When a one-shot operation in {@link #unanswered} was first asked. */
  private final Map<String, Long> askedAtMs = new TreeMap<>();

  SimChecks(Simulation sim) {
    this.sim = sim;
  }

  int votersInGroup(SimNode n, boolean excludeHung) {
    int c = 0;
    for (SimNode m : sim.nodes.values()) {
      if (m.powered && m.daemonUp && (!excludeHung || !m.hung) && m.group == n.group) {
        c++;
      }
    }
    return c;
  }

  private static String key(
      String node, int inc, long tid, String resource, String task, long intervalMs) {
    return node + "#" + inc + " transition " + tid + " " + resource + " " + task + "_" + intervalMs;
  }

  /** A node side (incarnation {@code inc}) was asked to run {@code op}. */
  void asked(SimNode n, int inc, Effect.RunOperation op) {
    if (op.transitionId() < 0) {
      return;
    }
    String k = key(n.name, inc, op.transitionId(), op.resource(), op.task(), op.intervalMs());
    unanswered.merge(k, 1, Integer::sum);
    if (!op.task().equals("monitor") || op.intervalMs() == 0) {
      askedAtMs.putIfAbsent(k, sim.now);
    }
  }

  /**
   * A node side answered: an answer to an operation it was not asked (again) to run breaks the
   * contract (OperationRunner: a one-shot operation is answered once; a recurring monitor's first
   * result answers the request, later ones carry no transition). A duplicate answer could count a
   * failure twice or complete an action of a later transition.
   */
  void answered(SimNode n, int inc, Event.OperationResult r) {
    if (r.transitionId() < 0) {
      return;
    }
    String k = key(n.name, inc, r.transitionId(), r.resource(), r.task(), r.intervalMs());
    int left = unanswered.getOrDefault(k, 0) - 1;
    if (left < 0) {
      sim.fail("one-answer-per-operation", "answered more often than asked: " + k + " " + r);
      return;
    }
    if (left == 0) {
      unanswered.remove(k);
      askedAtMs.remove(k);
    } else {
      unanswered.put(k, left);
    }
  }

  /**
   * Once converged: every one-shot operation a living daemon was asked to run got its answer (a
   * recurring monitor cancelled before its first result legitimately has none).
   */
  void checkEveryOperationAnswered() {
    for (Map.Entry<String, Long> e : askedAtMs.entrySet()) {
      String node = e.getKey().substring(0, e.getKey().indexOf('#'));
      int inc = Integer.parseInt(e.getKey().substring(node.length() + 1, e.getKey().indexOf(' ')));
      SimNode n = sim.nodes.get(node);
      if (n.daemonUp && n.daemonInc == inc && sim.now - e.getValue() > ANSWER_WAIT_MS) {
        sim.fail(
            "every-operation-answered",
            "never answered: " + e.getKey() + ", asked at " + (e.getValue() - Simulation.T0_MS));
        return;
      }
    }
  }

  static boolean active(RState s) {
    return s == RState.STARTED || s == RState.PROMOTED || s == RState.FAILED;
  }

  void checkIssue(SimNode from, Effect.RunOperation r) {
    String task = r.task();
    if (!task.equals("start") && !task.equals("promote") && !task.equals("migrate_from")) {
      return;
    }
    if (votersInGroup(from, false) * 2 <= Simulation.NODES.size()) {
      sim.fail(
          "no-start-without-quorum",
          from.name
              + " issued "
              + task
              + " "
              + r.resource()
              + "@"
              + r.node()
              + " but its network partition holds only "
              + votersInGroup(from, false)
              + " voter(s) with a running daemon; it believes it leads term "
              + from.knownTerm
              + " (Raft term now "
              + sim.term
              + ") with view "
              + new TreeSet<>(from.view));
    }
    if (votersInGroup(from, true) * 2 <= Simulation.NODES.size()) {
      // Stricter: a hung (SIGSTOPped) voter cannot acknowledge anything either.
      sim.fail(
          "no-start-without-live-majority",
          from.name
              + " issued "
              + task
              + " "
              + r.resource()
              + "@"
              + r.node()
              + " but its partition holds only "
              + votersInGroup(from, true)
              + " live (not hung) voter(s); it believes it leads term "
              + from.knownTerm
              + " (Raft term now "
              + sim.term
              + ") with view "
              + new TreeSet<>(from.view));
    }
    String h = Simulation.hid(r.resource());
    for (SimNode y : sim.nodes.values()) {
      if (y.name.equals(r.node()) || !y.powered || from.view.contains(y.name)) {
        continue;
      }
      boolean conflict =
          Simulation.UNIQUE.contains(h)
              ? active(y.state(h))
              : task.equals("promote") && y.state(h) == RState.PROMOTED;
      if (conflict) {
        sim.fail(
            "recover-only-after-fencing",
            from.name
                + " issued "
                + task
                + " "
                + r.resource()
                + "@"
                + r.node()
                + " while it still runs ("
                + y.state(h)
                + ") on "
                + y.name
                + ", which "
                + from.name
                + " lost and which was not fenced");
      }
    }
  }

  void checkInvariants() {
    for (String h : Simulation.UNIQUE) {
      List<String> where = new ArrayList<>();
      for (SimNode n : sim.nodes.values()) {
        if (n.powered && active(n.state(h))) {
          where.add(n.name + "=" + n.state(h));
        }
      }
      if (where.size() > 1) {
        sim.fail("unique-active-once", h + " actually active on " + where);
      }
    }
    List<String> promoted = new ArrayList<>();
    for (SimNode n : sim.nodes.values()) {
      if (n.powered && n.state("db") == RState.PROMOTED) {
        promoted.add(n.name);
      }
    }
    if (promoted.size() > 1) {
      sim.fail("promoted-at-most-once", "db promoted on " + promoted);
    }
  }

  /** Null when converged, else why not. */
  String convergenceProblem() {
    sim.lastConvergenceProblem = problem();
    return sim.lastConvergenceProblem;
  }

  SimNode dc() {
    SimNode dc = null;
    for (SimNode n : sim.nodes.values()) {
      if (n.ctl != null && n.ctl.isDc()) {
        dc = n;
      }
    }
    return dc;
  }

  private String problem() {
    for (SimNode n : sim.nodes.values()) {
      if (!n.powered || !n.daemonUp || n.hung) {
        return n.name + " not up";
      }
      if (!n.view.equals(Set.copyOf(Simulation.NODES))) {
        return n.name + " view " + n.view;
      }
    }
    List<String> dcs = new ArrayList<>();
    for (SimNode n : sim.nodes.values()) {
      if (n.ctl.isDc()) {
        dcs.add(n.name);
      }
    }
    if (dcs.size() != 1) {
      return "DCs " + dcs;
    }
    SimNode dc = sim.nodes.get(dcs.get(0));
    if (dc.ctl.busy()) {
      return "DC " + dc.name + " busy";
    }
    Cib snap = dc.ctl.snapshot(sim.now);
    Transition t = Scheduler.schedule(snap, sim.now / 1000);
    List<String> pending = new ArrayList<>();
    for (Action a : t.actions()) {
      if (a.runnable() && a.task() != ActionTask.MONITOR) {
        pending.add(a.key() + (a.node() == null ? "" : "@" + a.node()));
      }
    }
    if (!pending.isEmpty()) {
      return "DC " + dc.name + " would still do " + pending;
    }
    Map<String, Map<String, String>> believed = new TreeMap<>();
    for (List<ActiveInstance> l : StatusView.active(snap, sim.now / 1000).values()) {
      for (ActiveInstance a : l) {
        String role = a.failed() ? "FAILED" : a.role() == Role.PROMOTED ? "PROMOTED" : "STARTED";
        believed
            .computeIfAbsent(a.node(), k -> new TreeMap<>())
            .put(Simulation.hid(a.historyId()), role);
      }
    }
    for (SimNode n : sim.nodes.values()) {
      Map<String, String> b = believed.getOrDefault(n.name, Map.of());
      for (String h : List.of("fence", "vip", "db", "policy")) {
        String actual = n.state(h).name();
        String belief = b.getOrDefault(h, "STOPPED");
        if (!actual.equals(belief)) {
          List<String> all = new ArrayList<>();
          for (Action a : t.actions()) {
            all.add(
                a.key()
                    + (a.node() == null ? "" : "@" + a.node())
                    + (a.runnable() ? "" : "(blocked)"));
          }
          return "DC "
              + dc.name
              + " believes "
              + h
              + "@"
              + n.name
              + " is "
              + belief
              + " but it is "
              + actual
              + "; its scheduler plans "
              + all
              + "; its history of "
              + n.name
              + ": "
              + snap.nodeState(n.name)
                  .map(
                      ns ->
                          ns.lrmResources().stream()
                              .flatMap(r -> r.ops().stream())
                              .map(o -> o.id() + "=" + o.operation() + ":" + o.rcCode())
                              .toList()
                              .toString())
                  .orElse("none");
        }
      }
    }
    Cib last = sim.log.get(sim.log.size() - 1);
    for (SimNode n : sim.nodes.values()) {
      if (!n.ctl.configuration().configuration().equals(last.configuration())
          || !n.ctl.configurationVersion().equals(last.version())) {
        return "config: "
            + n.name
            + " acts on "
            + n.ctl.configurationVersion()
            + ", acknowledged "
            + last.version();
      }
    }
    return null;
  }
}
