package org.paceline.shell;

/**
 * {@code pacemakerd -$} (and {@code --version}) for the agents that ask which Pacemaker runs before
 * they use its commands: resource-agents' {@code ocf_local_nodename} runs {@code crm_node -n} only
 * when {@code pacemakerd -$} names a Pacemaker newer than 1.1.8, and falls back to {@code uname
 * -n}, which is not the cluster's node name. The first line names the Pacemaker whose semantics
 * Paceline follows; nothing else of pacemakerd is provided.
 */
public final class PacemakerdCommand {
  /** The Pacemaker release whose scheduler, agents' interface and tools Paceline follows. */
  public static final String PACEMAKER_RELEASE = "2.1.5";

  private PacemakerdCommand() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("-$") || args[0].equals("--version"))) {
      System.out.println("Pacemaker " + PACEMAKER_RELEASE);
      // One line only names Pacemaker: ocf_local_nodename takes the second word of every line
      // that does as the version.
      System.out.println("Paceline's stand-in for agents; the cluster is run by paceline");
      System.exit(0);
    }
    System.err.println(
        "pacemakerd: this is Paceline's stand-in for agents; only -$ (--version) is provided;"
            + " the cluster is run by the paceline daemon");
    System.exit(CrmAttributeCommand.EX_USAGE);
  }
}
