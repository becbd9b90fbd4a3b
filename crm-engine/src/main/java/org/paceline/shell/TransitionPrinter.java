package org.paceline.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Cib;
import org.paceline.scheduler.NodeStatus;
import org.paceline.scheduler.ScoreLine;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;

/** Prints a transition the way crm_simulate does (status, scores, summary). */
final class TransitionPrinter {
  private TransitionPrinter() {}

  static void print(Cib cib, Transition t, boolean scores, PrintWriter out) {
    out.println("Current cluster status:");
    out.println("  * Node List:");
    List<String> online = new ArrayList<>();
    List<String> offline = new ArrayList<>();
    List<String> standby = new ArrayList<>();
    for (NodeStatus n : t.nodes()) {
      if (n.unclean()) {
        out.println("    * Node " + n.name() + ": UNCLEAN (offline)");
      } else if (n.online() && n.standby()) {
        standby.add(n.name());
      } else if (n.online()) {
        online.add(n.name());
      } else {
        offline.add(n.name());
      }
    }
    for (String s : standby) {
      out.println("    * Node " + s + ": standby");
    }
    if (!online.isEmpty()) {
      out.println("    * Online: [ " + String.join(" ", online) + " ]");
    }
    if (!offline.isEmpty()) {
      out.println("    * OFFLINE: [ " + String.join(" ", offline) + " ]");
    }
    out.println();
    if (scores) {
      out.println("Allocation scores:");
      for (ScoreLine l : t.scores()) {
        out.println(l.format());
      }
      out.println();
    }
    out.println("Transition Summary:");
    for (SummaryItem i : t.summary()) {
      out.println(i.format());
    }
    out.println();
    out.flush();
  }
}
