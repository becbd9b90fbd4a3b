package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.cib.CibDocument;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibValidator;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.Problem;
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

  /**
   * {@code crm configure load replace FILE}: validate a whole configuration (XML or YAML) and make
   * it the cluster's, in one replicated edit.
   */
  @Command(
      name = "load",
      description =
          "Replace the cluster configuration with FILE (CIB XML or YAML) after validating it;"
              + " nothing changes when it is invalid or the cluster has no quorum.",
      mixinStandardHelpOptions = true)
  static final class Load implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterCommand.ConfigOption opt;

    @Parameters(index = "0", paramLabel = "replace")
    String method;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      if (!method.equals("replace")) {
        err.println("error: only 'load replace FILE' is supported, not '" + method + "'");
        return ExitCodes.USAGE;
      }
      CibDocument doc;
      try {
        doc = CibFiles.read(file);
      } catch (CibFormatException e) {
        e.problems().forEach(p -> err.println("error: " + p));
        return Files.isRegularFile(file) ? ExitCodes.INVALID_INPUT : ExitCodes.NO_INPUT;
      }
      List<Problem> problems = CibValidator.validate(doc.cib());
      if (CibValidator.hasErrors(problems)) {
        problems.forEach(p -> err.println(p.format(doc.locations())));
        err.println(file + ": not loaded: the configuration is not valid; nothing changed");
        return ExitCodes.INVALID_INPUT;
      }
      String xml = CibXmlWriter.write(doc.cib().withStatus(List.of()));
      return LiveCommands.call(
          spec,
          opt,
          "load " + Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
