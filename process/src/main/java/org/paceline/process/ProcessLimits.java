package org.paceline.process;

/**
 * The named limits of {@link ProcessRunner}, the same for every kind of process it runs.
 *
 * @param outputLimitBytes bytes of stdout and of stderr kept per run; the rest is read and dropped
 * @param streamDrainTimeoutMs how long to wait for output after the process exited, in case a
 *     daemon it started (or a re-parented grandchild) keeps the pipe open
 */
public record ProcessLimits(int outputLimitBytes, long streamDrainTimeoutMs) {
  /** 64 KiB of output per stream, 1 s to drain output. */
  public static final ProcessLimits DEFAULTS = new ProcessLimits(64 * 1024, 1_000);

  public ProcessLimits {
    if (outputLimitBytes <= 0 || streamDrainTimeoutMs <= 0) {
      throw new IllegalArgumentException("process limits must be positive");
    }
  }
}
