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

  /**
   * One request to the local daemon. Ids travel in a space-separated request line, so a word that
   * is not an id (empty, or with spaces or control characters) is refused here and nothing is sent.
   */
  abstract static class DaemonRequest implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterCommand.ConfigOption opt;

    /** The request line, or null after printing why there is none. */
    abstract String request();

    String id(String what, String value) {
      if (value == null || !value.matches("[^\\s\\p{Cntrl}]+")) {
        spec.commandLine().getErr().println("error: " + what + " '" + value + "' is not an id");
        return null;
      }
      return value;
    }

    @Override
    public Integer call() {
      String request = request();
      if (request == null) {
        return ExitCodes.USAGE;
      }
      NodeConfig c = opt.load(spec.commandLine().getErr());
      if (c == null) {
        return ExitCodes.INVALID_INPUT;
      }
      return ClusterCommand.callDaemon(
          c, request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** Sets or clears one attribute of a node in the replicated configuration. */
  abstract static class NodeAttribute extends DaemonRequest {
    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    /** "NAME VALUE" (VALUE "-" deletes), or null after printing why not. */
    abstract String assignment();

    @Override
    String request() {
      String n = id("node", node);
      String a = n == null ? null : assignment();
      return a == null ? null : "node-attr " + n + " " + a;
    }
  }

  /** {@code crm node standby NODE}: move every resource off the node and keep them off. */
  @Command(
      name = "standby",
      description = "Put a node in standby: its resources move away and none start there.",
      mixinStandardHelpOptions = true)
  static final class Standby extends NodeAttribute {
    @Override
    String assignment() {
      return "standby on";
    }
  }

  /** {@code crm node online NODE}: end standby. */
  @Command(
      name = "online",
      description = "End a node's standby: resources may run there again.",
      mixinStandardHelpOptions = true)
  static final class Online extends NodeAttribute {
    @Override
    String assignment() {
      return "standby -";
    }
  }

  /** {@code crm node maintenance NODE [on|off]}. */
  @Command(
      name = "maintenance",
      description = "Put a node in maintenance (its resources are left alone) or take it out.",
      mixinStandardHelpOptions = true)
  static final class Maintenance extends NodeAttribute {
    @Parameters(index = "1", paramLabel = "on|off", defaultValue = "on")
    String state;

    @Override
    String assignment() {
      if (!state.equals("on") && !state.equals("off")) {
        spec.commandLine().getErr().println("error: expected on or off, found '" + state + "'");
        return null;
      }
      return "maintenance " + (state.equals("on") ? "on" : "-");
    }
  }

  /** {@code crm resource cleanup RSC [NODE]}: forget failures, probe again. */
  @Command(
      name = "cleanup",
      description = "Forget a resource's failures (on one node or all) and probe it again.",
      mixinStandardHelpOptions = true)
  static final class Cleanup extends DaemonRequest {
    @Parameters(index = "0", paramLabel = "RESOURCE")
    String resource;

    @Parameters(index = "1", paramLabel = "NODE", arity = "0..1")
    String node;

    @Override
    String request() {
      String r = id("resource", resource);
      String n = node == null ? "" : id("node", node);
      return r == null || n == null ? null : "cleanup " + r + (n.isEmpty() ? "" : " " + n);
    }
  }
}
