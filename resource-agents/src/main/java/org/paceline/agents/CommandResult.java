package org.paceline.agents;

/** The outcome of one helper command run by a built-in agent (ip, send_arp, pg_ctl, ...). */
public record CommandResult(int exitStatus, String stdout, String stderr, boolean timedOut) {
  public boolean ok() {
    return exitStatus == 0 && !timedOut;
  }

  /** stderr, or stdout when stderr is empty, stripped: the text to put in an exit reason. */
  public String message() {
    String s = stderr.isBlank() ? stdout : stderr;
    return timedOut ? "timed out" : s.strip();
  }
}
