package org.paceline.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lab end to end, for the cfengine-hub site and for PAF's: {@code lab.sh up SITE} (namespaces,
 * ipmi_sim BMCs, PostgreSQL synchronous replication, three Paceline daemons), a short fault
 * campaign against the active hub, and {@code lab.sh down}. It fails on any lost acknowledged
 * write, any split-brain moment, or a fault the cluster did not recover from: one fault of each
 * kind (power-off through the BMC, kill -9 and SIGSTOP of the daemon, the cable pulled, PostgreSQL
 * killed), so a regression in any recovery path is caught. Needs root and the lab's packages; runs
 * when PACELINE_LAB_TEST=1 (test.sh sets it unless told 0).
 */
@Tag("lab")
class LabCampaignTest {
  /** Longest the whole test may take: lab up (~45 s) plus a few faults (~30 s each). */
  static final long LIMIT_S = 900;

  @Test
  void shortCampaignLosesNothingAndNeverHasTwoPrimaries() throws Exception {
    campaign("cfengine-hub", "poweroff,kill9,sigstop,partition,pgcrash");
  }

  /**
   * ClusterLabs PAF and IPaddr2, unmodified: a power-off (fencing, promotion through PAF's
   * notifications and promotion scores, the former primary rebuilt and back as a standby) and a
   * PostgreSQL crash of the primary.
   */
  @Test
  void pafSiteLosesNothingAndNeverHasTwoPrimaries() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/pgsqlms")),
        "resource-agents-paf is not installed");
    campaign("pgsql-paf", "poweroff,pgcrash");
  }

  /**
   * heartbeat's pgsql and IPaddr2, unmodified, as CFEngine's HA guide configures them: a power-off
   * (the former primary rebuilt with a new base backup before it rejoins) and a PostgreSQL crash
   * (failed over, then repaired as the operator does).
   */
  @Test
  void heartbeatPgsqlSiteLosesNothingAndNeverHasTwoPrimaries() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/pgsql")),
        "resource-agents is not installed");
    campaign("cfengine-hub-heartbeat", "poweroff,pgcrash");
  }

  private static void campaign(String site, String kinds) throws Exception {
    assumeTrue("1".equals(System.getenv("PACELINE_LAB_TEST")), "PACELINE_LAB_TEST=1 not set");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    Path tree = Path.of("..").toAbsolutePath().normalize();
    Path lab = Files.createTempDirectory("paceline-lab-test");
    String tag = "pt" + ThreadLocalRandom.current().nextInt(100, 999);
    List<String> env = List.of("PACELINE_LAB=" + lab, "PACELINE_LAB_TAG=" + tag);
    Path log = lab.resolveSibling(lab.getFileName() + ".log");
    try {
      int up = run(env, log, tree.resolve("examples/lab/lab.sh").toString(), "up", site);
      // The lab's directory (and its daemons' logs) is gone after lab.sh down: show them now.
      assertEquals(0, up, () -> tail(log) + daemonLogs(lab));
      Path tsv = lab.resolveSibling(lab.getFileName() + ".tsv");
      int rc =
          run(
              env,
              log,
              tree.resolve("examples/lab/campaign.sh").toString(),
              "--faults",
              "1",
              "--kinds",
              kinds,
              "--out",
              tsv.toString());
      String out = tail(log);
      assertEquals(0, rc, () -> out + daemonLogs(lab));
      List<String> rows = Files.readAllLines(tsv);
      assertEquals(1 + kinds.split(",").length, rows.size(), out); // header + one per kind
      for (String row : rows.subList(1, rows.size())) {
        String[] f = row.split("\t", -1);
        assertEquals("0", f[6], "lost writes: " + row);
        assertEquals("0", f[7], "split brain: " + row);
        assertTrue(Long.parseLong(f[4]) >= 0 && Long.parseLong(f[5]) >= 0, row);
      }
    } finally {
      run(env, log, tree.resolve("examples/lab/lab.sh").toString(), "down");
      assertTrue(!Files.exists(lab), "lab.sh down left " + lab);
    }
  }

  private static int run(List<String> env, Path log, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    for (String e : env) {
      int eq = e.indexOf('=');
      pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
    }
    Process p = pb.start();
    if (!p.waitFor(LIMIT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static String tail(Path log) {
    try {
      List<String> l = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The last lines of each host's daemon.log in the lab directory. */
  private static String daemonLogs(Path lab) {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> hosts = Files.list(lab)) {
      for (Path h : hosts.sorted().toList()) {
        Path d = h.resolve("daemon.log");
        if (Files.isRegularFile(d)) {
          out.append("\n--- ").append(d).append(":\n").append(tail(d));
        }
      }
    } catch (IOException e) {
      out.append("\n(no lab directory: ").append(e.getMessage()).append(')');
    }
    return out.toString();
  }
}
