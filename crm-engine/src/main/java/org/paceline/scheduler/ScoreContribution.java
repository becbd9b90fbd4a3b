package org.paceline.scheduler;

import org.paceline.cib.Score;

/**
 * One change to a resource's score on a node, with the reason in words (STYLE.md #9).
 *
 * @param resource the resource id whose score changed
 * @param node the node
 * @param delta the score added (saturating)
 * @param reason why, e.g. "location constraint loc1" or "stickiness (running there)"
 */
public record ScoreContribution(String resource, String node, Score delta, String reason) {}
