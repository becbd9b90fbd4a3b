package org.paceline.status;

import java.time.Instant;

/**
 * One entry of the fencing history as status displays show it.
 *
 * @param target the node that was (or was to be) fenced
 * @param action reboot, off or on
 * @param ok whether the fencer confirmed the action
 * @param when when the request completed (or failed)
 * @param detail who asked and why, or why it failed; may be empty
 */
public record FencingEvent(String target, String action, boolean ok, Instant when, String detail) {
  public FencingEvent {
    detail = detail == null ? "" : detail;
  }
}
