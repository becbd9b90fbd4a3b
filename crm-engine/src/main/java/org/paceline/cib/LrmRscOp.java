package org.paceline.cib;

import java.util.Map;
import java.util.Optional;

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

  /** The operation key Pacemaker gives an action: {@code resource_operation_intervalMs}. */
  public static String operationKey(String resource, String operation, long intervalMs) {
    return resource + "_" + operation + "_" + intervalMs;
  }

  /** The id of a resource's entry for its last one-shot operation: {@code resource_last_0}. */
  public static String lastId(String resource) {
    return resource + "_last_0";
  }

  /** The id of a resource's entry for its last failure: {@code resource_last_failure_0}. */
  public static String lastFailureId(String resource) {
    return resource + "_last_failure_0";
  }

  /** The id of a resource's entry for a recurring monitor: {@code resource_monitor_intervalMs}. */
  public static String monitorId(String resource, long intervalMs) {
    return operationKey(resource, "monitor", intervalMs);
  }

  /**
   * A builder for the entry {@code id} of an operation of {@code resource}, its operation key
   * derived from resource, operation and interval; everything else unset (null) until given.
   */
  public static Builder of(String id, String resource, String operation, long intervalMs) {
    return new Builder(id)
        .operationKey(operationKey(resource, operation, intervalMs))
        .operation(operation)
        .intervalMs(intervalMs);
  }

  /** A builder with only the entry id set, for readers that take each field as it comes. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** A builder holding this entry's fields, to change a few of them. */
  public Builder toBuilder() {
    return new Builder(id)
        .operationKey(operationKey)
        .operation(operation)
        .callId(callId)
        .rcCode(rcCode)
        .opStatus(opStatus)
        .intervalMs(intervalMs)
        .lastRun(lastRun)
        .lastRcChange(lastRcChange)
        .execTimeMs(execTimeMs)
        .queueTimeMs(queueTimeMs)
        .opDigest(opDigest)
        .transitionKey(transitionKey)
        .transitionMagic(transitionMagic)
        .otherAttributes(otherAttributes);
  }

  /** This entry under another id (e.g. the last failure's copy of a result). */
  public LrmRscOp withId(String newId) {
    return toBuilder().id(newId).build();
  }

  /** This entry with another call id (a DC renumbers the reports it merges). */
  public LrmRscOp withCallId(Integer newCallId) {
    return toBuilder().callId(newCallId).build();
  }

  /**
   * Whether the operation was still running when recorded: a negative call id or the pending
   * execution status (-1), as the controller records an action it has just started.
   */
  public boolean pending() {
    return (callId != null && callId < 0) || (opStatus != null && opStatus == -1);
  }

  /** The transition key parsed, if the entry has a well-formed one. */
  public Optional<TransitionKey> parsedTransitionKey() {
    return TransitionKey.parse(transitionKey);
  }

  /**
   * The rc the transition expected, the third field of the transition key
   * (action:transition:target-rc:uuid); null without a key or when it is not well formed.
   */
  public Integer targetRc() {
    return parsedTransitionKey().map(TransitionKey::targetRc).orElse(null);
  }

  /**
   * Builds an {@link LrmRscOp} field by field, so that no caller lines up fifteen positional
   * arguments; unset fields are null (0 for the interval, empty for other attributes).
   */
  public static final class Builder {
    private String id;
    private String operationKey;
    private String operation;
    private Integer callId;
    private Integer rcCode;
    private Integer opStatus;
    private long intervalMs;
    private Long lastRun;
    private Long lastRcChange;
    private Long execTimeMs;
    private Long queueTimeMs;
    private String opDigest;
    private String transitionKey;
    private String transitionMagic;
    private Map<String, String> otherAttributes = Map.of();

    private Builder(String id) {
      this.id = id;
    }

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder operationKey(String v) {
      operationKey = v;
      return this;
    }

    public Builder operation(String v) {
      operation = v;
      return this;
    }

    public Builder callId(Integer v) {
      callId = v;
      return this;
    }

    public Builder rcCode(Integer v) {
      rcCode = v;
      return this;
    }

    public Builder opStatus(Integer v) {
      opStatus = v;
      return this;
    }

    public Builder intervalMs(long v) {
      intervalMs = v;
      return this;
    }

    public Builder lastRun(Long epochSeconds) {
      lastRun = epochSeconds;
      return this;
    }

    public Builder lastRcChange(Long epochSeconds) {
      lastRcChange = epochSeconds;
      return this;
    }

    public Builder execTimeMs(Long v) {
      execTimeMs = v;
      return this;
    }

    public Builder queueTimeMs(Long v) {
      queueTimeMs = v;
      return this;
    }

    public Builder opDigest(String v) {
      opDigest = v;
      return this;
    }

    public Builder transitionKey(String v) {
      transitionKey = v;
      return this;
    }

    public Builder transitionMagic(String v) {
      transitionMagic = v;
      return this;
    }

    /**
     * The outcome of a result: its execution status and rc, with the key of the transition that
     * asked for it and the magic that joins them, so that the four always agree.
     */
    public Builder result(TransitionKey key, int status, int rc) {
      opStatus = status;
      rcCode = rc;
      transitionKey = key.format();
      transitionMagic = key.magic(status, rc);
      return this;
    }

    public Builder otherAttributes(Map<String, String> v) {
      otherAttributes = v;
      return this;
    }

    public LrmRscOp build() {
      return new LrmRscOp(
          id,
          operationKey,
          operation,
          callId,
          rcCode,
          opStatus,
          intervalMs,
          lastRun,
          lastRcChange,
          execTimeMs,
          queueTimeMs,
          opDigest,
          transitionKey,
          transitionMagic,
          otherAttributes);
    }
  }
}
