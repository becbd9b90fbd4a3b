package org.paceline.scheduler;

import java.nio.file.Path;
import java.util.List;

/** The corpus helpers of this package's tests, for the shell package's corpus test. */
public final class SchedulerAllCasesTestAccess {
  private SchedulerAllCasesTestAccess() {}

  public static long epoch(String t) {
    return SchedulerAllCasesTest.epoch(t);
  }

  public static String normalizeSummary(String line) {
    return SchedulerCorpusFloorTest.normalize(line);
  }

  public static List<String> expected(Path summary) throws java.io.IOException {
    return SchedulerCorpusFloorTest.expected(summary);
  }

  /** Per case with a {@code -t} argument in {@code case-args.tsv}, the time it is run at. */
  public static java.util.Map<String, Long> nowByCase(Path dir) throws Exception {
    return SchedulerAllCasesTest.fixedNow(dir);
  }

  /**
   * Schedules a corpus CIB at the time crm_simulate ran it, by the rule of {@link
   * SchedulerAllCasesTest#scheduleAsRun}.
   */
  public static Transition schedule(org.paceline.cib.Cib cib, Long fixedNow) {
    return SchedulerAllCasesTest.scheduleAsRun(cib, fixedNow);
  }

  /** Schedules corpus case {@code name} as crm_simulate ran it (at its time, if it has one). */
  public static Transition schedule(Path dir, String name, java.util.Map<String, Long> now)
      throws Exception {
    org.paceline.cib.Cib cib =
        org.paceline.cib.CibXmlReader.read(dir.resolve("xml").resolve(name + ".xml")).cib();
    return SchedulerAllCasesTest.scheduleAsRun(cib, now.get(name));
  }

  /** Whether a transition's summary equals the case's (reasons dropped, instances masked). */
  public static boolean summaryMatches(Transition t, Path dir, String name)
      throws java.io.IOException {
    List<String> s = new java.util.ArrayList<>();
    for (SummaryItem i : t.summary()) {
      String n = normalizeSummary(i.format());
      if (n != null) {
        s.add(n);
      }
    }
    s.sort(null);
    return s.equals(expected(dir.resolve("summary").resolve(name + ".summary")));
  }
}
