package org.paceline.cib;

import java.util.Map;

/**
 * One recorded operation result in a node's resource history ({@code lrm_rsc_op}).
 *
 * @param id the entry id (e.g. {@code rsc_last_0}, {@code rsc_last_failure_0}, {@code
 *     rsc_monitor_10000})
 * @param operationKey {@code rsc_action_intervalMs}
 * @param operation the action name
 * @param callId the executor's call id (-1 for pending), or null
 * @param rcCode the agent's exit code (OCF), or null
 * @param opStatus the execution status (0 done, 1 cancelled, 2 timed out, 4 error, ...), or null
 * @param intervalMs the interval in milliseconds (0 for one-shot actions and probes)
 * @param lastRun when it last ran (epoch seconds), or null
 * @param lastRcChange when its rc last changed (epoch seconds), or null
 * @param execTimeMs how long it ran, or null
 * @param queueTimeMs how long it waited, or null
 * @param opDigest the digest of the parameters it ran with, or null
 * @param transitionKey the transition key, or null
 * @param transitionMagic the transition magic, or null
 * @param otherAttributes attributes the model does not type
 */
public record LrmRscOp(
    String id,
    String operationKey,
    String operation,
    Integer callId,
    Integer rcCode,
    Integer opStatus,
    long intervalMs,
    Long lastRun,
    Long lastRcChange,
    Long execTimeMs,
    Long queueTimeMs,
    String opDigest,
    String transitionKey,
    String transitionMagic,
    Map<String, String> otherAttributes) {
  public LrmRscOp {
    otherAttributes = Immutables.attributes(otherAttributes);
  }

  /**
   * The rc the transition expected, the third field of the transition key
   * (action:transition:target-rc:uuid); null without a key or when that field is not a number.
   */
  public Integer targetRc() {
    String key = transitionKey;
    if (key == null) {
      return null;
    }
    int a = key.indexOf(':');
    int b = a < 0 ? -1 : key.indexOf(':', a + 1);
    int c = b < 0 ? -1 : key.indexOf(':', b + 1);
    if (c < 0) {
      return null;
    }
    try {
      return Integer.parseInt(key, b + 1, c, 10);
    } catch (NumberFormatException ex) {
      return null;
    }
  }
}
