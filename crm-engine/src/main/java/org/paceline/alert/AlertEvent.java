package org.paceline.alert;

import java.time.Instant;

/**
 * One event an alert agent is told of, with the fields Pacemaker passes as {@code CRM_alert_*}
 * (null where the kind has none).
 *
 * @param kind node, fencing, resource or attribute
 * @param at when it happened
 * @param node the node it concerns (the member, the fencing target, where the operation ran, whose
 *     attribute changed)
 * @param nodeId the node's id (node events), else null
 * @param desc Pacemaker's description: {@code member}/{@code lost}, the fencing outcome, the
 *     operation's result
 * @param task the operation (resource) or fencing action (fencing)
 * @param rsc the resource (resource events)
 * @param intervalMs the operation's interval (resource events)
 * @param rc the agent's exit code (resource) or the fencing result (fencing: 0 ok)
 * @param targetRc the exit code that counts as success (resource events)
 * @param status the execution status (resource events: 0 done, 1 cancelled, 2 timed out, ...)
 * @param execMs how long the operation ran (resource events)
 * @param attributeName the attribute (attribute events)
 * @param attributeValue its new value, null when it was deleted (attribute events)
 */
public record AlertEvent(
    Kind kind,
    Instant at,
    String node,
    String nodeId,
    String desc,
    String task,
    String rsc,
    Long intervalMs,
    Integer rc,
    Integer targetRc,
    Integer status,
    Long execMs,
    String attributeName,
    String attributeValue) {

  /** The kinds of event, with the names of {@code CRM_alert_kind} and of {@code <select_*>}. */
  public enum Kind {
    NODE("node", "select_nodes"),
    FENCING("fencing", "select_fencing"),
    RESOURCE("resource", "select_resources"),
    ATTRIBUTE("attribute", "select_attributes");

    private final String wireName;
    private final String selectElement;

    Kind(String wireName, String selectElement) {
      this.wireName = wireName;
      this.selectElement = selectElement;
    }

    /** The value of {@code CRM_alert_kind}. */
    public String wireName() {
      return wireName;
    }

    /** The child of {@code <select>} that chooses this kind. */
    public String selectElement() {
      return selectElement;
    }
  }

  /** A node joined ({@code member}) or left ({@code lost}) this node's view of the cluster. */
  public static AlertEvent node(Instant at, String node, String nodeId, boolean member) {
    return new AlertEvent(
        Kind.NODE,
        at,
        node,
        nodeId,
        member ? "member" : "lost",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A fencing action ended. */
  public static AlertEvent fencing(Instant at, String target, String action, int rc, String desc) {
    return new AlertEvent(
        Kind.FENCING, at, target, null, desc, action, null, null, rc, null, null, null, null, null);
  }

  /** A resource operation ended on {@code node}. */
  public static AlertEvent resource(
      Instant at,
      String node,
      String rsc,
      String task,
      long intervalMs,
      int rc,
      int targetRc,
      int status,
      long execMs,
      String desc) {
    return new AlertEvent(
        Kind.RESOURCE,
        at,
        node,
        null,
        desc,
        task,
        rsc,
        intervalMs,
        rc,
        targetRc,
        status,
        execMs,
        null,
        null);
  }

  /** {@code epochMs} as the instant of an event (for callers that keep time as numbers). */
  public static Instant at(long epochMs) {
    return Instant.ofEpochMilli(epochMs);
  }

  /** A node's transient attribute was set ({@code value}) or deleted (null). */
  public static AlertEvent attribute(Instant at, String node, String name, String value) {
    return new AlertEvent(
        Kind.ATTRIBUTE,
        at,
        node,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        name,
        value);
  }
}
