package org.paceline.agents;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One call of an agent action for one resource instance: the instance parameters, the operation's
 * interval and timeout, clone meta attributes and, for {@code notify}, the notification details. An
 * interval of 0 on {@code monitor} is a probe.
 *
 * @param resourceId the resource instance name (OCF_RESOURCE_INSTANCE), e.g. {@code vip} or {@code
 *     db:1}
 * @param parameters instance attributes, passed as {@code OCF_RESKEY_name}
 * @param meta other meta attributes (clone-max, notify, ...), passed as {@code
 *     OCF_RESKEY_CRM_meta_name}
 */
public record ActionRequest(
    String resourceId,
    OcfAction action,
    SortedMap<String, String> parameters,
    long intervalMs,
    long timeoutMs,
    SortedMap<String, String> meta,
    Optional<NotifyEnvironment> notification) {

  public ActionRequest {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(action, "action");
    parameters = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
    meta = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(meta));
    Objects.requireNonNull(notification, "notification");
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeoutMs must be positive: " + timeoutMs);
    }
    if (intervalMs < 0) {
      throw new IllegalArgumentException("intervalMs must be >= 0: " + intervalMs);
    }
  }

  /** A one-shot action with no meta attributes. */
  public static ActionRequest of(
      String resourceId, OcfAction action, Map<String, String> parameters, long timeoutMs) {
    return new ActionRequest(
        resourceId,
        action,
        new TreeMap<>(parameters),
        0,
        timeoutMs,
        new TreeMap<>(),
        Optional.empty());
  }

  /** This request with another action (same parameters and meta). */
  public ActionRequest withAction(OcfAction other, long intervalMs, long timeoutMs) {
    return new ActionRequest(
        resourceId, other, parameters, intervalMs, timeoutMs, meta, Optional.empty());
  }

  /** True for a monitor with interval 0: Pacemaker's probe of the current state. */
  public boolean isProbe() {
    return action == OcfAction.MONITOR && intervalMs == 0;
  }
}
