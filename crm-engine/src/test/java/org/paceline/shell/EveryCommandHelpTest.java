package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} works for every command and subcommand of {@code crm} and {@code paceline}: exit 0
 * and a usage text that starts with the command's full name. The man pages (packaging, generated
 * from the same command model) list the same commands; the RPM smoke test runs the installed
 * launchers for the top levels.
 */
@Tag("unit")
class EveryCommandHelpTest {
  @Test
  void everyCrmCommandAnswersHelp() {
    List<String> broken = check(CrmCommand::commandLine);
    assertEquals(List.of(), broken, "commands whose --help fails");
  }

  @Test
  void everyPacelineCommandAnswersHelp() {
    List<String> broken = check(PacelineProgram::commandLine);
    assertEquals(List.of(), broken, "commands whose --help fails");
  }

  /** Runs "PATH --help" on a fresh command line for every command path; returns the failures. */
  private static List<String> check(Supplier<CommandLine> fresh) {
    List<List<String>> paths = new ArrayList<>();
    collect(fresh.get(), new ArrayList<>(), paths);
    assertTrue(paths.size() > 1, "no subcommands found: " + paths);
    List<String> broken = new ArrayList<>();
    for (List<String> path : paths) {
      CommandLine cl = fresh.get();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      List<String> args = new ArrayList<>(path.subList(1, path.size()));
      args.add("--help");
      int rc = cl.execute(args.toArray(String[]::new));
      String name = String.join(" ", path);
      if (rc != 0 || !out.toString().startsWith("Usage: " + name)) {
        broken.add(name + " (rc " + rc + "): " + err.toString().lines().findFirst().orElse(""));
      }
    }
    return broken;
  }

  private static void collect(CommandLine cl, List<String> prefix, List<List<String>> into) {
    List<String> path = new ArrayList<>(prefix);
    path.add(cl.getCommandName());
    into.add(path);
    // Aliases share the spec; visit each subcommand once, under its main name.
    cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, path, into));
  }
}
