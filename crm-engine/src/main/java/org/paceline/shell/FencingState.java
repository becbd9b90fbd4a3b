package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.paceline.cib.CibDocument;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;
import org.paceline.fencing.FenceHistory;
import org.paceline.fencing.config.CibFencing;
import org.paceline.fencing.config.FencingConfigLoad;
import picocli.CommandLine.Option;

/**
 * Options shared by the fencing commands: where the history lives ({@code STATE_DIR/fencing/
 * history.jsonl}, since no daemon holds it yet) and where fence agents are installed.
 */
public final class FencingState {
  /** The default state directory, as the RPM creates it. */
  public static final String DEFAULT_STATE_DIR = "/var/lib/paceline";

  @Option(
      names = "--state-dir",
      defaultValue = DEFAULT_STATE_DIR,
      description = "Directory holding the fencing history (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--agent-dir",
      defaultValue = "/usr/sbin",
      description = "Directory of fence_* agents (default: ${DEFAULT-VALUE}).")
  Path agentDir;

  /** The history file. */
  public FenceHistory history() {
    return new FenceHistory(stateDir.resolve("fencing").resolve("history.jsonl"));
  }

  /** Reads the CIB and its fencing configuration; prints problems and returns null on failure. */
  FencingConfigLoad load(Path cibFile, PrintWriter err, int[] exit) {
    CibDocument doc;
    try {
      doc = CibXmlReader.read(cibFile);
    } catch (CibFormatException e) {
      err.println("error: " + e.getMessage());
      exit[0] = ExitCodes.INVALID_INPUT;
      return null;
    }
    FencingConfigLoad load = CibFencing.load(doc.cib(), agentDir);
    if (!load.problems().isEmpty()) {
      for (String p : load.problems()) {
        err.println("error: " + cibFile + ": " + p);
      }
      exit[0] = ExitCodes.INVALID_INPUT;
      return null;
    }
    return load;
  }

  /** Who is asking, for the history. */
  static String origin() {
    return "crm shell (user " + System.getProperty("user.name", "?") + ")";
  }
}
