package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/**
 * Regression floor against Pacemaker 2.1.5's scheduler corpus, read in place from the shared
 * directory (GPLv2+ data that is never copied into the project): the number of cases whose
 * transition summary matches exactly (reasons dropped, anonymous clone numbers masked, as
 * compare_actions.py --no-reason --anon does) must not fall below what was reached.
 */
@Tag("unit")
class SchedulerCorpusFloorTest {
  /** Exact matches reached when this floor was last raised. */
  private static final int FLOOR = 99;

  private static final Pattern RSC =
      Pattern.compile("^\\s*\\*\\s+(\\S+)\\s+(\\S+)\\s+\\(\\s*(.*?)\\s*\\)\\s*(.*)$");
  private static final Pattern ANON = Pattern.compile("^([^\\s:]+):\\d+$");

  static Path dir() {
    String configured = System.getProperty("paceline.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("../../shared");
    return shared.resolve("scheduler-cases").normalize();
  }

  /** One summary line in compare_actions.py's normalized form. */
  static String normalize(String line) {
    String l = line.replace("Master", "Promoted").replace("Slave", "Unpromoted");
    if (l.trim().startsWith("* Fence")) {
      return l.trim().replaceAll("\\s+", " ").replaceAll(" '.*'$", "");
    }
    Matcher m = RSC.matcher(l);
    if (!m.matches()) {
      return null;
    }
    String rsc = ANON.matcher(m.group(2)).replaceAll("$1:*");
    String detail = m.group(3).replaceAll("\\s+", " ");
    String blocked = m.group(4).replaceAll("[()]", "").trim().endsWith("blocked") ? " blocked" : "";
    return m.group(1) + " " + rsc + " (" + detail + ")" + blocked;
  }

  /**
   * One summary line with its reason and instance numbers kept (compare_actions.py without
   * --no-reason --anon): only whitespace and the old role words are normalized.
   */
  static String normalizeFull(String line) {
    String l = line.replace("Master", "Promoted").replace("Slave", "Unpromoted");
    if (l.trim().startsWith("* Fence")) {
      return l.trim().replaceAll("\\s+", " ");
    }
    Matcher m = RSC.matcher(l);
    if (!m.matches()) {
      return null;
    }
    String detail = m.group(3).replaceAll("\\s+", " ");
    String reason = m.group(4).trim().replaceAll("\\s+", " ");
    return m.group(1)
        + " "
        + m.group(2)
        + " ("
        + detail
        + ")"
        + (reason.isEmpty() ? "" : " " + reason);
  }

  /** The expected lines of a case in the full form ({@link #normalizeFull}), sorted. */
  static List<String> expectedFull(Path summary) throws IOException {
    return expectedLines(summary, SchedulerCorpusFloorTest::normalizeFull);
  }

  static List<String> expected(Path summary) throws IOException {
    return expectedLines(summary, SchedulerCorpusFloorTest::normalize);
  }

  /** The transition summary's lines of a case, each normalized (null: not an item), sorted. */
  private static List<String> expectedLines(
      Path summary, java.util.function.UnaryOperator<String> norm) throws IOException {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String l : Files.readAllLines(summary)) {
      if (l.startsWith("Transition Summary:")) {
        in = true;
        continue;
      }
      if (in && (l.startsWith("Executing") || l.startsWith("Revised"))) {
        break;
      }
      String n = in ? norm.apply(l) : null;
      if (n != null) {
        out.add(n);
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void exactMatchesDoNotFallBelowFloor() throws Exception {
    Path list = dir().resolve("cases.txt");
    Assumptions.assumeTrue(Files.isRegularFile(list), "no Pacemaker corpus at " + dir());
    int exact = 0;
    List<String> failing = new ArrayList<>();
    for (String name : Files.readAllLines(list)) {
      name = name.trim();
      if (name.isEmpty()) {
        continue;
      }
      Cib cib = CibXmlReader.read(dir().resolve("xml").resolve(name + ".xml")).cib();
      List<String> actual = new ArrayList<>();
      for (SummaryItem i : Scheduler.schedule(cib).summary()) {
        String n = normalize(i.format());
        if (n != null) {
          actual.add(n);
        }
      }
      actual.sort(null);
      if (actual.equals(expected(dir().resolve("summary").resolve(name + ".summary")))) {
        exact++;
      } else {
        failing.add(name);
      }
    }
    assertTrue(
        exact >= FLOOR, "exact matches " + exact + " < floor " + FLOOR + "; failing: " + failing);
  }
}
