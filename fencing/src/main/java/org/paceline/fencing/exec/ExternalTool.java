package org.paceline.fencing.exec;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.process.ProcessLimits;
import org.paceline.process.ProcessResult;
import org.paceline.process.ProcessRunner;

/**
 * How the fencer runs an external tool (a fence agent, ipmitool): with the one {@link
 * ProcessRunner}, so a timed-out tool dies with its whole process tree, including grandchildren
 * re-parented to init; the fencer's environment plus {@code extraEnv} (where secrets go, since argv
 * is visible in {@code ps}), and optional stdin (the fence-agents protocol, password included).
 */
public final class ExternalTool {
  private static final ProcessRunner RUNNER = new ProcessRunner(ProcessLimits.DEFAULTS);

  private ExternalTool() {}

  /**
   * Runs {@code argv} to completion or until {@code timeoutMs}.
   *
   * @throws IOException when the tool cannot be started (not installed, not executable)
   */
  public static ProcessResult run(
      List<String> argv, Map<String, String> extraEnv, String stdin, long timeoutMs)
      throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(extraEnv);
    return RUNNER.run(argv, env, stdin, null, timeoutMs);
  }

  /** The first non-blank line of stderr (else stdout) of {@code p}, for an operator message. */
  public static String firstErrorLine(ProcessResult p) {
    for (String s : new String[] {p.stderr(), p.stdout()}) {
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
