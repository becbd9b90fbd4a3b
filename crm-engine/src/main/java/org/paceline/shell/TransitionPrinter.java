package org.paceline.shell;

import java.io.PrintWriter;
import java.time.Instant;
import org.paceline.cib.Cib;
import org.paceline.scheduler.ScoreLine;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.StatusRenderer;

/**
 * Prints a transition the way crm_simulate does: the current status (by {@link StatusRenderer}),
 * scores, summary.
 */
final class TransitionPrinter {
  private TransitionPrinter() {}

  static void print(Cib cib, Transition t, boolean scores, PrintWriter out) {
    long now = cib.executionDate() == null ? 0 : cib.executionDate();
    out.print(
        StatusRenderer.simulateSection(
            ClusterSnapshot.fromCib(cib, null, null, Instant.ofEpochSecond(now))));
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
