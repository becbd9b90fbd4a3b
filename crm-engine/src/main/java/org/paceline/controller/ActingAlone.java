package org.paceline.controller;

import java.util.Map;
import java.util.TreeMap;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.Configuration;
import org.paceline.cib.NoQuorumPolicy;
import org.paceline.scheduler.Transition;
import org.paceline.transition.TransitionWalker;

/**
 * Where one node stands towards the majority of voters, and what it does while cut off from it:
 * after a grace period without a majority in view it acts alone, as the DC of a partition of one
 * without quorum (Pacemaker's minority partition), applying no-quorum-policy through the scheduler;
 * under {@code suicide} it stops its resources first, then asks the scheduler with Pacemaker's
 * {@code no-quorum-panic}, and a transition that fences this node becomes its own fencing. Pure;
 * the {@link Controller} owns one and acts on its answers.
 */
final class ActingAlone {
  /** The id of the grace period's timer. */
  static final String TIMER = "minority";

  /** Whether this node's view holds a majority of the voters. */
  private boolean majority = true;

  /**
   * Whether the view ever held a majority since this controller started: a node that starts alone
   * (a daemon restart, a power-on) waits to join; only one that loses the majority acts alone.
   */
  private boolean everMajority;

  private boolean active;

  /** Suicide, with the resources stopped: the snapshot carries {@code no-quorum-panic}. */
  private boolean panic;

  /** This node asked for its own fencing: it decides nothing more until it is back. */
  private boolean selfFenced;

  /** What a new verdict of the view means. */
  enum Change {
    NONE,
    /** The majority is gone: wait out the grace period ({@link #TIMER}). */
    START_GRACE,
    /** A majority is back while acting alone: no longer. */
    LEFT
  }

  /** Whether this node acts alone now. */
  boolean active() {
    return active;
  }

  /** Whether this node asked for its own fencing. */
  boolean selfFenced() {
    return selfFenced;
  }

  /** The view's new verdict on the majority. */
  Change view(boolean hasMajority) {
    majority = hasMajority;
    everMajority |= hasMajority;
    if (!hasMajority && !active && everMajority) {
      return Change.START_GRACE;
    }
    return hasMajority && leave() ? Change.LEFT : Change.NONE;
  }

  /**
   * The grace period ended: whether this node starts acting alone now (its view still lacks the
   * majority it once had, and it is not a DC with quorum).
   */
  boolean enter(boolean dcWithQuorum) {
    if (majority || active || !everMajority || dcWithQuorum) {
      return false;
    }
    active = true;
    return true;
  }

  /** Quorum or a majority is back: returns whether this node was acting alone. */
  boolean leave() {
    boolean was = active;
    active = false;
    reset();
    return was;
  }

  /** Forgets the suicide steps (a new coordination starts over). */
  void reset() {
    panic = false;
    selfFenced = false;
  }

  /** The {@code <cib>} attributes of the scheduler's input: the panic, once armed. */
  Map<String, String> cibAttributes(Map<String, String> attrs) {
    if (!active || !panic) {
      return attrs;
    }
    // As Pacemaker's controller marks a partition that had quorum and lost it.
    Map<String, String> out = new TreeMap<>(attrs);
    out.put("no-quorum-panic", "1");
    return out;
  }

  /**
   * Nothing is left to do without the panic: under no-quorum-policy=suicide, arm it (returns true:
   * schedule again). The stops come first because what the self-fencing does depends on how systemd
   * handles the watchdog: the VIP and the primary are gone before it whatever it does.
   */
  boolean armPanic(Configuration configuration) {
    if (!active
        || panic
        || selfFenced
        || ClusterOption.noQuorumPolicy(configuration) != NoQuorumPolicy.SUICIDE) {
      return false;
    }
    panic = true;
    return true;
  }

  /**
   * When acting alone and the transition fences {@code self}: why, in the scheduler's words (this
   * node then fences itself and decides nothing more); otherwise null.
   */
  String selfFencing(Transition t, String self) {
    if (!active
        || t.actions().stream()
            .noneMatch(a -> a.runnable() && TransitionWalker.isFence(a) && self.equals(a.node()))) {
      return null;
    }
    selfFenced = true;
    return t.nodes().stream()
        .filter(n -> n.name().equals(self) && n.unclean())
        .map(n -> String.valueOf(n.fenceReason()))
        .findFirst()
        .orElse("no-quorum-policy");
  }
}
