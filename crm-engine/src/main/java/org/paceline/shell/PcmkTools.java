package org.paceline.shell;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.daemon.PcmkToolHost;

/**
 * Paceline's versions of Pacemaker's commands by the name agents call them, for the daemon to run
 * in its own JVM ({@link PcmkToolHost}, registered in META-INF/services): the same classes the
 * launchers start, so the answer does not depend on the path taken.
 */
public final class PcmkTools implements PcmkToolHost {
  /** The one table of command name to implementation. */
  private static final Map<String, PcmkTool.Factory> TOOLS =
      Map.of(
          "crm_attribute", CrmAttributeCommand::new,
          "crm_master", CrmMasterCommand::new,
          "crm_node", CrmNodeCommand::new,
          "crm_mon", CrmMonCommand::new,
          "crm_resource", CrmResourceCommand::new,
          "attrd_updater", AttrdUpdaterCommand::new);

  @Override
  public Set<String> tools() {
    return TOOLS.keySet();
  }

  @Override
  public int run(
      String tool, List<String> args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    PcmkTool.Factory f = TOOLS.get(tool);
    if (f == null) {
      err.println(tool + ": not provided by Paceline");
      return CrmAttributeCommand.EX_USAGE;
    }
    return PcmkTool.run(f, args.toArray(new String[0]), env, out, err);
  }
}
