package org.paceline.fencing;

import java.util.List;

/**
 * The result of one fence device call, as a value: the device either did what was asked ({@link
 * Ok}), reported or suffered a failure ({@link Failed}), or did not finish in time ({@link
 * TimedOut}). Messages are written for the operator and never contain secrets.
 */
public sealed interface DeviceResult {

  /** A one-line description for the operator and the history. */
  String message();

  /** Whether the call succeeded. */
  default boolean ok() {
    return this instanceof Ok;
  }

  /**
   * The device did what was asked.
   *
   * @param power the power state the device reported after the action (UNKNOWN if none)
   * @param plugs the plugs a {@code list} returned (empty for other actions)
   * @param message what happened
   */
  record Ok(PowerState power, List<String> plugs, String message) implements DeviceResult {
    public Ok {
      plugs = List.copyOf(plugs);
    }

    public static Ok of(PowerState power, String message) {
      return new Ok(power, List.of(), message);
    }
  }

  /**
   * The device failed, or could not be reached, or is misconfigured.
   *
   * @param message why, for the operator
   */
  record Failed(String message) implements DeviceResult {}

  /**
   * The call did not finish within its limit and was abandoned (its process killed).
   *
   * @param timeoutMs the limit that was exceeded
   * @param message what was running
   */
  record TimedOut(long timeoutMs, String message) implements DeviceResult {}
}
