package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;

/**
 * crm simulate -S against crm_simulate on Pacemaker 2.1.5's corpus: for every case whose transition
 * summary matches exactly (reasons dropped, instance numbers masked), the multiset of executed
 * resource actions and fencings ("Executing Cluster Transition:", pseudo and cluster actions aside,
 * anonymous instance numbers masked) must match as well, in as many cases as the floor says. The
 * count is printed.
 */
@Tag("unit")
class SimulateCorpusActionsTest {
  /** Summary-matching cases whose executed actions match too, when the floor was last raised. */
  private static final int FLOOR = 676;

  private static Path dir() {
    String configured = System.getProperty("paceline.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("../../shared");
    return shared.resolve("scheduler-cases").normalize();
  }

  /** An executed-action line in a comparable form, or null for pseudo and cluster actions. */
  static String normalize(String line) {
    String l = line.trim();
    if (!l.startsWith("* Resource action:") && !l.startsWith("* Fencing")) {
      return null;
    }
    return l.replaceAll("\\s+", " ").replaceAll("(\\S+):\\d+( |$)", "$1:*$2");
  }

  static List<String> expectedActions(Path summary) throws Exception {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String l : Files.readAllLines(summary)) {
      if (l.startsWith("Executing Cluster Transition:")) {
        in = true;
        continue;
      }
      if (in && l.startsWith("Revised")) {
        break;
      }
      String n = in ? normalize(l) : null;
      if (n != null) {
        out.add(n);
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void executedActionsMatchWhereTheSummaryDoes() throws Exception {
    Path d = dir();
    Path list = d.resolve("all-cases.txt");
    Assumptions.assumeTrue(Files.isRegularFile(list), "no Pacemaker corpus at " + d);
    // The same "now" per case as SchedulerAllCasesTest (its -t time, else the CIB's execution
    // date, else the corpus's fixed run time), so both tests agree on which summaries match.
    Map<String, Long> now = org.paceline.scheduler.SchedulerAllCasesTestAccess.nowByCase(d);
    int summaryMatches = 0;
    int actionMatches = 0;
    List<String> differ = new ArrayList<>();
    // Per differing case, the actions crm_simulate executes that we do not (-) and ours it does
    // not (+), for whoever works on the difference.
    StringBuilder report = new StringBuilder();
    for (String name : Files.readAllLines(list)) {
      name = name.trim();
      if (name.isEmpty()) {
        continue;
      }
      Cib cib = CibXmlReader.read(d.resolve("xml").resolve(name + ".xml")).cib();
      Transition t =
          org.paceline.scheduler.SchedulerAllCasesTestAccess.schedule(cib, now.get(name));
      List<String> summary = new ArrayList<>();
      for (SummaryItem i : t.summary()) {
        String n = org.paceline.scheduler.SchedulerAllCasesTestAccess.normalizeSummary(i.format());
        if (n != null) {
          summary.add(n);
        }
      }
      summary.sort(null);
      Path expected = d.resolve("summary").resolve(name + ".summary");
      if (!summary.equals(org.paceline.scheduler.SchedulerAllCasesTestAccess.expected(expected))) {
        continue;
      }
      summaryMatches++;
      List<String> actions = new ArrayList<>();
      for (String l : TransitionPrinter.executionLines(t, cib)) {
        String n = normalize(l);
        if (n != null) {
          actions.add(n);
        }
      }
      actions.sort(null);
      List<String> want = expectedActions(expected);
      if (actions.equals(want)) {
        actionMatches++;
      } else {
        differ.add(name);
        report.append(name).append('\n');
        List<String> missing = new ArrayList<>(want);
        actions.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actions);
        want.forEach(extra::remove);
        missing.forEach(m -> report.append("  - ").append(m).append('\n'));
        extra.forEach(x -> report.append("  + ").append(x).append('\n'));
      }
    }
    System.out.printf(
        "simulate -S: executed actions match in %d of the %d summary-matching cases%n",
        actionMatches, summaryMatches);
    System.out.println("  differing: " + differ);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "simulate-corpus-actions.diff"), report);
    assertTrue(actionMatches >= FLOOR, actionMatches + " < floor " + FLOOR);
  }
}
