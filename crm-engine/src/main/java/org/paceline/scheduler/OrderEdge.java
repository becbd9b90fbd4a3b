package org.paceline.scheduler;

/**
 * An ordering between two actions of a transition.
 *
 * @param first the key of the action that goes first
 * @param then the key of the action that waits
 * @param mandatory whether then may not run unless first can
 * @param reason the constraint or rule that creates the edge
 */
public record OrderEdge(String first, String then, boolean mandatory, String reason) {}
