package org.paceline.shell;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.paceline.agents.ActionSpec;
import org.paceline.agents.AgentId;
import org.paceline.agents.AgentMetadata;
import org.paceline.agents.AgentMetadataException;
import org.paceline.agents.OcfAgentDirectory;
import org.paceline.agents.OcfRunnerLimits;
import org.paceline.agents.ParameterSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crm ra}: lists installed resource agents and shows one agent's meta-data. */
@Command(
    name = "ra",
    description = "Resource agents installed on this node.",
    mixinStandardHelpOptions = true,
    subcommands = {RaCommand.ListCommand.class, RaCommand.InfoCommand.class})
public final class RaCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static org.paceline.agents.AgentCatalog catalog(Path ocfRoot) {
    return new org.paceline.agents.AgentCatalog(
        new OcfAgentDirectory(ocfRoot, OcfRunnerLimits.DEFAULTS), OcfRunnerLimits.DEFAULTS);
  }

  /** {@code crm ra list [PROVIDER]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List OCF agents (optionally of one provider).")
  static final class ListCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--ocf-root", defaultValue = "/usr/lib/ocf", description = "OCF root.")
    Path ocfRoot;

    @Parameters(arity = "0..1", paramLabel = "PROVIDER")
    String provider;

    @Override
    public Integer call() throws Exception {
      for (AgentId id : catalog(ocfRoot).list()) {
        if (provider == null || provider.equals(id.provider())) {
          spec.commandLine().getOut().println(id);
        }
      }
      return ExitCodes.OK;
    }
  }

  /** {@code crm ra info ocf:PROVIDER:TYPE}. */
  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Show an agent's parameters and actions.")
  static final class InfoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--ocf-root", defaultValue = "/usr/lib/ocf", description = "OCF root.")
    Path ocfRoot;

    @Parameters(index = "0", paramLabel = "AGENT", description = "e.g. ocf:heartbeat:IPaddr2")
    String agent;

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
      AgentMetadata md;
      try {
        md = catalog(ocfRoot).agent(id).metadata();
      } catch (AgentMetadataException e) {
        err.println("error: " + e.getMessage());
        return ExitCodes.UNAVAILABLE;
      }
      out.println(id + " - " + md.shortDescription());
      out.println();
      out.println(md.longDescription());
      out.println();
      out.println("Parameters (* required, [default]):");
      for (ParameterSpec p : md.parameters()) {
        out.printf(
            "  %s%s (%s%s): %s%n",
            p.name(),
            p.required() ? "*" : "",
            p.type(),
            p.defaultValue().map(d -> ", [" + d + "]").orElse(""),
            p.shortDescription());
      }
      out.println();
      out.println("Operations' defaults (advisory minimum):");
      for (ActionSpec a : md.actions()) {
        out.printf(
            "  %-13s%s%s%s%n",
            a.name(),
            a.timeoutMs().map(t -> " timeout=" + t / 1000 + "s").orElse(""),
            a.intervalMs().map(i -> " interval=" + i / 1000 + "s").orElse(""),
            a.role().map(r -> " role=" + r).orElse(""));
      }
      return ExitCodes.OK;
    }
  }
}
