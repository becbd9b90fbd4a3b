package org.paceline.fencing.serial;

/**
 * The serial link failed: the port is missing, refused, vanished or silent. The message is for the
 * operator and names the port.
 */
public final class SerialLinkException extends Exception {
  /** Whether the switch did not answer in time (as opposed to the port failing). */
  private final boolean timedOut;

  public SerialLinkException(String message, boolean timedOut) {
    super(message);
    this.timedOut = timedOut;
  }

  public boolean timedOut() {
    return timedOut;
  }
}
