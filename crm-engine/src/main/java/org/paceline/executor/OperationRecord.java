package org.paceline.executor;

import org.paceline.agents.ActionResult;
import org.paceline.agents.OcfExitCode;

/**
 * One completed operation in the executor's history: the input to the CIB status section ({@code
 * lrm_rsc_op}).
 *
 * @param callId increasing per executor, in submission order
 * @param queueTimeMs from submission until the agent was started (waiting behind other actions of
 *     the same resource or for a worker)
 * @param execTimeMs how long the agent ran
 * @param failed the rc differs from the expected one (probes never fail)
 * @param completedAtMs executor clock when the result arrived
 */
public record OperationRecord(
    long callId,
    OperationKey key,
    OcfExitCode expectedRc,
    ActionResult result,
    long queueTimeMs,
    long execTimeMs,
    boolean failed,
    long completedAtMs) {

  public OcfExitCode rc() {
    return result.rc();
  }

  /** One line for logs and the shell. */
  public String summary() {
    return "call "
        + callId
        + " "
        + key
        + ": "
        + result.rc()
        + (result.exitReason().isEmpty() ? "" : " \"" + result.exitReason() + "\"")
        + " exec="
        + execTimeMs
        + "ms queue="
        + queueTimeMs
        + "ms"
        + (failed ? " FAILED (expected " + expectedRc + ")" : "");
  }
}
