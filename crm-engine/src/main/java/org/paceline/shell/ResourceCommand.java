package org.paceline.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.paceline.agents.ActionRequest;
import org.paceline.agents.ActionResult;
import org.paceline.agents.AgentId;
import org.paceline.agents.AgentMetadata;
import org.paceline.agents.AgentMetadataException;
import org.paceline.agents.OcfAction;
import org.paceline.agents.OcfScriptAgent;
import org.paceline.agents.ParameterProblem;
import org.paceline.agents.ParameterValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crm resource}: operator commands on resources of this node. */
@Command(
    name = "resource",
    description = "Resource operations.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ExplainCommand.class,
      ResourceCommand.RunActionCommand.class,
      LiveCommands.Cleanup.class,
      ResourceLiveCommands.Status.class,
      ResourceLiveCommands.Locate.class,
      ResourceLiveCommands.Start.class,
      ResourceLiveCommands.Stop.class,
      ResourceLiveCommands.Restart.class,
      ResourceLiveCommands.Promote.class,
      ResourceLiveCommands.Demote.class,
      ResourceLiveCommands.Manage.class,
      ResourceLiveCommands.Unmanage.class,
      ResourceLiveCommands.Move.class,
      ResourceLiveCommands.Ban.class,
      ResourceLiveCommands.Clear.class
    })
public final class ResourceCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code crm resource run-action AGENT [key=value...] ACTION}: runs one agent action here,
   * outside the cluster (like {@code crm_resource --force-*}), and exits with the agent's OCF code.
   */
  @Command(
      name = "run-action",
      mixinStandardHelpOptions = true,
      description =
          "Run one agent action on this node, outside cluster control; exits with the OCF rc.")
  static final class RunActionCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--ocf-root", defaultValue = "/usr/lib/ocf", description = "OCF root.")
    Path ocfRoot;

    @Option(names = "--resource", defaultValue = "crm-run-action", description = "Instance name.")
    String resourceId;

    @Option(names = "--timeout", defaultValue = "20000", description = "Timeout in ms.")
    long timeoutMs;

    @Option(names = "--interval", defaultValue = "0", description = "Interval meta in ms.")
    long intervalMs;

    @Option(names = "--force", description = "Run even if parameters do not match the meta-data.")
    boolean force;

    @Parameters(index = "0", paramLabel = "AGENT", description = "e.g. ocf:heartbeat:Dummy")
    String agent;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "key=value... ACTION")
    List<String> rest;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      AgentId id;
      try {
        id = AgentId.parse(agent);
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      String actionName = rest.get(rest.size() - 1);
      OcfAction action = OcfAction.parse(actionName).orElse(null);
      if (action == null) {
        err.println("error: '" + actionName + "' is not an OCF action (the action comes last)");
        return ExitCodes.USAGE;
      }
      TreeMap<String, String> params = new TreeMap<>();
      for (String kv : rest.subList(0, rest.size() - 1)) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          err.println("error: expected key=value, got '" + kv + "'");
          return ExitCodes.USAGE;
        }
        params.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      var catalog = RaCommand.catalog(ocfRoot);
      org.paceline.agents.ResourceAgent ra = catalog.agent(id);
      if (action != OcfAction.META_DATA && !force) {
        try {
          AgentMetadata md = ra.metadata();
          List<ParameterProblem> problems = ParameterValidator.validate(resourceId, id, md, params);
          if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("error: " + p.message()));
            err.println("(use --force to run anyway)");
            return 2; // OCF_ERR_ARGS: the same answer the agent would give.
          }
        } catch (AgentMetadataException e) {
          if (ra instanceof OcfScriptAgent script
              && !java.nio.file.Files.isRegularFile(script.script())) {
            // Same code the executor reports for a missing agent, so scripts can test for it.
            err.println(
                "error: agent "
                    + id
                    + " is not installed ("
                    + script.script()
                    + " does not exist)");
            return org.paceline.agents.OcfExitCode.NOT_INSTALLED.code();
          }
          err.println("error: " + e.getMessage());
          return ExitCodes.UNAVAILABLE;
        }
      }
      ActionResult r =
          ra.execute(
              new ActionRequest(
                  resourceId,
                  action,
                  params,
                  intervalMs,
                  timeoutMs,
                  new TreeMap<>(),
                  java.util.Optional.empty()));
      if (!r.stdout().isEmpty()) {
        out.print(r.stdout());
      }
      if (!r.stderr().isEmpty()) {
        err.print(r.stderr());
      }
      out.println(id + " " + r.summary());
      return r.rc().code();
    }
  }
}
