package org.paceline.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.daemon.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pacemaker's {@code crm_node} as agents call it, for Paceline: {@code -n} this node's name
 * (resource-agents' {@code ocf_local_nodename} runs it), {@code -q} whether its partition has
 * quorum (1 or 0), {@code -p} the nodes of its partition, {@code -l} every node with its id and
 * state ({@code ID NAME member|lost}). It asks the local daemon over its admin socket, found as
 * {@link CrmAttributeCommand} finds it; exit 102 when no daemon answers.
 */
@Command(
    name = "crm_node",
    versionProvider = VersionProvider.class,
    description = "This node's name, its partition and quorum, the cluster's nodes (Paceline).")
public final class CrmNodeCommand extends PcmkTool {
  @Option(
      names = {"-n", "--name"},
      description = "Print this node's name.")
  boolean name;

  @Option(
      names = {"-q", "--quorum"},
      description = "Print 1 if this node's partition has quorum, else 0.")
  boolean quorum;

  @Option(
      names = {"-p", "--partition"},
      description = "Print the nodes of this node's partition.")
  boolean partition;

  @Option(
      names = {"-l", "--list"},
      description = "Print every node: ID NAME STATE.")
  boolean list;

  @Option(
      names = {"-i", "--cluster-id"},
      description = "Print this node's id.")
  boolean clusterId;

  CrmNodeCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
    super(env, out, err);
  }

  public static void main(String[] args) {
    PcmkTool.main(CrmNodeCommand::new, args);
  }

  /** Runs one invocation (tests call this directly). */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return PcmkTool.run(CrmNodeCommand::new, args, env, out, err);
  }

  @Override
  public Integer call() {
    int asked = (name ? 1 : 0) + (quorum ? 1 : 0) + (partition ? 1 : 0) + (list ? 1 : 0);
    asked += clusterId ? 1 : 0;
    if (asked != 1) {
      err.println("crm_node: give exactly one of -n, -q, -p, -l, -i");
      return CrmAttributeCommand.EX_USAGE;
    }
    Map<String, String> status;
    try {
      status = keyValues(call("status"));
    } catch (CrmAttributeCommand.Failure f) {
      err.println("crm_node: " + f.getMessage());
      return f.code;
    }
    String self = status.getOrDefault("node", "");
    // A witness votes but is no cluster node (corosync's qdevice is not one either): agents that
    // set an attribute for every node of the partition (PAF) must not see it.
    List<String> witnesses = words(status.get("witnesses"));
    List<String> view = new ArrayList<>(words(status.get("view")));
    view.removeAll(witnesses);
    if (name) {
      out.println(self);
    } else if (quorum) {
      out.println("true".equals(status.get("quorate")) ? "1" : "0");
    } else if (partition) {
      out.println(String.join(" ", view));
    } else {
      Map<String, String> ids;
      try {
        ids = nodeIds(call("config"));
      } catch (CrmAttributeCommand.Failure f) {
        err.println("crm_node: " + f.getMessage());
        return f.code;
      }
      if (clusterId) {
        out.println(ids.getOrDefault(self, self));
      } else {
        for (Map.Entry<String, String> e : ids.entrySet()) {
          out.println(
              e.getValue()
                  + " "
                  + e.getKey()
                  + " "
                  + (view.contains(e.getKey()) ? "member" : "lost"));
        }
      }
    }
    return 0;
  }

  private String call(String request) throws CrmAttributeCommand.Failure {
    return PcmkDaemon.call(env, request);
  }

  private static Map<String, String> keyValues(String text) {
    Map<String, String> kv = new TreeMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return kv;
  }

  private static List<String> words(String commaList) {
    List<String> out = new ArrayList<>();
    if (commaList != null) {
      for (String w : commaList.split(",")) {
        if (!w.isBlank()) {
          out.add(w.strip());
        }
      }
    }
    return out;
  }

  /** Node name to id from the configuration's XML (the id is the name where none is given). */
  private static Map<String, String> nodeIds(String cibXml) {
    Map<String, String> ids = new TreeMap<>();
    try {
      org.paceline.cib.Cib cib =
          org.paceline.cib.CibXmlReader.read(cibXml.strip(), "configuration").cib();
      for (org.paceline.cib.Node n : cib.configuration().nodes()) {
        ids.put(n.uname(), n.id() == null ? n.uname() : n.id());
      }
    } catch (org.paceline.cib.CibFormatException e) {
      // An unreadable configuration names no node.
    }
    return ids;
  }
}
