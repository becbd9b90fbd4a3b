package org.paceline.fencing;

import java.util.Objects;

/**
 * A request to fence a node.
 *
 * @param target the node to fence
 * @param action {@link FenceAction#REBOOT} or {@link FenceAction#OFF}
 * @param origin who asked (a node name, "crm shell by root", ...), recorded in the history
 */
public record FenceRequest(String target, FenceAction action, String origin) {
  public FenceRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(origin, "origin");
    if (action != FenceAction.REBOOT && action != FenceAction.OFF) {
      throw new IllegalArgumentException("a fence request is reboot or off, not " + action.word());
    }
  }
}
