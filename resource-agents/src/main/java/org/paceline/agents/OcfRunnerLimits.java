package org.paceline.agents;

import org.paceline.process.ProcessLimits;

/**
 * The named limits of the OCF script runner.
 *
 * @param outputLimitBytes bytes of stdout and of stderr kept per action; the rest is dropped
 * @param metaDataTimeoutMs timeout of the {@code meta-data} action
 * @param streamDrainTimeoutMs how long to wait for output after the agent exited, in case a daemon
 *     it started kept the pipe open
 */
public record OcfRunnerLimits(
    int outputLimitBytes, long metaDataTimeoutMs, long streamDrainTimeoutMs) {
  /** 64 KiB of output, 5 s for meta-data (Pacemaker's default), 1 s to drain output. */
  public static final OcfRunnerLimits DEFAULTS = new OcfRunnerLimits(64 * 1024, 5_000, 1_000);

  public OcfRunnerLimits {
    if (outputLimitBytes <= 0 || metaDataTimeoutMs <= 0 || streamDrainTimeoutMs <= 0) {
      throw new IllegalArgumentException("OCF runner limits must be positive");
    }
  }

  /** The limits of the process runner that starts the scripts and helper commands. */
  public ProcessLimits processLimits() {
    return new ProcessLimits(outputLimitBytes, streamDrainTimeoutMs);
  }
}
