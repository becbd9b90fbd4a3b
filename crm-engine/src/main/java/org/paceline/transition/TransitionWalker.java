package org.paceline.transition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.OrderEdge;
import org.paceline.scheduler.Transition;
import org.paceline.unpack.NodeStatus;

/**
 * One transition being carried out by the DC: which actions wait, run or are done, which may run
 * now, and when it is over. Pure: the controller passes in the membership and the batch limit,
 * turns each dispatched {@link Step} into effects and reports every result back ({@link
 * #complete}), so the same walk happens in the daemon and in the simulation.
 */
public final class TransitionWalker {
  private final long id;
  private final List<Step> steps = new ArrayList<>();
  private final Map<String, List<Step>> byKey = new HashMap<>();
  private final Map<String, List<String>> firsts = new HashMap<>();
  private final Set<String> uncleanNodes = new HashSet<>();
  private final Map<String, String[]> migrations = new HashMap<>();
  private final boolean probesOnly;
  private boolean aborted;
  private boolean ranSomething;

  /** A Raft round trip proved quorum after the last wave was decided: the next may go. */
  private boolean quorumConfirmed;

  /** The token of the confirmation asked for, or -1. */
  private long confirmToken = -1;

  /**
   * Takes the runnable actions of a transition and their order edges.
   *
   * @param id the transition id (echoed in results)
   * @param t the scheduler's transition
   * @param expectedRc the OCF rc that counts as success of an action, from the configuration
   */
  public TransitionWalker(long id, Transition t, ToIntFunction<Action> expectedRc) {
    this.id = id;
    for (NodeStatus n : t.nodes()) {
      if (n.unclean()) {
        uncleanNodes.add(n.name());
      }
    }
    List<Action> runnable = t.actions().stream().filter(Action::runnable).toList();
    boolean probes = runnable.stream().anyMatch(this::isProbe);
    boolean fencing = runnable.stream().anyMatch(TransitionWalker::isFence);
    // Fencing and probes come first, on their own: what they find decides the rest, so the
    // transition after them is computed on confirmed fencing and probed state. Nothing is
    // started or promoted while a node is still to be fenced, even one whose resources this
    // DC does not know (a node it never heard from may run anything).
    this.probesOnly = probes || fencing;
    for (Action a : runnable) {
      boolean implied = a.node() != null && uncleanNodes.contains(a.node()) && !isFence(a);
      if (probesOnly && !isProbe(a) && !isFence(a) && !implied) {
        continue;
      }
      Step s = new Step(steps.size(), a, expectedRc.applyAsInt(a), implied);
      steps.add(s);
      byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(s);
    }
    for (Action a : runnable) {
      if (a.task().isMigration()) {
        String[] st = migrations.computeIfAbsent(a.resource(), k -> new String[2]);
        st[a.task() == ActionTask.MIGRATE_TO ? 0 : 1] = a.node();
      }
    }
    for (OrderEdge e : t.orders()) {
      if (byKey.containsKey(e.first()) && byKey.containsKey(e.then())) {
        firsts.computeIfAbsent(e.then(), k -> new ArrayList<>()).add(e.first());
      }
    }
  }

  private boolean isProbe(Action a) {
    return a.task() == ActionTask.MONITOR
        && a.intervalMs() == 0
        && a.node() != null
        && !uncleanNodes.contains(a.node());
  }

  /** Whether an action is a fencing (it goes to the fencer, not to a node's executor). */
  public static boolean isFence(Action a) {
    return a.task() == ActionTask.STONITH;
  }

  /** Starting, promoting, migrating in or fencing needs quorum proved by a Raft round trip. */
  private static boolean needsQuorum(Action a) {
    return switch (a.task()) {
      case START, PROMOTE, MIGRATE_TO, MIGRATE_FROM, STONITH -> true;
      default -> false;
    };
  }

  /** The transition id. */
  public long id() {
    return id;
  }

  /** The steps it carries out, in the scheduler's order. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /** The step at {@code index} (see {@link Step#index()}). */
  public Step step(int index) {
    return steps.get(index);
  }

  /** Whether the transition holds no step at all (then it is not walked). */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Whether only the fencing and probes run this time, the rest being scheduled again after. */
  public boolean probesOnly() {
    return probesOnly;
  }

  /** Whether it was aborted: nothing new is dispatched, running actions finish. */
  public boolean aborted() {
    return aborted;
  }

  /** Whether it dispatched anything (then another schedule follows it). */
  public boolean ranSomething() {
    return ranSomething;
  }

  /** Aborts it; returns false when it already was. */
  public boolean abort() {
    if (aborted) {
      return false;
    }
    aborted = true;
    return true;
  }

  /** Marks a step done: its result came, it timed out, or its node is gone. */
  public void complete(Step s) {
    s.state(StepState.DONE);
  }

  /** The nodes a resource migrates between in this transition, if it migrates. */
  public Optional<Migration> migration(String resource) {
    String[] st = migrations.get(resource);
    return st == null ? Optional.empty() : Optional.of(new Migration(st[0], st[1]));
  }

  /** The token of the quorum confirmation asked for, or -1 when none is outstanding. */
  public long confirmToken() {
    return confirmToken;
  }

  /** The controller asked for a quorum confirmation with this token. */
  public void confirmationAsked(long token) {
    confirmToken = token;
  }

  /** The answer to the outstanding confirmation came: when {@code ok} the next wave may go. */
  public void quorumAnswered(boolean ok) {
    confirmToken = -1;
    if (ok) {
      quorumConfirmed = true;
    }
  }

  /**
   * Decides what runs now: each waiting step whose predecessors are all done, within the batch
   * limit, gated ones only after quorum was proved; pseudo actions and actions implied by a
   * confirmed fencing complete at once.
   *
   * @param members the nodes in the membership (an operation goes only to a member)
   * @param batchLimit the most operations running at once, or 0 for no limit
   */
  public Wave dispatch(Set<String> members, int batchLimit) {
    List<Step> started = new ArrayList<>();
    boolean waiting = false;
    boolean sentGated = false;
    boolean progress = true;
    while (progress) {
      progress = false;
      int running = (int) steps.stream().filter(s -> s.state() == StepState.RUNNING).count();
      for (Step s : steps) {
        if (s.state() != StepState.WAITING || aborted || !ready(s)) {
          continue;
        }
        Action a = s.action();
        if (s.implied()) {
          // An action on an unclean node: the node's fencing stands in for it.
          List<Step> f = byKey.get(fenceKey(a.node()));
          if (f != null && f.stream().allMatch(x -> x.state() == StepState.DONE)) {
            s.state(StepState.DONE);
            progress = true;
          }
          continue;
        }
        if (a.node() == null) {
          s.state(StepState.DONE); // pseudo action
          progress = true;
          continue;
        }
        if (batchLimit > 0 && running >= batchLimit) {
          continue;
        }
        if (needsQuorum(a) && !quorumConfirmed) {
          waiting = true; // after the confirmation
          continue;
        }
        if (needsQuorum(a)) {
          sentGated = true;
        }
        if (!isFence(a) && !members.contains(a.node())) {
          continue; // it left: the membership change aborted this transition
        }
        started.add(s);
        s.state(StepState.RUNNING);
        ranSomething = true;
        running++;
        progress = true;
      }
    }
    if (sentGated) {
      quorumConfirmed = false; // each wave of starts needs its own proof
    }
    return new Wave(started, waiting && !quorumConfirmed && confirmToken < 0);
  }

  private static String fenceKey(String node) {
    return "stonith-" + node + "-reboot";
  }

  private boolean ready(Step s) {
    for (String first : firsts.getOrDefault(s.action().key(), List.of())) {
      for (Step f : byKey.get(first)) {
        if (f.state() != StepState.DONE) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Finished: nothing is running and nothing waiting can run any more.
   *
   * @param members the nodes in the membership (an operation on another node can never run)
   */
  public boolean finished(Set<String> members) {
    for (Step s : steps) {
      if (s.state() == StepState.RUNNING) {
        return false;
      }
    }
    if (confirmToken >= 0 && !aborted) {
      return false;
    }
    if (aborted) {
      return true;
    }
    for (Step s : steps) {
      if (s.state() == StepState.WAITING && canEverRun(s, members, new HashSet<>())) {
        return false;
      }
    }
    return true;
  }

  private boolean canEverRun(Step s, Set<String> members, Set<Step> seen) {
    if (s.state() == StepState.DONE || s.state() == StepState.RUNNING) {
      return true;
    }
    if (!seen.add(s)) {
      return false;
    }
    Action a = s.action();
    if (s.implied() && byKey.get(fenceKey(a.node())) == null) {
      return false;
    }
    if (a.node() != null && !s.implied() && !isFence(a) && !members.contains(a.node())) {
      return false;
    }
    for (String first : firsts.getOrDefault(a.key(), List.of())) {
      for (Step f : byKey.get(first)) {
        if (!canEverRun(f, members, seen)) {
          return false;
        }
      }
    }
    if (s.implied()) {
      for (Step f : byKey.get(fenceKey(a.node()))) {
        if (!canEverRun(f, members, seen)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The running step an operation result answers, if any.
   *
   * @param transitionId the transition id the result echoes
   */
  public Optional<Step> match(
      long transitionId, String node, String resource, String task, long intervalMs) {
    if (transitionId != id) {
      return Optional.empty();
    }
    for (Step s : steps) {
      Action a = s.action();
      if (s.state() == StepState.RUNNING
          && node.equals(a.node())
          && resource.equals(a.resource())
          && task.equals(a.task().pacemakerName())
          && intervalMs == a.intervalMs()) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The running fencing of a node, if any. */
  public Optional<Step> runningFencing(String target) {
    List<Step> f = byKey.get(fenceKey(target));
    if (f == null) {
      return Optional.empty();
    }
    for (Step s : f) {
      if (s.state() == StepState.RUNNING) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** A node left: its running operations are lost with it (it is fenced before recovery). */
  public void nodeLost(String node) {
    for (Step s : steps) {
      if (s.state() == StepState.RUNNING
          && node.equals(s.action().node())
          && !isFence(s.action())) {
        s.state(StepState.DONE);
      }
    }
  }
}
