package org.paceline.fencing.exec;

/**
 * How an external tool ended.
 *
 * @param exitCode the exit code (meaningless when {@code timedOut})
 * @param stdout what it printed
 * @param stderr what it printed on stderr
 * @param timedOut whether the watchdog killed it
 * @param durationMs wall time
 */
public record ProcessResult(
    int exitCode, String stdout, String stderr, boolean timedOut, long durationMs) {

  /** The first non-blank line of stderr (else stdout), for an operator message. */
  public String firstErrorLine() {
    for (String s : new String[] {stderr, stdout}) {
      for (String line : s.split("\\R")) {
        // Python warnings from the agents are noise to an operator.
        if (!line.isBlank() && !line.contains("DeprecationWarning") && !line.contains("import ")) {
          return line.trim();
        }
      }
    }
    return "(no output)";
  }
}
