package org.paceline.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.paceline.daemon.AdminClient;
import org.paceline.daemon.AdminProtocol;

/**
 * How Paceline's versions of Pacemaker's commands (crm_attribute, crm_node, attrd_updater, ...) ask
 * the local daemon: one admin request, its answer's body, or a {@link CrmAttributeCommand.Failure}
 * with the exit code Pacemaker's tools give for the reason.
 */
final class PcmkDaemon {
  private PcmkDaemon() {}

  /** The daemon's answer to {@code request} without its "ok" line. */
  static String call(Map<String, String> env, String request) throws CrmAttributeCommand.Failure {
    Path socket = CrmAttributeCommand.socket(env);
    if (socket == null) {
      throw new CrmAttributeCommand.Failure(
          CrmAttributeCommand.EX_DISCONNECT,
          "Could not connect to the cluster: no admin socket (PACELINE_ADMIN_SOCKET unset and no"
              + " readable node configuration)");
    }
    String answer;
    try {
      answer = AdminClient.call(socket, request);
    } catch (IOException e) {
      throw new CrmAttributeCommand.Failure(
          CrmAttributeCommand.EX_DISCONNECT,
          "Could not connect to the cluster: " + socket + ": " + e.getMessage());
    }
    if (answer.startsWith(AdminProtocol.OK)) {
      return answer.substring(AdminProtocol.OK.length()).replaceFirst("^\n", "");
    }
    String why =
        answer.startsWith(AdminProtocol.ERROR)
            ? answer.substring(AdminProtocol.ERROR.length())
            : answer;
    int code =
        why.startsWith("no such ")
            ? CrmAttributeCommand.EX_NOSUCH
            : why.contains("is not an attribute name") || why.contains("must be one line")
                ? CrmAttributeCommand.EX_CONFIG
                : CrmAttributeCommand.EX_ERROR;
    throw new CrmAttributeCommand.Failure(code, why);
  }

  /** Whether a failure says the attribute (not the node) does not exist. */
  static boolean noSuchAttribute(CrmAttributeCommand.Failure f) {
    return f.code == CrmAttributeCommand.EX_NOSUCH
        && f.getMessage().startsWith("no such attribute");
  }
}
