package org.paceline.scheduler;

import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.GuestNodes;
import org.paceline.unpack.NodeStatus;

/**
 * Guest nodes that must be reset but cannot be "fenced": their container failed, or their host is
 * unclean, so the guest is down and needs a reset (determine_remote_online_status's
 * remote_requires_reset), yet no guest fencing stands in for what ran there (the host cannot be
 * fenced). An agent action there cannot run (custom_action: "node is offline"), so each is
 * unrunnable and its stop is listed as blocked.
 */
final class UnreachableGuests {
  private UnreachableGuests() {}

  /** Blocks the actions on each such guest and marks their summary stops "(blocked)". */
  static void apply(
      Cib cib, ClusterStatus status, List<Action> actions, List<SummaryItem> summary) {
    for (Map.Entry<String, String> g : GuestNodes.containers(cib.configuration()).entrySet()) {
      String guest = g.getKey();
      NodeStatus n = status.node(guest);
      if (n == null || n.online() || status.guestFences().containsKey(guest)) {
        continue;
      }
      if (!requiresReset(status, g.getValue())) {
        continue;
      }
      boolean any = false;
      for (int i = 0; i < actions.size(); i++) {
        Action a = actions.get(i);
        if (a.runnable() && guest.equals(a.node()) && a.resource() != null) {
          actions.set(
              i,
              new Action(
                  a.key(), a.resource(), a.task(), a.intervalMs(), a.node(), false, a.meta()));
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      for (int i = 0; i < summary.size(); i++) {
        SummaryItem s = summary.get(i);
        boolean onGuest =
            s.detail() != null && (s.detail().equals(guest) || s.detail().endsWith(" " + guest));
        if ("Stop".equals(s.verb()) && onGuest && !blocked(s.reason())) {
          String r = s.reason();
          summary.set(
              i,
              new SummaryItem(
                  s.verb(), s.subject(), s.detail(), r == null ? "blocked" : r + " (blocked)"));
        }
      }
    }
  }

  private static boolean blocked(String reason) {
    return reason != null && reason.endsWith("blocked");
  }

  /** The container failed, or runs on a host that is unclean and offline. */
  private static boolean requiresReset(ClusterStatus status, String container) {
    for (ActiveInstance a : status.active().getOrDefault(container, List.of())) {
      NodeStatus host = status.node(a.node());
      if (a.failed() || host != null && host.unclean() && !host.online()) {
        return true;
      }
    }
    return false;
  }
}
