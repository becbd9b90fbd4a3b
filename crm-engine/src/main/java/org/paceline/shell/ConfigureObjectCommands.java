package org.paceline.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;

/**
 * crmsh's configure commands that work on whole objects rather than define one: {@code erase},
 * {@code rename}, {@code edit} and {@code filter}. Each is an edit like the others: shown and
 * validated first, committed with {@code --yes}.
 */
final class ConfigureObjectCommands {
  private ConfigureObjectCommands() {}

  @Command(
      name = "erase",
      description =
          "erase [nodes]: remove every object but the nodes (properties and defaults too), or"
              + " with 'nodes' the nodes alone",
      mixinStandardHelpOptions = true)
  static final class EraseCmd extends ConfigureEditCommands.Edit {
    @Override
    boolean change(ConfigureSession s, PrintWriter out, PrintWriter err) {
      return s.erase(words, err);
    }
  }

  @Command(
      name = "rename",
      description =
          "rename OLD-ID NEW-ID: an object's id and every reference to it (constraints, sets,"
              + " tags, templates, fencing levels, ACLs); a running resource restarts under its"
              + " new id, as the dry run shows",
      mixinStandardHelpOptions = true)
  static final class RenameCmd extends ConfigureEditCommands.Edit {
    @Override
    boolean change(ConfigureSession s, PrintWriter out, PrintWriter err) {
      return s.rename(words, err);
    }
  }

  @Command(
      name = "filter",
      description =
          "filter PROGRAM [ID...]: the configuration (or those objects) as crmsh text, one"
              + " statement per line, through PROGRAM (e.g. \"sed s/stopped/started/\"; split as a"
              + " shell would, run without one); its output is loaded all or nothing, and objects it"
              + " drops are deleted",
      mixinStandardHelpOptions = true)
  static final class FilterCmd extends ConfigureEditCommands.Edit {
    @Override
    boolean change(ConfigureSession s, PrintWriter out, PrintWriter err) {
      return filter(s, words, err);
    }
  }

  /** crmsh's filter: {@code words} are the program, then the ids (none: everything). */
  static boolean filter(ConfigureSession s, List<String> words, PrintWriter err) {
    if (words.isEmpty() || words.get(0).isBlank()) {
      err.println("error: usage: filter PROGRAM [ID...]; nothing changed");
      return false;
    }
    List<String> ids = words.subList(1, words.size());
    String before;
    try {
      before = oneLinePerStatement(s.show(ids));
    } catch (ConfigureSession.EditFailure e) {
      err.println("error: filter: " + e.getMessage() + "; nothing changed");
      return false;
    }
    List<String> command = ShellWords.split(words.get(0));
    String after;
    try {
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      java.util.concurrent.CompletableFuture<byte[]> output =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      try (var in = p.getOutputStream()) {
        in.write(before.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException closed) {
        // The program stopped reading (or never read): its exit code says how it went.
      }
      int rc = p.waitFor();
      after = new String(output.join(), java.nio.charset.StandardCharsets.UTF_8);
      if (rc != 0) {
        err.println(
            "error: filter: " + command.get(0) + " exited with " + rc + "; nothing changed");
        return false;
      }
    } catch (IOException | java.util.concurrent.CompletionException e) {
      err.println("error: filter: cannot run " + command.get(0) + ": " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (after.equals(before)) {
      return true;
    }
    Path file;
    try {
      file = privateFile("crm-filter-", after);
    } catch (IOException e) {
      err.println("error: filter: " + e.getMessage() + "; nothing changed");
      return false;
    }
    try {
      return s.edited(ids, file, after, err);
    } finally {
      deleteQuietly(file);
    }
  }

  /** crmsh text with each statement on one line (continuations joined), as crmsh filters it. */
  static String oneLinePerStatement(String text) {
    return text.replaceAll(" ?\\\\\n[ \t]*", " ");
  }

  /** Where the editor command comes from; a seam for tests, the process environment otherwise. */
  static Function<String, String> environment = System::getenv;

  /** The editor to run: {@code $VISUAL}, else {@code $EDITOR}, else vi; split as a shell would. */
  static List<String> editor() {
    for (String name : List.of("VISUAL", "EDITOR")) {
      String v = environment.apply(name);
      if (v != null && !v.isBlank()) {
        return ShellWords.split(v);
      }
    }
    return List.of("vi");
  }

  @Command(
      name = "edit",
      description =
          "edit [ID...]: the configuration (or those objects) as crmsh text in $VISUAL or $EDITOR;"
              + " what is saved is loaded all or nothing, and objects removed from the text are"
              + " deleted",
      mixinStandardHelpOptions = true)
  static final class EditCmd extends ConfigureEditCommands.Edit {
    private Path kept;

    @Override
    boolean change(ConfigureSession s, PrintWriter out, PrintWriter err) {
      Edited e = edit(s, words, out, err);
      kept = e.file();
      return e.ok();
    }

    @Override
    String notCommitted() {
      return "not committed: pass --yes (your edit is kept in "
          + kept
          + "; 'crm configure load "
          + (words.isEmpty() ? "push" : "update")
          + " "
          + kept
          + " --yes' applies it)";
    }

    @Override
    public Integer call() {
      int rc = super.call();
      if (kept != null && yes && rc == ExitCodes.OK) {
        deleteQuietly(kept);
      }
      return rc;
    }
  }

  /**
   * The outcome of an edit: whether it was taken into the session, and the file holding the edited
   * text (null when there was nothing to keep).
   */
  record Edited(boolean ok, Path file) {}

  /**
   * Shows {@code ids} (or everything) in the editor and applies what is saved to {@code s}, all or
   * nothing. A text that does not load is kept in its file, named in the error.
   */
  static Edited edit(ConfigureSession s, List<String> ids, PrintWriter out, PrintWriter err) {
    String before;
    try {
      before = s.show(ids);
    } catch (ConfigureSession.EditFailure e) {
      err.println("error: edit: " + e.getMessage() + "; nothing changed");
      return new Edited(false, null);
    }
    String after;
    Path file;
    try {
      file = privateFile("crm-edit-", before);
      int rc = runEditor(file, err);
      if (rc != 0) {
        err.println("error: edit: the editor exited with " + rc + "; nothing changed");
        deleteQuietly(file);
        return new Edited(false, null);
      }
      after = Files.readString(file);
    } catch (IOException e) {
      err.println("error: edit: " + e.getMessage() + "; nothing changed");
      return new Edited(false, null);
    }
    if (after.equals(before)) {
      out.println("no changes");
      deleteQuietly(file);
      return new Edited(true, null);
    }
    if (!s.edited(ids, file, after, err)) {
      err.println("your edit is kept in " + file);
      return new Edited(false, file);
    }
    return new Edited(true, file);
  }

  /** The shell's edit: into its session, which holds the change until 'commit'. */
  static boolean editInto(ConfigureSession s, List<String> ids, PrintWriter out, PrintWriter err) {
    Edited e = edit(s, ids, out, err);
    if (e.ok() && e.file() != null) {
      deleteQuietly(e.file());
    }
    return e.ok();
  }

  /** Runs the editor on {@code file} on this terminal; its exit code. No shell in between. */
  static int runEditor(Path file, PrintWriter err) throws IOException {
    List<String> command = new ArrayList<>(editor());
    command.add(file.toString());
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (IOException e) {
      throw new IOException("cannot run the editor " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /** A new temporary .crm file only its owner can read (configurations hold secrets). */
  private static Path privateFile(String prefix, String text) throws IOException {
    Path file =
        Files.createTempFile(
            prefix,
            ".crm",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text);
    return file;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A temporary file left behind; nothing to report.
    }
  }
}
