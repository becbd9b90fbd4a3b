package org.paceline.daemon;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs Paceline's versions of Pacemaker's commands (crm_attribute, crm_node, crm_mon, ...) inside
 * the daemon, for {@link PcmkToolRequests}: the shell provides it (found with {@link
 * java.util.ServiceLoader}, so the daemon does not depend on the shell).
 */
public interface PcmkToolHost {
  /** The commands it runs. */
  Set<String> tools();

  /** Runs one invocation as the command would run; answers its exit code. */
  int run(
      String tool, List<String> args, Map<String, String> env, PrintWriter out, PrintWriter err);
}
