package org.paceline.shell;

import java.util.concurrent.Callable;
import org.paceline.membership.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Commands that change the running cluster through the local daemon's admin socket. Each change is
 * a replicated edit, acknowledged only after a majority commit; without quorum it is refused and
 * nothing changes.
 */
final class LiveCommands {
  private LiveCommands() {}

  private static int call(CommandSpec spec, ClusterCommand.ConfigOption opt, String request) {
    NodeConfig c = opt.load(spec.commandLine().getErr());
    if (c == null) {
      return ExitCodes.INVALID_INPUT;
    }
    return ClusterCommand.callDaemon(
        c, request, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** {@code crm node standby NODE}: move every resource off the node and keep them off. */
  @Command(
      name = "standby",
      description = "Put a node in standby: its resources move away and none start there.",
      mixinStandardHelpOptions = true)
  static final class Standby implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterCommand.ConfigOption opt;

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Override
    public Integer call() {
      return LiveCommands.call(spec, opt, "node-attr " + node + " standby on");
    }
  }

  /** {@code crm node online NODE}: end standby. */
  @Command(
      name = "online",
      description = "End a node's standby: resources may run there again.",
      mixinStandardHelpOptions = true)
  static final class Online implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterCommand.ConfigOption opt;

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Override
    public Integer call() {
      return LiveCommands.call(spec, opt, "node-attr " + node + " standby -");
    }
  }

  /** {@code crm node maintenance NODE [on|off]}. */
  @Command(
      name = "maintenance",
      description = "Put a node in maintenance (its resources are left alone) or take it out.",
      mixinStandardHelpOptions = true)
  static final class Maintenance implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterCommand.ConfigOption opt;

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Parameters(index = "1", paramLabel = "on|off", defaultValue = "on")
    String state;

    @Override
    public Integer call() {
      if (!state.equals("on") && !state.equals("off")) {
        spec.commandLine().getErr().println("error: expected on or off, found '" + state + "'");
        return ExitCodes.USAGE;
      }
      return LiveCommands.call(
          spec, opt, "node-attr " + node + " maintenance " + (state.equals("on") ? "on" : "-"));
    }
  }

  /** {@code crm resource cleanup RSC [NODE]}: forget failures, probe again. */
  @Command(
      name = "cleanup",
      description = "Forget a resource's failures (on one node or all) and probe it again.",
      mixinStandardHelpOptions = true)
  static final class Cleanup implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterCommand.ConfigOption opt;

    @Parameters(index = "0", paramLabel = "RESOURCE")
    String resource;

    @Parameters(index = "1", paramLabel = "NODE", arity = "0..1")
    String node;

    @Override
    public Integer call() {
      return LiveCommands.call(spec, opt, "cleanup " + resource + (node == null ? "" : " " + node));
    }
  }
}
