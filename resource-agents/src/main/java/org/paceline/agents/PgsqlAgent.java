package org.paceline.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Built-in promotable agent {@code ocf:paceline:pgsql} for PostgreSQL 15 streaming replication. An
 * instance always starts as a standby of {@code primary_host:primary_port}; promote turns it into
 * the primary. Monitor: 8 primary, 0 standby, 7 cleanly stopped, 9 a primary that crashed (control
 * file says "in production" while nothing runs). A former primary is rewound with pg_rewind before
 * it starts as a standby, and its standby settings are rewritten afterwards because pg_rewind
 * copies postgresql.auto.conf from the source. Queries use the PostgreSQL JDBC driver; server
 * programs run as {@code os_user} (PostgreSQL refuses root).
 */
public final class PgsqlAgent implements ResourceAgent {
  public static final AgentId ID = AgentId.ocf("paceline", "pgsql");

  private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_.:/-]+");
  private static final long JDBC_CONNECT_TIMEOUT_S = 5;

  private final CommandRunner commands;

  public PgsqlAgent(CommandRunner commands) {
    this.commands = commands;
  }

  @Override
  public AgentId id() {
    return ID;
  }

  @Override
  public AgentMetadata metadata() {
    List<ParameterSpec> params =
        List.of(
            param("pgdata", true, "", "Data directory"),
            param("pgport", false, "5432", "Port of this instance"),
            param("pgbin", false, "/usr/lib/postgresql/15/bin", "PostgreSQL programs"),
            param("os_user", false, "postgres", "System user owning pgdata"),
            param("socket_dir", false, "/tmp", "Unix socket directory"),
            param("primary_host", false, "", "Address of the primary (usually the VIP)"),
            param("primary_port", false, "5432", "Port of the primary"),
            param("repl_user", false, "postgres", "Replication user"),
            param("node_name", false, "", "application_name (default: resource instance)"));
    List<ActionSpec> actions = new ArrayList<>();
    for (String a : List.of("start", "stop", "promote", "demote", "monitor", "meta-data")) {
      actions.add(
          new ActionSpec(
              a,
              java.util.Optional.of(a.equals("meta-data") ? 5_000L : 60_000L),
              java.util.Optional.empty(),
              java.util.Optional.empty()));
    }
    return new AgentMetadata(
        "pgsql", "1.0", "PostgreSQL streaming replication", "", params, actions);
  }

  private static ParameterSpec param(String name, boolean required, String def, String desc) {
    return new ParameterSpec(
        name,
        required,
        false,
        "string",
        def.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(def),
        desc);
  }

  /** Validated instance configuration. */
  private record Config(
      Path pgdata,
      int port,
      Path bin,
      String osUser,
      String socketDir,
      String primaryHost,
      int primaryPort,
      String replUser,
      String nodeName) {}

  @Override
  public ActionResult execute(ActionRequest request) {
    long startNs = System.nanoTime();
    long deadlineNs = startNs + request.timeoutMs() * 1_000_000L;
    ActionResult r;
    Config cfg;
    try {
      cfg = config(request);
    } catch (IllegalArgumentException e) {
      return result(request, OcfExitCode.NOT_CONFIGURED, e.getMessage(), startNs);
    }
    try {
      r =
          switch (request.action()) {
            case MONITOR -> monitor(request, cfg, deadlineNs);
            case START -> start(request, cfg, deadlineNs);
            case STOP -> stop(request, cfg, deadlineNs);
            case PROMOTE -> promote(request, cfg, deadlineNs);
            case DEMOTE -> demote(request, cfg, deadlineNs);
            case VALIDATE_ALL -> ok(request);
            default ->
                fail(request, OcfExitCode.UNIMPLEMENTED, request.action() + " not implemented");
          };
    } catch (IOException e) {
      r = fail(request, OcfExitCode.GENERIC_ERROR, e.getMessage());
    }
    return result(request, r.rc(), r.exitReason(), startNs);
  }

  private Config config(ActionRequest request) {
    Map<String, String> p = request.parameters();
    String pgdata = p.getOrDefault("pgdata", "");
    if (pgdata.isEmpty()) {
      throw new IllegalArgumentException(
          "resource " + request.resourceId() + ": parameter pgdata is required");
    }
    Config c =
        new Config(
            Path.of(pgdata),
            port(p.getOrDefault("pgport", "5432"), "pgport"),
            Path.of(p.getOrDefault("pgbin", "/usr/lib/postgresql/15/bin")),
            word(p.getOrDefault("os_user", "postgres"), "os_user"),
            word(p.getOrDefault("socket_dir", "/tmp"), "socket_dir"),
            p.getOrDefault("primary_host", ""),
            port(p.getOrDefault("primary_port", "5432"), "primary_port"),
            word(p.getOrDefault("repl_user", "postgres"), "repl_user"),
            word(p.getOrDefault("node_name", request.resourceId().replace(':', '_')), "node_name"));
    if (!c.primaryHost.isEmpty()) {
      word(c.primaryHost, "primary_host");
    }
    return c;
  }

  private static int port(String v, String name) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0 && n < 65536) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " '" + v + "' is not a TCP port");
  }

  private static String word(String v, String name) {
    // These end up in pg_ctl -o (which PostgreSQL passes through a shell) and conninfo strings.
    if (!SAFE_WORD.matcher(v).matches()) {
      throw new IllegalArgumentException(
          name + " '" + v + "' contains characters not allowed here");
    }
    return v;
  }

  // ---- monitor ----

  private ActionResult monitor(ActionRequest request, Config cfg, long deadlineNs)
      throws IOException {
    if (!Files.isDirectory(cfg.pgdata)) {
      return request.isProbe() || request.action() == OcfAction.MONITOR
          ? fail(request, OcfExitCode.NOT_RUNNING, "")
          : fail(request, OcfExitCode.NOT_CONFIGURED, "pgdata " + cfg.pgdata + " does not exist");
    }
    CommandResult status =
        asOsUser(
            cfg,
            deadlineNs,
            cfg.bin.resolve("pg_ctl").toString(),
            "-D",
            cfg.pgdata.toString(),
            "status");
    if (status.exitStatus() == 127) {
      return fail(request, OcfExitCode.NOT_INSTALLED, "pg_ctl not found in " + cfg.bin);
    }
    if (status.exitStatus() != 0) {
      String state = clusterState(cfg, deadlineNs);
      // A fresh pg_basebackup copy also says "in production": only without standby.signal is
      // it a primary that crashed.
      if (state.equals("in production") && !Files.exists(cfg.pgdata.resolve("standby.signal"))) {
        return fail(
            request,
            OcfExitCode.FAILED_PROMOTED,
            "primary is not running but its control file says 'in production' (crashed)");
      }
      return fail(request, OcfExitCode.NOT_RUNNING, "");
    }
    try (Connection c = connect("127.0.0.1", cfg.port, cfg.osUser);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select pg_is_in_recovery()")) {
      rs.next();
      return rs.getBoolean(1) ? ok(request) : fail(request, OcfExitCode.RUNNING_PROMOTED, "");
    } catch (SQLException e) {
      return fail(
          request,
          OcfExitCode.GENERIC_ERROR,
          "postmaster runs but does not answer on port " + cfg.port + ": " + e.getMessage());
    }
  }

  private String clusterState(Config cfg, long deadlineNs) {
    CommandResult r =
        asOsUser(
            cfg,
            deadlineNs,
            cfg.bin.resolve("pg_controldata").toString(),
            "-D",
            cfg.pgdata.toString());
    for (String line : r.stdout().split("\n")) {
      if (line.startsWith("Database cluster state:")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "";
  }

  // ---- start / stop ----

  private ActionResult start(ActionRequest request, Config cfg, long deadlineNs)
      throws IOException {
    ActionResult now = monitor(request, cfg, deadlineNs);
    if (now.rc() == OcfExitCode.SUCCESS || now.rc() == OcfExitCode.RUNNING_PROMOTED) {
      return ok(request);
    }
    if (now.rc() != OcfExitCode.NOT_RUNNING && now.rc() != OcfExitCode.FAILED_PROMOTED) {
      return now;
    }
    if (cfg.primaryHost.isEmpty()) {
      return fail(
          request,
          OcfExitCode.NOT_CONFIGURED,
          "resource " + request.resourceId() + ": primary_host is required to start as a standby");
    }
    boolean wasPrimary = !Files.exists(cfg.pgdata.resolve("standby.signal"));
    if (wasPrimary) {
      ActionResult rewound = rewind(request, cfg, deadlineNs);
      if (rewound.rc() != OcfExitCode.SUCCESS) {
        return rewound;
      }
    }
    return startStandby(request, cfg, deadlineNs);
  }

  /**
   * Brings a former primary onto the current primary's timeline. A crashed primary ("in
   * production") may hold WAL nobody else has, so without a reachable source it must not start. A
   * cleanly shut down one has sent all its WAL to the standbys, so when no primary answers yet (a
   * demote runs before the promote), it may start as a standby and wait for one.
   */
  private ActionResult rewind(ActionRequest request, Config cfg, long deadlineNs) {
    String source =
        "host="
            + cfg.primaryHost
            + " port="
            + cfg.primaryPort
            + " user="
            + cfg.replUser
            + " dbname=postgres";
    boolean reachable;
    try (Connection c = connect(cfg.primaryHost, cfg.primaryPort, cfg.replUser)) {
      reachable = true;
    } catch (SQLException e) {
      reachable = false;
    }
    if (!reachable) {
      String state = clusterState(cfg, deadlineNs);
      if (state.equals("shut down")) {
        return ok(request);
      }
      return fail(
          request,
          OcfExitCode.GENERIC_ERROR,
          "former primary (state '"
              + state
              + "') needs pg_rewind but primary "
              + cfg.primaryHost
              + ":"
              + cfg.primaryPort
              + " does not answer");
    }
    CommandResult rw =
        asOsUser(
            cfg,
            deadlineNs,
            cfg.bin.resolve("pg_rewind").toString(),
            "-D",
            cfg.pgdata.toString(),
            "--source-server=" + source);
    if (!rw.ok()) {
      return fail(
          request,
          OcfExitCode.GENERIC_ERROR,
          "pg_rewind from " + cfg.primaryHost + ":" + cfg.primaryPort + " failed: " + rw.message());
    }
    return ok(request);
  }

  private ActionResult startStandby(ActionRequest request, Config cfg, long deadlineNs)
      throws IOException {
    writeStandbyConfig(cfg);
    CommandResult r =
        asOsUser(
            cfg,
            deadlineNs,
            cfg.bin.resolve("pg_ctl").toString(),
            "-D",
            cfg.pgdata.toString(),
            "-l",
            cfg.pgdata.resolve("pg_ctl.log").toString(),
            "-w",
            "-t",
            Long.toString(Math.max(1, secondsLeft(deadlineNs) - 1)),
            "-o",
            "-p " + cfg.port + " -k " + cfg.socketDir,
            "start");
    if (!r.ok()) {
      return fail(
          request,
          OcfExitCode.GENERIC_ERROR,
          "pg_ctl start failed: "
              + r.message()
              + " (see "
              + cfg.pgdata.resolve("pg_ctl.log")
              + ")");
    }
    return ok(request);
  }

  /**
   * Makes pgdata a standby of the configured primary. Rewrites postgresql.auto.conf rather than
   * relying on it, because pg_basebackup -R and pg_rewind both leave the source's settings there.
   */
  private void writeStandbyConfig(Config cfg) throws IOException {
    Path auto = cfg.pgdata.resolve("postgresql.auto.conf");
    List<String> lines = new ArrayList<>();
    if (Files.exists(auto)) {
      for (String l : Files.readAllLines(auto)) {
        String t = l.strip();
        if (!t.startsWith("primary_conninfo") && !t.startsWith("primary_slot_name")) {
          lines.add(l);
        }
      }
    }
    lines.add(
        "primary_conninfo = 'host="
            + cfg.primaryHost
            + " port="
            + cfg.primaryPort
            + " user="
            + cfg.replUser
            + " application_name="
            + cfg.nodeName
            + "'");
    Files.write(auto, lines);
    Path signal = cfg.pgdata.resolve("standby.signal");
    if (!Files.exists(signal)) {
      Files.createFile(signal);
    }
    UserPrincipal owner = Files.getOwner(cfg.pgdata);
    Files.setOwner(auto, owner);
    Files.setOwner(signal, owner);
  }

  private ActionResult stop(ActionRequest request, Config cfg, long deadlineNs) throws IOException {
    if (!Files.isDirectory(cfg.pgdata)) {
      return ok(request);
    }
    CommandResult status =
        asOsUser(
            cfg,
            deadlineNs,
            cfg.bin.resolve("pg_ctl").toString(),
            "-D",
            cfg.pgdata.toString(),
            "status");
    if (status.exitStatus() != 0) {
      return ok(request);
    }
    CommandResult r =
        asOsUser(
            cfg,
            deadlineNs,
            cfg.bin.resolve("pg_ctl").toString(),
            "-D",
            cfg.pgdata.toString(),
            "-w",
            "-t",
            Long.toString(Math.max(1, secondsLeft(deadlineNs) - 1)),
            "-m",
            "fast",
            "stop");
    return r.ok()
        ? ok(request)
        : fail(request, OcfExitCode.GENERIC_ERROR, "pg_ctl stop failed: " + r.message());
  }

  // ---- promote / demote ----

  private ActionResult promote(ActionRequest request, Config cfg, long deadlineNs)
      throws IOException {
    ActionResult now = monitor(request, cfg, deadlineNs);
    if (now.rc() == OcfExitCode.RUNNING_PROMOTED) {
      return ok(request);
    }
    if (now.rc() != OcfExitCode.SUCCESS) {
      return fail(
          request,
          OcfExitCode.GENERIC_ERROR,
          "only a running standby can be promoted; monitor says " + now.rc());
    }
    CommandResult r =
        asOsUser(
            cfg,
            deadlineNs,
            cfg.bin.resolve("pg_ctl").toString(),
            "-D",
            cfg.pgdata.toString(),
            "-w",
            "-t",
            Long.toString(Math.max(1, secondsLeft(deadlineNs) - 1)),
            "promote");
    if (!r.ok()) {
      return fail(request, OcfExitCode.GENERIC_ERROR, "pg_ctl promote failed: " + r.message());
    }
    // Without a checkpoint the control file still shows the old timeline and pg_rewind of the old
    // primary would wrongly answer "no rewind required".
    try (Connection c = connect("127.0.0.1", cfg.port, cfg.osUser);
        Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
    } catch (SQLException e) {
      return fail(
          request, OcfExitCode.GENERIC_ERROR, "promoted, but CHECKPOINT failed: " + e.getMessage());
    }
    return ok(request);
  }

  private ActionResult demote(ActionRequest request, Config cfg, long deadlineNs)
      throws IOException {
    // A fast shutdown lets the walsenders ship all WAL first, so the standbys hold everything
    // this primary wrote and it can follow the next primary without pg_rewind.
    ActionResult stopped = stop(request, cfg, deadlineNs);
    if (stopped.rc() != OcfExitCode.SUCCESS) {
      return stopped;
    }
    return startStandby(request, cfg, deadlineNs);
  }

  // ---- helpers ----

  /** Current timeline and replay/write LSN of a running instance (for {@link PromotionChoice}). */
  public static StandbyPosition position(String node, String host, int port, String user)
      throws SQLException {
    try (Connection c = connect(host, port, user);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select timeline_id, case when pg_is_in_recovery() then pg_last_wal_replay_lsn()"
                    + " else pg_current_wal_lsn() end from pg_control_checkpoint()")) {
      rs.next();
      return new StandbyPosition(
          node, rs.getLong(1), PromotionChoice.parseLsn(rs.getString(2)), false);
    }
  }

  static Connection connect(String host, int port, String user) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("connectTimeout", Long.toString(JDBC_CONNECT_TIMEOUT_S));
    props.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/postgres", props);
  }

  private CommandResult asOsUser(Config cfg, long deadlineNs, String... argv) {
    List<String> full = new ArrayList<>();
    if (ProcessHandle.current().info().user().orElse("").equals("root")) {
      full.addAll(List.of("runuser", "-u", cfg.osUser, "--"));
    }
    full.addAll(List.of(argv));
    return commands.run(
        full, Map.of("PGHOST", cfg.socketDir), (deadlineNs - System.nanoTime()) / 1_000_000);
  }

  private static long secondsLeft(long deadlineNs) {
    return Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000_000L);
  }

  private static ActionResult ok(ActionRequest r) {
    return ActionResult.of(r.action(), OcfExitCode.SUCCESS, "", 0);
  }

  private static ActionResult fail(ActionRequest r, OcfExitCode rc, String reason) {
    return ActionResult.of(r.action(), rc, reason, 0);
  }

  private static ActionResult result(ActionRequest r, OcfExitCode rc, String reason, long startNs) {
    return ActionResult.of(r.action(), rc, reason, (System.nanoTime() - startNs) / 1_000_000);
  }
}
