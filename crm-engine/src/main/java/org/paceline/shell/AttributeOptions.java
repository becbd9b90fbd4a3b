package org.paceline.shell;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options crm_attribute and crm_master share (crm_master passes them through to crm_attribute,
 * as Pacemaker's wrapper does): the operation ({@code -G}, {@code -v}, {@code -D}), the node, the
 * lifetime and {@code -q}.
 */
final class AttributeOptions {
  @Option(
      names = {"-G", "--query", "--get-value"},
      description = "Print the value.")
  boolean query;

  @Option(
      names = {"-v", "--update", "--attr-value"},
      paramLabel = "VALUE",
      description = "Set the value.")
  String update;

  @Option(
      names = {"-D", "--delete", "--delete-attr"},
      description = "Delete it.")
  boolean delete;

  @Option(
      names = {"-N", "--node", "-U", "--uname"},
      paramLabel = "NODE",
      description = "The node (default: this node).")
  String node;

  @Option(
      names = {"-l", "--lifetime"},
      paramLabel = "LIFETIME",
      description = "reboot (transient, in the status) or forever (in the node's configuration).")
  String lifetime;

  @Option(
      names = {"-q", "--quiet", "-Q"},
      description = "Print the value alone.")
  boolean quiet;

  /** These options as crm_attribute arguments, with {@code lifetime} when none was given. */
  List<String> arguments(String defaultLifetime) {
    List<String> args = new ArrayList<>();
    String l = lifetime != null ? lifetime : defaultLifetime;
    if (l != null) {
      args.addAll(List.of("-l", l));
    }
    if (node != null) {
      args.addAll(List.of("-N", node));
    }
    if (quiet) {
      args.add("-q");
    }
    if (query) {
      args.add("-G");
    }
    if (delete) {
      args.add("-D");
    }
    if (update != null) {
      args.addAll(List.of("-v", update));
    }
    return args;
  }
}
