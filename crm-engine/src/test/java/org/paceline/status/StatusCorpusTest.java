package org.paceline.status;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/**
 * Compares our "Current cluster status:" section with crm_simulate's, case by case, on Pacemaker
 * 2.1.5's scheduler corpus read in place from the shared directory (never copied here). The number
 * of exact matches must not fall below the floor reached.
 */
@Tag("unit")
class StatusCorpusTest {
  /** Exact matches reached when this floor was last raised. */
  private static final int FLOOR = 91;

  static Path dir() {
    String configured = System.getProperty("paceline.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("../../shared");
    return shared.resolve("scheduler-cases").normalize();
  }

  static String expected(Path summary) throws IOException {
    String text = Files.readString(summary);
    int end = text.indexOf("Transition Summary:");
    return end < 0 ? text : text.substring(0, end);
  }

  @Test
  void currentStatusSectionMatchesCrmSimulate() throws Exception {
    Path dir = dir();
    Assumptions.assumeTrue(Files.isDirectory(dir), "no corpus at " + dir);
    List<String> mismatched = new ArrayList<>();
    int matched = 0;
    for (String name : Files.readAllLines(dir.resolve("cases.txt"))) {
      name = name.trim();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Cib cib = CibXmlReader.read(dir.resolve("xml").resolve(name + ".xml")).cib();
      long now = cib.executionDate() == null ? 0 : cib.executionDate();
      String actual =
          StatusRenderer.simulateSection(
              ClusterSnapshot.fromCib(cib, null, null, Instant.ofEpochSecond(now)));
      String want = expected(dir.resolve("summary").resolve(name + ".summary"));
      if (actual.equals(want)) {
        matched++;
      } else {
        mismatched.add(name);
        if (System.getProperty("paceline.status.diff") != null) {
          System.out.println("=== " + name + "\n--- expected\n" + want + "--- actual\n" + actual);
        }
      }
    }
    System.out.println(
        "status section: "
            + matched
            + " exact matches; differing: "
            + String.join(" ", mismatched));
    assertTrue(matched >= FLOOR, matched + " < floor " + FLOOR);
  }
}
