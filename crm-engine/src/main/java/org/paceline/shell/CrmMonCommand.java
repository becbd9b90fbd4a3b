package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.paceline.daemon.DaemonStatusSource;
import org.paceline.daemon.VersionProvider;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.StatusRenderer;
import org.paceline.status.StatusUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pacemaker's {@code crm_mon}, one-shot, as agents call it: {@code crm_mon -1 --output-as=xml} (and
 * the older {@code --as-xml}/{@code -X}) prints the cluster status in crm_mon's XML shape (the same
 * document as {@code crm status --output xml}), which heartbeat's pgsql agent searches for the
 * promoted instance and the online nodes; without XML, the text status. It asks the local daemon
 * (found as {@link CrmAttributeCommand} finds it); exit 102 when none answers.
 */
@Command(
    name = "crm_mon",
    versionProvider = VersionProvider.class,
    description = "The cluster status, once (Paceline's crm_mon for agents and scripts).")
public final class CrmMonCommand extends PcmkTool {
  @Option(
      names = {"-1", "--one-shot"},
      description = "Print the status once and exit (the only mode provided).")
  boolean oneShot;

  @Option(names = "--output-as", paramLabel = "FORMAT", description = "xml or text (default).")
  String outputAs;

  @Option(
      names = {"-X", "--as-xml"},
      description = "As --output-as=xml (older crm_mon).")
  boolean asXml;

  @Option(
      names = {"-r", "--inactive"},
      description = "Accepted; inactive resources are always shown.")
  boolean inactive;

  @Option(
      names = {"-n", "--group-by-node", "-A", "--show-node-attributes", "-f", "--failcounts"},
      description = "Accepted and ignored.")
  boolean[] ignored;

  CrmMonCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
    super(env, out, err);
  }

  public static void main(String[] args) {
    PcmkTool.main(CrmMonCommand::new, args);
  }

  /** Runs one invocation (tests call this directly). */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return PcmkTool.run(CrmMonCommand::new, args, env, out, err);
  }

  @Override
  public Integer call() {
    boolean xml = asXml || "xml".equals(outputAs);
    if (outputAs != null && !outputAs.equals("xml") && !outputAs.equals("text")) {
      err.println("crm_mon: --output-as " + outputAs + " is not provided (xml or text)");
      return CrmAttributeCommand.EX_USAGE;
    }
    if (!oneShot) {
      err.println("crm_mon: only one-shot (-1) is provided; use crm status --watch N to follow");
      return CrmAttributeCommand.EX_USAGE;
    }
    Path socket = CrmAttributeCommand.socket(env);
    if (socket == null) {
      err.println("crm_mon: Could not connect to the cluster: no admin socket");
      return CrmAttributeCommand.EX_DISCONNECT;
    }
    ClusterSnapshot snap;
    try {
      snap =
          new DaemonStatusSource(
                  socket, env.getOrDefault("PACELINE_CONFIG", ClusterCommand.DEFAULT_CONFIG), null)
              .snapshot();
    } catch (StatusUnavailableException e) {
      err.println("crm_mon: Could not connect to the cluster: " + e.getMessage());
      return CrmAttributeCommand.EX_DISCONNECT;
    }
    out.print(xml ? StatusRenderer.xml(snap) : StatusRenderer.text(snap));
    return 0;
  }
}
