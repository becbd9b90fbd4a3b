package org.paceline.status;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/**
 * {@code crm status} against Pacemaker's {@code crm_mon -1 -r} on every CIB of the 2.1.5 scheduler
 * corpus ({@code all-cases.txt}, read in place from the shared directory, never copied): crm_mon
 * reads the file through {@code CIB_file=}, Paceline renders the same CIB, and the two texts must
 * be equal line for line except the stack, version and time lines. The number of equal cases must
 * not fall below the floor reached; each differing case is printed with its first differing line
 * ({@code -Dpaceline.status.diff} prints both texts).
 */
@Tag("process")
class CrmMonDifferentialTest {
  private static final Path CRM_MON = Path.of("/usr/sbin/crm_mon");

  /** Equal cases when this floor was last raised. */
  private static final int FLOOR = 579;

  @Test
  void crmStatusEqualsCrmMonOnTheCorpus() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CRM_MON), "crm_mon is not installed");
    Path dir = StatusCorpusTest.dir();
    Assumptions.assumeTrue(Files.isDirectory(dir), "no corpus at " + dir);
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("all-cases.txt"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.strip());
      }
    }
    int equal = 0;
    List<String> report = new ArrayList<>();
    for (String name : names) {
      Path xml = dir.resolve("xml").resolve(name + ".xml");
      String theirs = mask(crmMon(xml, name));
      String ours;
      try {
        Cib cib = CibXmlReader.read(xml).cib();
        long now = cib.executionDate() == null ? 0 : cib.executionDate();
        ours =
            mask(
                StatusRenderer.text(
                    ClusterSnapshot.fromCib(cib, null, null, Instant.ofEpochSecond(now))));
      } catch (Exception | StackOverflowError e) {
        report.add(name + ": Paceline fails: " + e);
        continue;
      }
      if (theirs.equals(ours)) {
        equal++;
        continue;
      }
      report.add(name + ": " + firstDifference(theirs, ours));
      if (System.getProperty("paceline.status.diff") != null) {
        System.out.println("=== " + name + "\n--- crm_mon\n" + theirs + "--- paceline\n" + ours);
      }
    }
    System.out.println("crm status vs crm_mon -1 -r: " + equal + " of " + names.size() + " equal");
    report.forEach(r -> System.out.println("  " + r));
    assertTrue(equal >= FLOOR, equal + " equal, below the floor of " + FLOOR);
  }

  /**
   * crm_mon -1 -r's output for the CIB file; with {@code -Dpaceline.crmmon.cache=DIR}, read from
   * DIR/NAME.txt when there (a developer's faster loop), else run and kept there.
   */
  static String crmMon(Path xml, String name) throws Exception {
    String cache = System.getProperty("paceline.crmmon.cache");
    Path cached = cache == null ? null : Path.of(cache).resolve(name + ".txt");
    if (cached != null && Files.isRegularFile(cached)) {
      return Files.readString(cached);
    }
    String out = crmMon(xml);
    if (cached != null) {
      Files.createDirectories(cached.getParent());
      Files.writeString(cached, out);
    }
    return out;
  }

  /** crm_mon -1 -r's output for the CIB file. */
  static String crmMon(Path xml) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(CRM_MON.toString(), "-1", "-r");
    pb.environment().put("CIB_file", xml.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "crm_mon did not finish on " + xml);
    return new String(out, StandardCharsets.UTF_8);
  }

  /** The stack, version and time lines set aside, and Paceline's Move/Ban section. */
  static String mask(String text) {
    return text.replaceAll("(?m)\n^Move/Ban Constraints .*\n(^  \\* .*\n)*", "")
        .replaceAll("(?m)^  \\* Stack: .*$", "  * Stack: X")
        .replaceAll("\\(version [^)]*\\)", "(version X)")
        .replaceAll("(?m)^  \\* Last updated: .*$", "  * Last updated: X");
  }

  static String firstDifference(String theirs, String ours) {
    List<String> a = theirs.lines().toList();
    List<String> b = ours.lines().toList();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "(end)";
      String y = i < b.size() ? b.get(i) : "(end)";
      if (!x.equals(y)) {
        return "line " + (i + 1) + ": crm_mon '" + x + "', paceline '" + y + "'";
      }
    }
    return "trailing whitespace";
  }
}
