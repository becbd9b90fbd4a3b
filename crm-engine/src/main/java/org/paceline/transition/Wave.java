package org.paceline.transition;

import java.util.List;

/**
 * What one {@link TransitionWalker#dispatch} decided: the steps to carry out now, in order, and
 * whether quorum must be proved (a Raft round trip) before the next gated wave may go.
 *
 * @param started the steps now running: fencings and agent operations, in dispatch order
 * @param confirmQuorum whether the controller must ask for a quorum confirmation and hand its token
 *     to {@link TransitionWalker#confirmationAsked}
 */
public record Wave(List<Step> started, boolean confirmQuorum) {
  public Wave {
    started = List.copyOf(started);
  }
}
