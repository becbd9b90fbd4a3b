/**
 * The transition walker: the DC's consumer of the scheduler's transition graph, kept apart from the
 * controller as Pacemaker keeps its graph consumer apart from the controller's state machine. A
 * {@link org.paceline.transition.TransitionWalker} holds one transition being carried out: which of
 * its actions wait, run or are done, which may run now (every action ordered before it done, the
 * batch limit, fencing and probes first, quorum proved before each wave of starts), and when the
 * transition is over. It is pure: no I/O, clock, threads or randomness; the controller passes in
 * the membership and limits, turns each dispatched step into effects and reports results back.
 */
package org.paceline.transition;
