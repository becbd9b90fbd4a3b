package org.paceline.status;

/**
 * The daemon answered, but its partition has no quorum or no DC, so it has no cluster status it may
 * show: a monitoring check reports this as CRITICAL, a display as an error.
 */
public final class NoQuorumException extends StatusUnavailableException {
  /**
   * @param message why (the quorum policy's reason, or which DC is awaited)
   */
  public NoQuorumException(String message) {
    super(message, true);
  }
}
