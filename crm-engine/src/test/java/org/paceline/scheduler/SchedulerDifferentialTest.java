package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/**
 * Paceline's scheduler against Debian's crm_simulate on random CIBs that nobody tuned it for
 * ({@code bench/random_cibs.py}, seeds 1 to {@link #SEEDS}): the Transition Summaries must match
 * (reasons dropped, clone instance numbers masked) in at least {@link #FLOOR} of them. Each
 * mismatching seed is printed; {@code python3 bench/random_cibs.py DIR SEED 1} rebuilds its CIB.
 * Skipped where crm_simulate (pacemaker-cli-utils, installed by test.sh) or python3 is missing.
 */
@Tag("process")
class SchedulerDifferentialTest {
  private static final int SEEDS = 300;

  /** Matches when this floor was last raised. */
  private static final int FLOOR = 266;

  @Test
  void transitionSummariesMatchCrmSimulateOnRandomCibs() throws Exception {
    Path crmSimulate = onPath("crm_simulate");
    Path python = onPath("python3");
    Assumptions.assumeTrue(crmSimulate != null && python != null, "no crm_simulate or python3");
    Path generator = Path.of("..", "bench", "random_cibs.py").toAbsolutePath().normalize();
    Path in = Path.of("target", "differential", "in").toAbsolutePath();
    Path exp = Path.of("target", "differential", "crm_simulate").toAbsolutePath();
    Files.createDirectories(exp);
    Process gen =
        new ProcessBuilder(python.toString(), generator.toString(), in.toString(), "1", "" + SEEDS)
            .redirectErrorStream(true)
            .start();
    assertTrue(gen.waitFor(60, TimeUnit.SECONDS) && gen.exitValue() == 0, "generator failed");

    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<String>> results = new ArrayList<>();
    for (int seed = 1; seed <= SEEDS; seed++) {
      String name = "fz" + seed;
      results.add(pool.submit(() -> compare(crmSimulate, in, exp, name)));
    }
    pool.shutdown();
    List<String> differing = new ArrayList<>();
    for (Future<String> f : results) {
      String d = f.get(5, TimeUnit.MINUTES);
      if (d != null) {
        differing.add(d);
      }
    }
    Collections.sort(differing);
    int matched = SEEDS - differing.size();
    System.out.println(
        "random CIBs: " + matched + " of " + SEEDS + " Transition Summaries equal crm_simulate's");
    differing.forEach(d -> System.out.println("  differs: " + d));
    assertTrue(matched >= FLOOR, matched + " < floor " + FLOOR + "; differing: " + differing);
  }

  /** Null when both summaries agree, else the case name and both lists. */
  private static String compare(Path crmSimulate, Path in, Path exp, String name) throws Exception {
    Path xml = in.resolve(name + ".xml");
    Path summary = exp.resolve(name + ".summary");
    // crm_simulate -S prints the Transition Summary before it executes the transition; its
    // simulated fencing device may abort the execution afterwards, which does not matter here.
    Process p =
        new ProcessBuilder(crmSimulate.toString(), "-x", xml.toString(), "-S")
            .redirectOutput(summary.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return name + ": crm_simulate timed out";
    }
    List<String> expected = new ArrayList<>(SchedulerCorpusFloorTest.expected(summary));
    List<String> actual = new ArrayList<>();
    Cib cib = CibXmlReader.read(xml).cib();
    for (SummaryItem i : Scheduler.schedule(cib).summary()) {
      String n = SchedulerCorpusFloorTest.normalize(i.format());
      if (n != null) {
        actual.add(n);
      }
    }
    Collections.sort(expected);
    Collections.sort(actual);
    return expected.equals(actual) ? null : name + " expected " + expected + " got " + actual;
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
