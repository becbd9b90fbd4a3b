package org.paceline.controller;

/**
 * Tunables of the controller.
 *
 * @param reportTimeoutMs how long a new DC waits for members' reports before it schedules without
 *     the missing ones (they are then treated as unknown: probed when they answer)
 * @param operationGraceMs added to an operation's timeout before the DC counts it as lost
 * @param defaultOperationTimeoutMs an operation's timeout when the configuration names none
 * @param minorityGraceMs how long a node's view may lack a majority of voters before the node
 *     applies no-quorum-policy to its own resources (the view already reflects failure detection;
 *     this rides out a merge)
 */
public record ControllerOptions(
    long reportTimeoutMs,
    long operationGraceMs,
    long defaultOperationTimeoutMs,
    long minorityGraceMs) {
  public static final ControllerOptions DEFAULTS =
      new ControllerOptions(2_000, 5_000, 20_000, 1_000);
}
