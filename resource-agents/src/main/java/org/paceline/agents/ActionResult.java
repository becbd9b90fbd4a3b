package org.paceline.agents;

import java.util.Optional;

/**
 * The outcome of one agent action, as a value: the OCF code, the raw exit status, the agent's exit
 * reason (its last {@code ocf-exit-reason:} line), captured output and how long it ran.
 *
 * @param rc the OCF meaning of the exit status (undefined statuses are {@code GENERIC_ERROR})
 * @param exitStatus the raw process exit status, or -1 when the process was killed or not started
 * @param exitReason the operator-facing reason, empty when the agent gave none
 * @param stdout captured standard output (bounded; see {@link #outputTruncated})
 * @param stderr captured standard error without the exit-reason lines (bounded)
 * @param timedOut true when the action exceeded its timeout and was killed
 */
public record ActionResult(
    OcfAction action,
    OcfExitCode rc,
    int exitStatus,
    String exitReason,
    String stdout,
    String stderr,
    long durationMs,
    boolean timedOut,
    boolean outputTruncated) {

  /** A result that did not come from a process (built-in agents, refused requests). */
  public static ActionResult of(OcfAction action, OcfExitCode rc, String reason, long durationMs) {
    return new ActionResult(action, rc, rc.code(), reason, "", "", durationMs, false, false);
  }

  /** The exit reason, if the agent gave one. */
  public Optional<String> reason() {
    return exitReason.isEmpty() ? Optional.empty() : Optional.of(exitReason);
  }

  /** One line for operators: {@code start: NOT_RUNNING(7) "reason" in 12 ms}. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(action.wireName()).append(": ").append(rc);
    if (timedOut) {
      sb.append(" (timed out)");
    }
    if (!exitReason.isEmpty()) {
      sb.append(" \"").append(exitReason).append('"');
    }
    sb.append(" in ").append(durationMs).append(" ms");
    return sb.toString();
  }
}
