package org.paceline.fencing;

import java.util.List;

/**
 * What came of a fence request: whether the target is confirmed fenced, by which level, and every
 * device attempt in order.
 *
 * @param request the request
 * @param fenced whether fencing is confirmed
 * @param level the topology level that succeeded, or 0
 * @param attempts every device call made, in order
 * @param message a summary for the operator
 */
public record FenceOutcome(
    FenceRequest request, boolean fenced, int level, List<HistoryEntry> attempts, String message) {
  public FenceOutcome {
    attempts = List.copyOf(attempts);
  }
}
