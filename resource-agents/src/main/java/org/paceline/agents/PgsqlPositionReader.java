package org.paceline.agents;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Reads where a running PostgreSQL instance stands (timeline, replay or write LSN) through the
 * PostgreSQL JDBC driver, the input of {@link PromotionChoice}. The agent itself is the OCF script
 * {@code ocf:paceline:pgsql}; this is the part of choosing a standby that runs in the JVM.
 */
public final class PgsqlPositionReader {
  private static final long JDBC_CONNECT_TIMEOUT_S = 5;

  /** Bounds a query that hangs (a server stuck in recovery) instead of waiting forever. */
  private static final long JDBC_SOCKET_TIMEOUT_S = 30;

  private PgsqlPositionReader() {}

  /** Current timeline and replay/write LSN of a running instance. */
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

  /** A connection to the {@code postgres} database of the instance at {@code host:port}. */
  public static Connection connect(String host, int port, String user) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("connectTimeout", Long.toString(JDBC_CONNECT_TIMEOUT_S));
    props.setProperty("socketTimeout", Long.toString(JDBC_SOCKET_TIMEOUT_S));
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/postgres", props);
  }
}
