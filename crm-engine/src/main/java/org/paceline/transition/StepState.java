package org.paceline.transition;

/** Where one action of a transition being walked stands: waiting, running or done. */
public enum StepState {
  WAITING,
  RUNNING,
  DONE
}
