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
}
