package org.paceline.fencing.serial;

import java.util.Objects;
import org.paceline.fencing.Secret;

/**
 * How to reach one serial power switch.
 *
 * @param portPath the serial device path (a {@code /dev/ttyS0}, or a pty symlink)
 * @param baud the line speed (WTI switches default to 9600)
 * @param dialect the switch family's command language
 * @param password the login password (WTI NPS), or null
 */
public record SerialSwitchSettings(
    String portPath, int baud, SwitchDialect dialect, Secret password) {
  public static final int DEFAULT_BAUD = 9600;

  public SerialSwitchSettings {
    Objects.requireNonNull(portPath, "serial port path is required");
    Objects.requireNonNull(dialect, "dialect");
    if (baud <= 0) {
      throw new IllegalArgumentException("baud must be > 0, got " + baud);
    }
  }
}
