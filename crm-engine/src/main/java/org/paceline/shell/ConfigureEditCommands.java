package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibXmlWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crm configure} commands in crmsh syntax. Each edit is a read-modify-write: read the
 * configuration, apply the command, validate, print the transition it would cause; with {@code
 * --yes} commit it (compare-and-set on the epoch read), otherwise change nothing.
 */
final class ConfigureEditCommands {
  private ConfigureEditCommands() {}

  /** The names of the edit subcommands, so the root can let their words start with '-'. */
  static final List<String> NAMES =
      List.of(
          "primitive",
          "group",
          "clone",
          "promotable",
          "ms",
          "location",
          "colocation",
          "order",
          "property",
          "rsc_defaults",
          "op_defaults",
          "fencing_topology",
          "delete",
          "node",
          "rsc_ticket",
          "tag",
          "rsc_template",
          "alert",
          "role",
          "acl_target",
          "acl_group");

  /** Runs a session's dry run and, with {@code yes}, its commit. */
  static int finish(ConfigureSession s, boolean yes, PrintWriter out, PrintWriter err) {
    return finish(s, yes, "not committed: pass --yes", out, err);
  }

  /**
   * As {@link #finish(ConfigureSession, boolean, PrintWriter, PrintWriter)}, saying {@code why}.
   */
  static int finish(
      ConfigureSession s, boolean yes, String notCommitted, PrintWriter out, PrintWriter err) {
    s.printDryRun(out);
    if (!yes) {
      out.println(notCommitted);
      return ExitCodes.OK;
    }
    return s.commit(out, err);
  }

  /** Opens a session, or prints why not and returns null (the code in {@code code[0]}). */
  static ConfigureSession open(TargetOptions t, PrintWriter err, int[] code) {
    ConfigTarget target = t.target(err);
    if (target == null) {
      code[0] = ExitCodes.INVALID_INPUT;
      return null;
    }
    try {
      return ConfigureSession.open(target, t.agents());
    } catch (ConfigTarget.TargetException e) {
      err.println("error: " + e.getMessage());
      code[0] = e.exitCode;
      return null;
    }
  }

  /**
   * One crmsh edit command: the subclasses name it, and those that do more than apply their words
   * as a crmsh statement (erase, rename, edit, filter) say what in {@link #change}.
   */
  abstract static class Edit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    @Option(
        names = "--yes",
        description = "Commit the change (default: only show what it would do).")
    boolean yes;

    @Parameters(paramLabel = "WORDS", arity = "0..*", description = "The crmsh command's words.")
    List<String> words = new ArrayList<>();

    /** Makes the change in {@code s}; false after printing why not (nothing changed). */
    boolean change(ConfigureSession s, PrintWriter out, PrintWriter err) {
      List<String> all = new ArrayList<>();
      all.add(spec.name());
      all.addAll(words);
      return s.apply(all, err);
    }

    /** What the dry run ends with. */
    String notCommitted() {
      return "not committed: pass --yes";
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int[] code = {ExitCodes.OK};
      ConfigureSession s = open(target, err, code);
      if (s == null) {
        return code[0];
      }
      if (!change(s, out, err)) {
        return ExitCodes.INVALID_INPUT;
      }
      if (!s.hasChanges()) {
        return ExitCodes.OK; // e.g. an edit saved unchanged
      }
      return finish(s, yes, notCommitted(), out, err);
    }
  }

  @Command(
      name = "primitive",
      description =
          "primitive ID CLASS:PROVIDER:TYPE [params k=v...] [meta k=v...] [op NAME k=v...]",
      mixinStandardHelpOptions = true)
  static final class PrimitiveCmd extends Edit {}

  @Command(
      name = "group",
      description = "group ID RSC... [meta k=v...]",
      mixinStandardHelpOptions = true)
  static final class GroupCmd extends Edit {}

  @Command(
      name = "clone",
      description = "clone ID RSC [meta k=v...]",
      mixinStandardHelpOptions = true)
  static final class CloneCmd extends Edit {}

  @Command(
      name = "promotable",
      description = "promotable ID RSC [meta k=v...]: a clone with promotable=true",
      mixinStandardHelpOptions = true)
  static final class PromotableCmd extends Edit {}

  @Command(
      name = "ms",
      description = "crmsh 4's name for promotable",
      mixinStandardHelpOptions = true)
  static final class MsCmd extends Edit {}

  @Command(
      name = "location",
      description =
          "location ID RSC [role=R] SCORE: NODE | location ID RSC rule [role=R] SCORE: EXPR",
      mixinStandardHelpOptions = true)
  static final class LocationCmd extends Edit {}

  @Command(
      name = "colocation",
      aliases = "collocation",
      description = "colocation ID SCORE: RSC[:ROLE] WITH-RSC[:ROLE]",
      mixinStandardHelpOptions = true)
  static final class ColocationCmd extends Edit {}

  @Command(
      name = "order",
      description =
          "order ID KIND: FIRST[:ACTION] THEN[:ACTION] (KIND Mandatory|Optional|Serialize)",
      mixinStandardHelpOptions = true)
  static final class OrderCmd extends Edit {}

  @Command(
      name = "property",
      description = "property NAME=VALUE...",
      mixinStandardHelpOptions = true)
  static final class PropertyCmd extends Edit {}

  @Command(
      name = "rsc_defaults",
      description = "rsc_defaults k=v...",
      mixinStandardHelpOptions = true)
  static final class RscDefaultsCmd extends Edit {}

  @Command(
      name = "op_defaults",
      description = "op_defaults k=v...",
      mixinStandardHelpOptions = true)
  static final class OpDefaultsCmd extends Edit {}

  @Command(
      name = "fencing_topology",
      description = "fencing_topology NODE: DEV[,DEV] [DEV...] [NODE: ...] (replaces the topology)",
      mixinStandardHelpOptions = true)
  static final class FencingTopologyCmd extends Edit {}

  @Command(
      name = "delete",
      description =
          "delete ID...: resources (and constraints naming them), constraints, tags or nodes",
      mixinStandardHelpOptions = true)
  static final class DeleteCmd extends Edit {}

  @Command(
      name = "node",
      description =
          "node [$id=ID] NAME[:TYPE] [description=TEXT] [attributes k=v...] [utilization k=v...]",
      mixinStandardHelpOptions = true)
  static final class NodeCmd extends Edit {}

  @Command(
      name = "rsc_ticket",
      description = "rsc_ticket ID TICKET: RSC[:ROLE]... [loss-policy=stop|demote|fence|freeze]",
      mixinStandardHelpOptions = true)
  static final class RscTicketCmd extends Edit {}

  @Command(
      name = "tag",
      description = "tag ID: RSC...: a name for resources, usable in constraints",
      mixinStandardHelpOptions = true)
  static final class TagCmd extends Edit {}

  @Command(
      name = "rsc_template",
      description =
          "rsc_template ID AGENT [params k=v...] [meta k=v...] [op NAME k=v...]: a resource"
              + " template; primitive ID @TEMPLATE [params ...] makes a resource of it",
      mixinStandardHelpOptions = true)
  static final class RscTemplateCmd extends Edit {}

  @Command(
      name = "alert",
      description =
          "alert ID PATH [attributes k=v...] [meta k=v...] [select nodes|fencing|resources|"
              + "attributes [{ NAME... }]] [to [{] RECIPIENT [attributes ...] [meta ...] [}]]...",
      mixinStandardHelpOptions = true)
  static final class AlertCmd extends Edit {}

  @Command(
      name = "role",
      description =
          "role ID read|write|deny xpath:XPATH|ref:ID|tag:TYPE|SHORTCUT [attribute:NAME] ...:"
              + " an access control role (shortcuts: meta:RSC[:ATTR], params:RSC[:ATTR],"
              + " utilization:RSC, location:RSC, property[:ATTR], node[:NODE], nodeattr[:ATTR],"
              + " nodeutil[:NODE], status, cib)",
      mixinStandardHelpOptions = true)
  static final class RoleCmd extends Edit {}

  @Command(
      name = "acl_target",
      description = "acl_target ID [ROLE...]: the roles of a user",
      mixinStandardHelpOptions = true)
  static final class AclTargetCmd extends Edit {}

  @Command(
      name = "acl_group",
      description = "acl_group ID [ROLE...]: the roles of a group of users",
      mixinStandardHelpOptions = true)
  static final class AclGroupCmd extends Edit {}

  /** {@code crm configure show [xml] [ID...]}. */
  @Command(
      name = "show",
      description = "Show the configuration in crmsh's format, or as CIB XML with 'show xml'.",
      mixinStandardHelpOptions = true)
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    @Parameters(
        paramLabel = "[xml] [ID...]",
        arity = "0..*",
        description = "xml: the CIB XML; ids: only those objects, in crmsh's format.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int[] code = {ExitCodes.OK};
      ConfigureSession s = open(target, err, code);
      if (s == null) {
        return code[0];
      }
      return show(s, args, out, err);
    }
  }

  /** {@code show}, {@code show xml} or {@code show ID...}: prints it, or why not. */
  static int show(ConfigureSession s, List<String> args, PrintWriter out, PrintWriter err) {
    if (args.equals(List.of("xml"))) {
      out.print(CibXmlWriter.write(s.pendingCib().withStatus(List.of())));
    } else if (args.contains("xml")) {
      err.println("error: show xml takes no ids (show ID... prints crmsh text)");
      return ExitCodes.USAGE;
    } else {
      try {
        out.print(s.show(args));
      } catch (ConfigureSession.EditFailure e) {
        err.println("error: show: " + e.getMessage());
        return ExitCodes.INVALID_INPUT;
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** {@code crm configure load update|replace FILE}. */
  @Command(
      name = "load",
      description =
          "Load FILE (crmsh text as 'configure show' prints it, CIB XML or YAML): 'update'"
              + " replaces the objects FILE defines, by id, and keeps the rest; 'replace' builds"
              + " the configuration from FILE (crmsh text keeps the nodes, as crmsh; a CIB file"
              + " brings its own, as cibadmin --replace); 'push' makes the configuration exactly"
              + " FILE's, nodes included; all or nothing, validated and shown first,"
              + " committed with --yes.",
      mixinStandardHelpOptions = true)
  static final class Load implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    @Option(names = "--yes", description = "Commit (default: only show what it would do).")
    boolean yes;

    @Parameters(
        arity = "2..3",
        paramLabel = "[xml] update|replace|push FILE",
        description =
            "How, then the file (- for standard input); crmsh's 'xml' before the method says the"
                + " file is XML (recognised by its content anyway).")
    List<String> args;

    String method;

    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<String> a = ConfigureSession.loadArgs(args, err);
      if (a == null) {
        return ExitCodes.USAGE;
      }
      method = a.get(0);
      file = Path.of(a.get(1));
      int[] code = {ExitCodes.OK};
      ConfigureSession s = open(target, err, code);
      if (s == null) {
        return code[0];
      }
      Path from = file;
      if (file.toString().equals("-")) {
        // Standard input, kept under a name that says so for the messages (stdin.crm:3: ...).
        try {
          String text =
              new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          String suffix =
              text.stripLeading().startsWith("<")
                  ? ".xml"
                  : CrmshText.looksLikeCrmsh(text) ? ".crm" : ".yaml";
          Path dir = java.nio.file.Files.createTempDirectory("crm-load");
          from = dir.resolve("stdin" + suffix);
          java.nio.file.Files.writeString(from, text);
          from.toFile().deleteOnExit();
          dir.toFile().deleteOnExit();
        } catch (java.io.IOException e) {
          err.println("error: cannot read standard input: " + e.getMessage() + "; nothing changed");
          return ExitCodes.INVALID_INPUT;
        }
      }
      if (!s.load(method, from, err)) {
        return ConfigureSession.LOAD_METHODS.contains(method)
            ? ExitCodes.INVALID_INPUT
            : ExitCodes.USAGE;
      }
      return finish(s, yes, out, err);
    }
  }

  /** {@code crm configure save FILE}: the configuration as CIB XML (YAML for .yaml). */
  @Command(
      name = "save",
      description = "Save the configuration to FILE (CIB XML; YAML when FILE ends in .yaml).",
      mixinStandardHelpOptions = true)
  static final class Save implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      int[] code = {ExitCodes.OK};
      ConfigureSession s = open(target, err, code);
      if (s == null) {
        return code[0];
      }
      return save(s.pendingCib(), file, spec.commandLine().getOut(), err);
    }
  }

  static int save(Cib cib, Path file, PrintWriter out, PrintWriter err) {
    try {
      CibFiles.writeAtomically(
          file, CibFiles.write(cib.withStatus(List.of()), ConfigTarget.FileTarget.formatOf(file)));
    } catch (java.io.IOException e) {
      err.println("error: cannot write " + file + ": " + e.getMessage());
      return ExitCodes.CANT_CREATE;
    }
    out.println("saved " + file);
    return ExitCodes.OK;
  }
}
