package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * ocf:paceline:pgsql against real PostgreSQL 15 instances on loopback: a standby started by the
 * agent monitors 0 and the primary 8; a crashed primary monitors 9; the standby with the highest
 * (timeline, LSN) is promoted (8); the old primary is rewound with pg_rewind and rejoins as a
 * streaming standby of the new one; with synchronous replication a primary crash during writes
 * loses no acknowledged row.
 */
@Tag("root")
@Timeout(180)
class PgsqlAgentTest {
  private PgLab lab;
  private ResourceAgent agent;
  private Path ocfRoot;

  /** The copy of the OCF script the jar carries, or the source tree's script. */
  private void use(String kind) throws Exception {
    if (kind.equals("bundled")) {
      agent = TestOcfRoot.bundled(AgentId.parse("ocf:paceline:pgsql"));
    } else {
      ocfRoot = java.nio.file.Files.createTempDirectory("ocf");
      java.nio.file.Files.createDirectories(ocfRoot.resolve("resource.d"));
      java.nio.file.Files.createSymbolicLink(
          ocfRoot.resolve("resource.d/paceline"), Path.of("ocf/paceline").toAbsolutePath());
      agent =
          new OcfAgentDirectory(ocfRoot, OcfRunnerLimits.DEFAULTS)
              .agent(AgentId.parse("ocf:paceline:pgsql"));
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(PgLab.available(), "needs root and postgresql-15");
    lab = new PgLab();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (lab != null) {
      lab.close();
    }
    if (ocfRoot != null) {
      java.nio.file.Files.deleteIfExists(ocfRoot.resolve("resource.d/paceline"));
      java.nio.file.Files.deleteIfExists(ocfRoot.resolve("resource.d"));
      java.nio.file.Files.deleteIfExists(ocfRoot);
    }
  }

  private Map<String, String> params(Path pgdata, int port, int primaryPort, String node) {
    return Map.of(
        "pgdata",
        pgdata.toString(),
        "pgport",
        "" + port,
        "socket_dir",
        lab.dir.toString(),
        "primary_host",
        "127.0.0.1",
        "primary_port",
        "" + primaryPort,
        "node_name",
        node);
  }

  private ActionResult run(OcfAction action, Map<String, String> p) {
    return agent.execute(ActionRequest.of("db", action, p, 60_000));
  }

  private static void sql(int port, String statement) throws SQLException {
    try (Connection c = PgsqlPositionReader.connect("127.0.0.1", port, "postgres");
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private static long count(int port, String table) throws SQLException {
    try (Connection c = PgsqlPositionReader.connect("127.0.0.1", port, "postgres");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean eventually(java.util.concurrent.Callable<Boolean> c, long ms)
      throws Exception {
    long end = System.nanoTime() + ms * 1_000_000L;
    while (System.nanoTime() < end) {
      try {
        if (c.call()) {
          return true;
        }
      } catch (SQLException e) {
        // not ready yet
      }
      Thread.sleep(20);
    }
    return c.call();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"bundled", "script"})
  void standbyPromoteCrashAndRewindRejoin(String kind) throws Exception {
    use(kind);
    Path p1 = lab.primary("node1");
    int port1 = lab.port(0);
    int port2 = lab.port(1);
    sql(port1, "create table t(id int primary key)");
    sql(port1, "insert into t select generate_series(1, 100)");
    Path p2 = lab.cloneOf(port1, "node2");
    Map<String, String> node1 = params(p1, port1, port2, "node1");
    Map<String, String> node2 = params(p2, port2, port1, "node2");

    ActionResult start = run(OcfAction.START, node2);
    assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary());
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.MONITOR, node2).rc());
    assertEquals(OcfExitCode.RUNNING_PROMOTED, run(OcfAction.MONITOR, node1).rc());
    sql(port1, "insert into t select generate_series(101, 200)");
    assertTrue(eventually(() -> count(port2, "t") == 200, 10_000), "standby caught up");

    lab.crash(p1);
    ActionResult crashed = run(OcfAction.MONITOR, node1);
    assertEquals(OcfExitCode.FAILED_PROMOTED, crashed.rc(), crashed.summary());

    StandbyPosition pos = PgsqlPositionReader.position("node2", "127.0.0.1", port2, "postgres");
    assertEquals("node2", PromotionChoice.choose(List.of(pos), false).orElseThrow().node());
    ActionResult promote = run(OcfAction.PROMOTE, node2);
    assertEquals(OcfExitCode.SUCCESS, promote.rc(), promote.summary());
    assertEquals(OcfExitCode.RUNNING_PROMOTED, run(OcfAction.MONITOR, node2).rc());
    sql(port2, "insert into t select generate_series(201, 300)");

    // The old primary rejoins: rewound onto the new timeline, then streaming.
    ActionResult rejoin = run(OcfAction.START, node1);
    assertEquals(OcfExitCode.SUCCESS, rejoin.rc(), rejoin.summary());
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.MONITOR, node1).rc());
    long t0 = System.nanoTime();
    assertTrue(eventually(() -> count(port1, "t") == 300, 15_000), "old primary streams again");
    long catchUpMs = (System.nanoTime() - t0) / 1_000_000;

    // Planned switchover back, in Pacemaker's order: demote the primary, then promote.
    ActionResult demote2 = run(OcfAction.DEMOTE, node2);
    assertEquals(OcfExitCode.SUCCESS, demote2.rc(), demote2.summary());
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.MONITOR, node2).rc());
    ActionResult promote1 = run(OcfAction.PROMOTE, node1);
    assertEquals(OcfExitCode.SUCCESS, promote1.rc(), promote1.summary());
    assertEquals(OcfExitCode.RUNNING_PROMOTED, run(OcfAction.MONITOR, node1).rc());
    sql(port1, "insert into t select generate_series(301, 400)");
    assertTrue(eventually(() -> count(port2, "t") == 400, 15_000), "demoted node2 follows node1");

    System.out.printf(
        kind
            + " pgsql: standby start %d ms, promote %d ms, rewind+rejoin start %d ms, rejoined caught up %d ms, "
            + "demote %d ms, promote back %d ms%n",
        start.durationMs(),
        promote.durationMs(),
        rejoin.durationMs(),
        catchUpMs,
        promote1.durationMs(),
        demote2.durationMs());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"bundled", "script"})
  void synchronousPrimaryCrashLosesNoAcknowledgedRow(String kind) throws Exception {
    use(kind);
    Path p1 = lab.primary("node1", "synchronous_commit = on");
    int port1 = lab.port(0);
    int port2 = lab.port(1);
    sql(port1, "create table acked(id int primary key)");
    Path p2 = lab.cloneOf(port1, "node2");
    Map<String, String> node2 = params(p2, port2, port1, "node2");
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.START, node2).rc());
    // Only now: with a synchronous standby named before it exists, every commit would wait.
    sql(port1, "alter system set synchronous_standby_names = 'node2'");
    sql(port1, "select pg_reload_conf()");
    assertTrue(eventually(() -> syncState(port1).equals("sync"), 10_000), "node2 is synchronous");

    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = PgsqlPositionReader.connect("127.0.0.1", port1, "postgres");
                  Statement st = c.createStatement()) {
                for (int i = 1; !stop.get(); i++) {
                  st.execute("insert into acked values (" + i + ")");
                  acknowledged.add(i); // commit returned: the client was told it is durable
                }
              } catch (SQLException e) {
                // The crash ends the writer.
              }
            });
    writer.start();
    assertTrue(eventually(() -> acknowledged.size() >= 200, 20_000));
    lab.crash(p1);
    stop.set(true);
    writer.join(10_000);

    StandbyPosition pos = PgsqlPositionReader.position("node2", "127.0.0.1", port2, "postgres");
    StandbyPosition chosen =
        PromotionChoice.choose(
                List.of(new StandbyPosition(pos.node(), pos.timeline(), pos.lsn(), true)), true)
            .orElseThrow();
    assertEquals("node2", chosen.node());
    long t0 = System.nanoTime();
    assertEquals(OcfExitCode.SUCCESS, run(OcfAction.PROMOTE, node2).rc());
    long promoteMs = (System.nanoTime() - t0) / 1_000_000;
    // Every acknowledged id must be on the new primary.
    try (Connection c = PgsqlPositionReader.connect("127.0.0.1", port2, "postgres");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select id from acked")) {
      Set<Integer> present = new java.util.HashSet<>();
      while (rs.next()) {
        present.add(rs.getInt(1));
      }
      Set<Integer> lost = new java.util.TreeSet<>(acknowledged);
      lost.removeAll(present);
      assertTrue(lost.isEmpty(), "acknowledged rows lost: " + lost);
      System.out.printf(
          kind
              + " pgsql sync crash: %d acknowledged rows, %d on new primary, 0 lost; promote %d ms%n",
          acknowledged.size(),
          present.size(),
          promoteMs);
    }
  }

  @org.junit.jupiter.api.Test
  void scriptPassesOcfTester() throws Exception {
    assumeTrue(
        java.nio.file.Files.isExecutable(Path.of("/usr/sbin/ocf-tester")), "resource-agents");
    Path p1 = lab.primary("node1");
    int port1 = lab.port(0);
    Path p2 = lab.cloneOf(port1, "node2");
    var r =
        NetnsPair.sh(
            "/usr/sbin/ocf-tester",
            "-n",
            "db",
            "-o",
            "pgdata=" + p2,
            "-o",
            "pgport=" + lab.port(1),
            "-o",
            "socket_dir=" + lab.dir,
            "-o",
            "primary_host=127.0.0.1",
            "-o",
            "primary_port=" + port1,
            "-o",
            "node_name=node2",
            Path.of("ocf/paceline/pgsql").toAbsolutePath().toString());
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("passed all tests"), r.out());
  }

  private static String syncState(int port) throws SQLException {
    try (Connection c = PgsqlPositionReader.connect("127.0.0.1", port, "postgres");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("select coalesce(max(sync_state), '') from pg_stat_replication")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
