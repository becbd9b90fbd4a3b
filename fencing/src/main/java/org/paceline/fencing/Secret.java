package org.paceline.fencing;

import java.util.Objects;

/**
 * A password or key: its value is read only where it is handed to a device (an environment
 * variable, a 0600 file, a stdin line, a serial prompt) and never printed, so it cannot leak into
 * logs, error messages or the history through {@code toString}.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "secret");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The clear value; call only at the point of handing it to a device. */
  public String reveal() {
    return value;
  }

  /** Whether the value is empty. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** Replaces every occurrence of the secret in {@code text}, for output read back from a tool. */
  public String redact(String text) {
    if (text == null || value.isEmpty()) {
      return text;
    }
    return text.replace(value, "****");
  }

  @Override
  public String toString() {
    return "****";
  }
}
