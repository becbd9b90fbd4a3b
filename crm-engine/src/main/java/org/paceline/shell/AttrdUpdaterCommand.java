package org.paceline.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.paceline.daemon.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pacemaker's {@code attrd_updater} for Paceline, as agents call it: update ({@code -U}, also the
 * older {@code -v}), delete ({@code -D}) or query ({@code -Q}, every node with {@code -A}) a
 * transient node attribute ({@code -l reboot}, the only lifetime attrd has); with {@code --private}
 * one that is never written to the CIB but every node can read (PAF keeps its {@code
 * lsn_location-RSC} there). A query prints one line per node, exactly {@code name="NAME"
 * host="NODE" value="VALUE"} (PAF parses it with a regular expression); without {@code -N} it is
 * this node's. {@code -d DELAY} (with {@code -U}, {@code -B} or {@code -Y}) sets the attribute's
 * dampening, as attrd's: a burst of changes reaches the cluster once, after the delay, with the
 * latest value. A node sets only its own attributes. It talks to the local daemon as {@link
 * CrmAttributeCommand} does: exit 102 when none answers, 105 for an attribute that does not exist.
 */
@Command(
    name = "attrd_updater",
    versionProvider = VersionProvider.class,
    description = "Update, delete or query a transient node attribute (Paceline).")
public final class AttrdUpdaterCommand extends PcmkTool {
  @Option(
      names = {"-n", "--name"},
      paramLabel = "NAME",
      description = "The attribute's name.")
  String name;

  @Option(
      names = {"-U", "--update", "-v", "--value"},
      paramLabel = "VALUE",
      description = "Set the attribute to VALUE.")
  String update;

  @Option(
      names = {"-D", "--delete"},
      description = "Delete the attribute.")
  boolean delete;

  @Option(
      names = {"-Q", "--query"},
      description = "Print the attribute (this node's, or -N's, or every node's with -A).")
  boolean query;

  @Option(
      names = {"-A", "--all"},
      description = "With -Q, every node's value.")
  boolean all;

  @Option(
      names = {"-N", "--node"},
      paramLabel = "NODE",
      description = "The node (default: this node).")
  String node;

  @Option(
      names = {"-p", "--private"},
      description = "An attribute kept by the cluster's daemons only, never in the CIB.")
  boolean privateAttribute;

  @Option(
      names = {"-l", "--lifetime"},
      paramLabel = "LIFETIME",
      description = "reboot (the only lifetime transient attributes have).")
  String lifetime;

  @Option(
      names = {"-B", "--update-both"},
      paramLabel = "VALUE",
      description = "Set the attribute to VALUE and its dampening to -d.")
  String updateBoth;

  @Option(
      names = {"-Y", "--update-delay"},
      description = "Set only the attribute's dampening (-d).")
  boolean updateDelay;

  @Option(
      names = {"-d", "--delay"},
      paramLabel = "DELAY",
      description =
          "Dampening: wait this long (seconds, or with a unit: 5s, 500ms) after a first change for"
              + " further changes before the cluster acts on the latest value.")
  String delay;

  @Option(
      names = {"-s", "--set"},
      paramLabel = "SET",
      description = "Accepted and ignored (attribute set names are not provided).")
  String ignoredSet;

  AttrdUpdaterCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
    super(env, out, err);
  }

  public static void main(String[] args) {
    PcmkTool.main(AttrdUpdaterCommand::new, args);
  }

  /** Runs one invocation (tests call this directly). */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return PcmkTool.run(AttrdUpdaterCommand::new, args, env, out, err);
  }

  @Override
  public Integer call() {
    if (name == null || name.isEmpty()) {
      err.println("attrd_updater: an attribute name (-n) is required");
      return CrmAttributeCommand.EX_USAGE;
    }
    if (updateBoth != null) {
      update = updateBoth;
    }
    int ops = (query ? 1 : 0) + (delete ? 1 : 0) + (update != null ? 1 : 0) + (updateDelay ? 1 : 0);
    if (ops != 1 || (updateBoth != null && updateDelay)) {
      err.println("attrd_updater: give exactly one of -U, -B, -Y, -D and -Q");
      return CrmAttributeCommand.EX_USAGE;
    }
    Long delayMs = null;
    if (delay != null) {
      try {
        delayMs = org.paceline.cib.IntervalSpec.toMs(delay);
      } catch (IllegalArgumentException e) {
        err.println("attrd_updater: -d: " + e.getMessage());
        return CrmAttributeCommand.EX_USAGE;
      }
    }
    if ((updateDelay || updateBoth != null) && delayMs == null) {
      err.println("attrd_updater: -Y and -B need the dampening (-d DELAY)");
      return CrmAttributeCommand.EX_USAGE;
    }
    if (delayMs != null && (privateAttribute || query)) {
      err.println("attrd_updater: -d applies to updates of attributes that reach the CIB");
      return CrmAttributeCommand.EX_USAGE;
    }
    if (lifetime != null && !lifetime.equals("reboot")) {
      err.println(
          "attrd_updater: lifetime '"
              + lifetime
              + "' is not provided; transient attributes live until reboot (use crm_attribute"
              + " -l forever for a permanent one)");
      return CrmAttributeCommand.EX_USAGE;
    }
    String kind = privateAttribute ? "private" : "reboot";
    try {
      if (delayMs != null) {
        // First the dampening, so that this very change is held back by it.
        call("attr dampen reboot " + target() + " " + name + " " + delayMs);
      }
      if (updateDelay) {
        return 0;
      }
      if (update != null || delete) {
        call(
            delete
                ? "attr delete " + kind + " " + target() + " " + name
                : "attr set " + kind + " " + target() + " " + name + " " + update);
        return 0;
      }
      List<String> nodes = new ArrayList<>();
      if (all) {
        for (String l : call("status").split("\n")) {
          if (l.startsWith("raft_members=")) {
            for (String n : l.substring("raft_members=".length()).split(",")) {
              if (!n.isBlank()) {
                nodes.add(n.strip());
              }
            }
          }
        }
      } else {
        nodes.add(target());
      }
      int found = 0;
      for (String n : nodes) {
        String value;
        try {
          value = call("attr get " + kind + " " + n + " " + name);
        } catch (CrmAttributeCommand.Failure f) {
          if (f.code == CrmAttributeCommand.EX_NOSUCH && all) {
            continue; // a node without it has no line
          }
          throw f;
        }
        String host = n.equals("-") ? localName() : n;
        out.println("name=\"" + name + "\" host=\"" + host + "\" value=\"" + value + "\"");
        found++;
      }
      if (found == 0) {
        err.println(
            "attrd_updater: Could not query value of " + name + ": attribute does not exist");
        return CrmAttributeCommand.EX_NOSUCH;
      }
      return 0;
    } catch (CrmAttributeCommand.Failure f) {
      err.println("attrd_updater: " + f.getMessage());
      return f.code;
    }
  }

  private String target() {
    return node == null ? "-" : node;
  }

  private String localName() throws CrmAttributeCommand.Failure {
    for (String l : call("status").split("\n")) {
      if (l.startsWith("node=")) {
        return l.substring("node=".length()).strip();
      }
    }
    return "";
  }

  private String call(String request) throws CrmAttributeCommand.Failure {
    return PcmkDaemon.call(env, request);
  }
}
