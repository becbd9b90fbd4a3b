package org.paceline.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.paceline.cib.CibValidator;
import org.paceline.cib.Problem;
import org.paceline.cib.SourceLocations;
import picocli.CommandLine;

/**
 * {@code crm} on a terminal (or {@code crm -i}): crmsh's interactive shell on JLine 3. Levels
 * (configure, resource, node, cluster, ...) entered by name and left with {@code up}/{@code end};
 * history in {@code ~/.crm_history}; tab completion ({@link ShellCompleter}); unique prefixes of
 * commands are accepted, an ambiguous one is an error listing the candidates. At the configure
 * level, edits accumulate in one {@link ConfigureSession}: each shows its dry run, {@code commit}
 * applies them all (compare-and-set on the epoch read when the level was entered).
 */
final class InteractiveShell {
  /** Commands every level knows. */
  static final List<String> GLOBAL = List.of("up", "end", "cd", "quit", "exit", "bye", "help");

  /** Configure-level commands besides the crmsh edits. */
  static final List<String> CONFIGURE_EXTRA =
      List.of(
          "show", "verify", "load", "save", "commit", "refresh", "changes", "erase", "rename",
          "edit", "filter");

  private final Terminal terminal;
  private final TargetOptions options;
  private final PrintWriter out;
  private final Path historyFile;
  private String level = "";
  private ConfigureSession session;
  private final ShellCompleter completer;

  InteractiveShell(Terminal terminal, TargetOptions options, Path historyFile) {
    this.terminal = terminal;
    this.options = options;
    this.out = terminal.writer();
    this.historyFile = historyFile;
    this.completer = new ShellCompleter(this, options);
  }

  String level() {
    return level;
  }

  ShellCompleter completer() {
    return completer;
  }

  /** The configure session, opened on first use; null after printing why it cannot be. */
  ConfigureSession session() {
    if (session == null) {
      int[] code = {0};
      session = ConfigureEditCommands.open(options, out, code);
    }
    return session;
  }

  /** Runs the read-eval loop until quit or end of input; the exit code of the last command. */
  int run() {
    // The shell splits words itself (ShellWords): JLine keeps backslashes and quotes as typed,
    // so that a trailing backslash can continue a statement.
    org.jline.reader.impl.DefaultParser parser = new org.jline.reader.impl.DefaultParser();
    parser.setEscapeChars(new char[0]);
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("crm")
            .parser(parser)
            .completer(completer)
            .variable(LineReader.HISTORY_FILE, historyFile)
            .build();
    int rc = ExitCodes.OK;
    while (true) {
      String line;
      try {
        line = reader.readLine(prompt());
        // A trailing backslash continues the statement on the next line, as in crmsh.
        while (continues(line)) {
          String next = reader.readLine("> ");
          line = line.substring(0, line.stripTrailing().length() - 1) + " " + next;
        }
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        break;
      }
      Integer r = execute(line);
      if (r == null) {
        break;
      }
      rc = r;
      out.flush();
    }
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      out.println("warning: history not saved to " + historyFile + ": " + e.getMessage());
    }
    if (session != null && session.hasChanges()) {
      out.println("warning: " + session.changes().size() + " uncommitted change(s) dropped");
    }
    out.flush();
    return rc;
  }

  /** Whether a line ends with a backslash that continues it (an escaped one, "\\\\", does not). */
  static boolean continues(String line) {
    String t = line.stripTrailing();
    int n = 0;
    for (int i = t.length() - 1; i >= 0 && t.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  String prompt() {
    return "crm" + (level.isEmpty() ? "" : "(" + level + ")") + "# ";
  }

  /** Executes one line; null means quit. */
  Integer execute(String line) {
    List<String> words;
    try {
      words = ShellWords.split(line);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (words.isEmpty()) {
      return ExitCodes.OK;
    }
    return execute(level, words);
  }

  private Integer execute(String at, List<String> words) {
    List<String> candidates = commands(at);
    String first;
    try {
      first = resolve(words.get(0), candidates);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    List<String> rest = words.subList(1, words.size());
    switch (first) {
      case "quit", "exit", "bye":
        return null;
      case "up", "cd":
        if (first.equals("cd") && !rest.isEmpty()) {
          return execute("", rest);
        }
        level = "";
        return ExitCodes.OK;
      case "end":
        level = "";
        return ExitCodes.OK;
      case "help":
        out.println("commands here: " + String.join(" ", candidates));
        return ExitCodes.OK;
      default:
        break;
    }
    if (at.isEmpty() && levels().contains(first)) {
      if (rest.isEmpty()) {
        level = first;
        return ExitCodes.OK;
      }
      return execute(first, rest);
    }
    List<String> resolved = new ArrayList<>(words);
    resolved.set(0, first);
    if (at.equals("configure")) {
      return configure(resolved);
    }
    return picocli(at, resolved);
  }

  private int configure(List<String> words) {
    ConfigureSession s = session();
    if (s == null) {
      return ExitCodes.UNAVAILABLE;
    }
    String cmd = words.get(0);
    List<String> args = words.subList(1, words.size());
    switch (cmd) {
      case "commit":
        return s.commit(out, out);
      case "refresh":
        try {
          s.refresh();
          return ExitCodes.OK;
        } catch (ConfigTarget.TargetException e) {
          out.println("error: " + e.getMessage());
          return e.exitCode;
        }
      case "changes":
        s.changes().forEach(out::println);
        return ExitCodes.OK;
      case "show":
        return ConfigureEditCommands.show(s, args, out, out);
      case "verify":
        {
          List<Problem> problems = CibValidator.validate(s.pending());
          problems.forEach(p -> out.println(p.format(SourceLocations.none())));
          out.println(CibValidator.hasErrors(problems) ? "not valid" : "valid");
          return CibValidator.hasErrors(problems) ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
        }
      case "save":
        if (args.size() != 1) {
          out.println("error: usage: save FILE");
          return ExitCodes.USAGE;
        }
        return ConfigureEditCommands.save(s.pendingCib(), Path.of(args.get(0)), out, out);
      case "load":
        {
          List<String> a = ConfigureSession.loadArgs(args, out);
          if (a == null) {
            return ExitCodes.USAGE;
          }
          if (!s.load(a.get(0), Path.of(a.get(1)), out)) {
            return ExitCodes.INVALID_INPUT;
          }
          break;
        }
      case "erase":
        if (!s.erase(args, out)) {
          return ExitCodes.INVALID_INPUT;
        }
        break;
      case "rename":
        if (!s.rename(args, out)) {
          return ExitCodes.INVALID_INPUT;
        }
        break;
      case "filter":
        if (!ConfigureObjectCommands.filter(s, args, out)) {
          return ExitCodes.INVALID_INPUT;
        }
        if (!s.hasChanges()) {
          return ExitCodes.OK;
        }
        break;
      case "edit":
        if (!ConfigureObjectCommands.editInto(s, args, out, out)) {
          return ExitCodes.INVALID_INPUT;
        }
        if (!s.hasChanges()) {
          return ExitCodes.OK;
        }
        break;
      default:
        if (!s.apply(words, out)) {
          return ExitCodes.INVALID_INPUT;
        }
        break;
    }
    s.printDryRun(out);
    out.println("not committed yet: 'commit' applies " + s.changes().size() + " change(s)");
    return ExitCodes.OK;
  }

  /** Other levels run the same picocli commands as the command line, with the shell's target. */
  private int picocli(String at, List<String> words) {
    CommandLine root = CrmCommand.commandLine();
    List<String> args = new ArrayList<>();
    if (!at.isEmpty()) {
      args.add(at);
    }
    args.addAll(words);
    CommandLine sub = root;
    for (String w : args) {
      CommandLine next = sub.getSubcommands().get(w);
      if (next == null) {
        break;
      }
      sub = next;
    }
    if (sub != root) {
      if (options.file != null && sub.getCommandSpec().findOption("-x") != null) {
        args.add("-x");
        args.add(options.file.toString());
      } else if (sub.getCommandSpec().findOption("--config") != null) {
        args.add("--config");
        args.add(options.node.config.toString());
      }
    }
    root.setOut(out);
    root.setErr(out);
    return root.execute(args.toArray(new String[0]));
  }

  /** The level names (the root's subcommands). */
  static List<String> levels() {
    return new ArrayList<>(CrmCommand.commandLine().getSubcommands().keySet());
  }

  /** The commands known at a level. */
  static List<String> commands(String at) {
    TreeSet<String> c = new TreeSet<>(GLOBAL);
    if (at.isEmpty()) {
      c.addAll(levels());
    } else if (at.equals("configure")) {
      c.addAll(CrmshConfigure.EDIT_COMMANDS);
      c.addAll(CONFIGURE_EXTRA);
    } else {
      c.addAll(CrmCommand.commandLine().getSubcommands().get(at).getSubcommands().keySet());
    }
    return new ArrayList<>(c);
  }

  /**
   * An exact command, or the only one {@code word} is a prefix of.
   *
   * @throws IllegalArgumentException for an unknown word, or an ambiguous prefix with the
   *     candidates
   */
  static String resolve(String word, List<String> commands) {
    if (commands.contains(word)) {
      return word;
    }
    List<String> matches = commands.stream().filter(c -> c.startsWith(word)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown command '" + word + "' (here: " + String.join(" ", commands) + ")");
    }
    throw new IllegalArgumentException(
        "ambiguous command '" + word + "': could be " + String.join(", ", matches));
  }
}
