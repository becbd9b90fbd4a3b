package org.paceline.status;

/** A snapshot could not be taken: the file is unreadable or invalid, the daemon does not answer. */
public class StatusUnavailableException extends Exception {
  private final boolean unreadable;

  /**
   * @param message what went wrong, for the operator
   * @param unreadable true when the source cannot be read at all (missing file, no daemon), false
   *     when it was read but is invalid
   */
  public StatusUnavailableException(String message, boolean unreadable) {
    super(message);
    this.unreadable = unreadable;
  }

  /** Whether the source could not be read at all (as opposed to read and found invalid). */
  public boolean unreadable() {
    return unreadable;
  }
}
