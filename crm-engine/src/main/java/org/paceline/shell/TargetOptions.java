package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.paceline.membership.NodeConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options choosing what a configuration command reads and changes: the live cluster (through the
 * daemon named by {@code --config}) or, with {@code -x FILE}, a CIB file; and where agents'
 * meta-data is found.
 */
final class TargetOptions {
  @Mixin ClusterCommand.ConfigOption node;

  @Option(
      names = {"-x", "--xml-file"},
      paramLabel = "FILE",
      description = "Edit this CIB file (XML or YAML) instead of the live cluster.")
  Path file;

  @Option(
      names = "--ocf-root",
      defaultValue = "/usr/lib/ocf",
      paramLabel = "DIR",
      description = "OCF root, for agents' parameters (default: ${DEFAULT-VALUE}).")
  Path ocfRoot;

  /** The target, or null after printing why there is none. */
  ConfigTarget target(PrintWriter err) {
    if (file != null) {
      return new ConfigTarget.FileTarget(file);
    }
    NodeConfig c = node.load(err);
    return c == null ? null : new ConfigTarget.Live(c);
  }

  AgentParameters agents() {
    return AgentParameters.ocf(ocfRoot);
  }
}
