package org.paceline.process;

/**
 * How one process run by {@link ProcessRunner} ended.
 *
 * @param exitCode its exit status (meaningless when {@code timedOut}: it was killed)
 * @param stdout its standard output, at most {@link ProcessLimits#outputLimitBytes()} of it
 * @param stderr its standard error, likewise bounded
 * @param timedOut whether it was killed, with its whole process tree, at its deadline
 * @param outputTruncated whether stdout or stderr exceeded the limit and was cut
 * @param durationMs wall time from start to the end of output capture
 */
public record ProcessResult(
    int exitCode,
    String stdout,
    String stderr,
    boolean timedOut,
    boolean outputTruncated,
    long durationMs) {}
