package org.paceline.fencing;

/**
 * Cluster-wide fencing settings.
 *
 * @param fencingTimeoutMs the limit of a whole fence request across all levels, delays and retries
 *     (Pacemaker's {@code stonith-timeout} applied to the request)
 * @param callGraceMs how long past a device call's own limit the fencer waits for the device to
 *     give up on its own before abandoning the call
 */
public record FencerSettings(long fencingTimeoutMs, long callGraceMs) {
  /** Pacemaker's default stonith-timeout. */
  public static final long DEFAULT_FENCING_TIMEOUT_MS = 60_000;

  /** Enough for a killed ipmitool or agent to be reaped. */
  public static final long DEFAULT_CALL_GRACE_MS = 2_000;

  public FencerSettings {
    if (fencingTimeoutMs <= 0 || callGraceMs < 0) {
      throw new IllegalArgumentException("fencing timeout must be > 0 and grace >= 0");
    }
  }

  public static FencerSettings defaults() {
    return new FencerSettings(DEFAULT_FENCING_TIMEOUT_MS, DEFAULT_CALL_GRACE_MS);
  }
}
