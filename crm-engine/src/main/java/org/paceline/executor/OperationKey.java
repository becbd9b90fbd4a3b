package org.paceline.executor;

import org.paceline.agents.OcfAction;

/** Identifies an operation of a resource as Pacemaker does: {@code rsc_action_intervalMs}. */
public record OperationKey(String resourceId, OcfAction action, long intervalMs) {
  @Override
  public String toString() {
    return resourceId + "_" + action.wireName() + "_" + intervalMs;
  }
}
