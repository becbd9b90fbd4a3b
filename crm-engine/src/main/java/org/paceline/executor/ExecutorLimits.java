package org.paceline.executor;

/**
 * The named limits of the local executor.
 *
 * @param historyPerResource completed operations kept per resource (oldest dropped first, but never
 *     the newest one-shot operation)
 * @param maxQueuedPerResource actions that may wait behind a running one per resource; more are
 *     refused with an error result rather than queued without bound
 */
public record ExecutorLimits(int historyPerResource, int maxQueuedPerResource) {
  public static final ExecutorLimits DEFAULTS = new ExecutorLimits(50, 64);

  public ExecutorLimits {
    if (historyPerResource <= 0 || maxQueuedPerResource <= 0) {
      throw new IllegalArgumentException("executor limits must be positive");
    }
  }
}
