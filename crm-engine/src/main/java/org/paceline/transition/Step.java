package org.paceline.transition;

import org.paceline.scheduler.Action;

/**
 * One action of a transition being walked, with the rc that counts as its success and its state.
 * Only its {@link TransitionWalker} changes the state; the controller reports results through the
 * walker.
 */
public final class Step {
  private final int index;
  private final Action action;
  private final int expectedRc;
  private final boolean implied;
  private StepState state = StepState.WAITING;

  Step(int index, Action action, int expectedRc, boolean implied) {
    this.index = index;
    this.action = action;
    this.expectedRc = expectedRc;
    this.implied = implied;
  }

  /** Its position in the walker's steps (stable for the transition; timers name it by this). */
  public int index() {
    return index;
  }

  /** The scheduler's action. */
  public Action action() {
    return action;
  }

  /** The OCF rc that counts as success. */
  public int expectedRc() {
    return expectedRc;
  }

  /** An action on an unclean node: the node's fencing stands in for it. */
  public boolean implied() {
    return implied;
  }

  /** Whether it waits, runs or is done. */
  public StepState state() {
    return state;
  }

  void state(StepState s) {
    state = s;
  }
}
