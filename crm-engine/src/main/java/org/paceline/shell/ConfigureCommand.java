package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.cib.CibDocument;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibValidator;
import org.paceline.cib.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crm configure ...}: the configuration level, as in crmsh. */
@Command(
    name = "configure",
    description = "Configuration commands.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ConfigureCommand.Verify.class,
      ConfigureEditCommands.PrimitiveCmd.class,
      ConfigureEditCommands.GroupCmd.class,
      ConfigureEditCommands.CloneCmd.class,
      ConfigureEditCommands.PromotableCmd.class,
      ConfigureEditCommands.MsCmd.class,
      ConfigureEditCommands.LocationCmd.class,
      ConfigureEditCommands.ColocationCmd.class,
      ConfigureEditCommands.OrderCmd.class,
      ConfigureEditCommands.PropertyCmd.class,
      ConfigureEditCommands.RscDefaultsCmd.class,
      ConfigureEditCommands.OpDefaultsCmd.class,
      ConfigureEditCommands.FencingTopologyCmd.class,
      ConfigureEditCommands.DeleteCmd.class,
      ConfigureEditCommands.NodeCmd.class,
      ConfigureEditCommands.RscTicketCmd.class,
      ConfigureEditCommands.TagCmd.class,
      ConfigureEditCommands.RscTemplateCmd.class,
      ConfigureEditCommands.AlertCmd.class,
      ConfigureEditCommands.RoleCmd.class,
      ConfigureEditCommands.AclTargetCmd.class,
      ConfigureEditCommands.AclGroupCmd.class,
      ConfigureObjectCommands.EraseCmd.class,
      ConfigureObjectCommands.RenameCmd.class,
      ConfigureObjectCommands.EditCmd.class,
      ConfigureObjectCommands.FilterCmd.class,
      ConfigureEditCommands.Show.class,
      ConfigureEditCommands.Load.class,
      ConfigureEditCommands.Save.class
    })
public final class ConfigureCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code crm configure verify [--xml-file FILE]}: exit 0 when valid, 65 with the errors if not;
   * without a file, the live cluster's configuration.
   */
  @Command(
      name = "verify",
      description =
          "Check a CIB (XML or YAML; without -x the live cluster's configuration) for errors:"
              + " syntax, ids, references, values, order cycles."
              + " Exits 0 when valid (warnings are printed), 65 when not.",
      mixinStandardHelpOptions = true)
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin ClusterCommand.ConfigOption node;

    @Option(
        names = {"-x", "--xml-file", "--file"},
        paramLabel = "FILE",
        description = "The CIB to check.")
    Path file;

    @Option(
        names = {"-q", "--quiet"},
        description = "Print errors only, no warnings or summary.")
    boolean quiet;

    @Option(
        names = "--ocf-root",
        defaultValue = "/usr/lib/ocf",
        paramLabel = "DIR",
        description = "OCF root, for agents' meta-data (default: ${DEFAULT-VALUE}).")
    Path ocfRoot = Path.of("/usr/lib/ocf");

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      CibDocument doc;
      if (file == null) {
        org.paceline.membership.NodeConfig c = node.load(err);
        if (c == null) {
          return ExitCodes.INVALID_INPUT;
        }
        try {
          org.paceline.cib.Cib live = new ConfigTarget.Live(c).read();
          doc = new CibDocument(live, org.paceline.cib.SourceLocations.none());
        } catch (ConfigTarget.TargetException e) {
          err.println("error: " + e.getMessage());
          return e.exitCode;
        }
        return report(doc, "the cluster configuration", err);
      }
      try {
        doc = CibFiles.read(file);
      } catch (CibFormatException e) {
        e.problems().forEach(p -> err.println("error: " + p));
        return Files.isRegularFile(file) ? ExitCodes.INVALID_INPUT : ExitCodes.NO_INPUT;
      }
      return report(doc, file.toString(), err);
    }

    /**
     * A clone of an agent that advertises a notify action, without {@code notify=true}: such agents
     * (PAF's pgsqlms, heartbeat's pgsql, drbd) rely on notifications and misbehave without them.
     */
    static List<Problem> notifyWarnings(org.paceline.cib.Cib cib, AgentParameters agents) {
      List<Problem> out = new java.util.ArrayList<>();
      for (org.paceline.cib.Resource r : cib.configuration().resources()) {
        if (!(r instanceof org.paceline.cib.Clone c) || c.child() == null) {
          continue;
        }
        boolean notify =
            c.meta("notify")
                .or(
                    () ->
                        org.paceline.cib.NvSet.lookup(cib.configuration().rscDefaults(), "notify"))
                .filter(org.paceline.cib.CibBooleans::valid)
                .map(org.paceline.cib.CibBooleans::parse)
                .orElse(false);
        if (notify) {
          continue;
        }
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(c.child()), c.child().children().stream())
            .filter(x -> x instanceof org.paceline.cib.Primitive)
            .map(x -> (org.paceline.cib.Primitive) x)
            .filter(p -> agents.actions(p.agent()).map(a -> a.contains("notify")).orElse(false))
            .findFirst()
            .ifPresent(
                p ->
                    out.add(
                        Problem.warning(
                            "clone",
                            c.id(),
                            "agent "
                                + p.agent()
                                + " of "
                                + p.id()
                                + " handles notifications (its meta-data lists a notify action),"
                                + " but the clone does not set notify=true, so it gets none")));
      }
      return out;
    }

    private int report(CibDocument doc, String file, PrintWriter err) {
      if (!quiet) {
        doc.readWarnings().forEach(err::println);
      }
      List<Problem> problems = new java.util.ArrayList<>(CibValidator.validate(doc.cib()));
      problems.addAll(notifyWarnings(doc.cib(), AgentParameters.ocf(ocfRoot)));
      long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
      for (Problem p : problems) {
        if (!quiet || p.severity() == Problem.Severity.ERROR) {
          err.println(p.format(doc.locations()));
        }
      }
      if (errors > 0) {
        err.println(file + ": " + errors + " error(s): the configuration is not valid");
        return ExitCodes.INVALID_INPUT;
      }
      if (!quiet) {
        spec.commandLine()
            .getOut()
            .println(
                file
                    + ": valid ("
                    + doc.cib().configuration().nodes().size()
                    + " nodes, "
                    + doc.cib().configuration().allResources().count()
                    + " resources, "
                    + doc.cib().configuration().constraints().size()
                    + " constraints, "
                    + (problems.size() + doc.readWarnings().size())
                    + " warning(s))");
      }
      return ExitCodes.OK;
    }
  }
}
