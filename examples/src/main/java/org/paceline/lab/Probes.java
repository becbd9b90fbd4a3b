package org.paceline.lab;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a client of the hub sees, measured continuously on threads of their own: a writer that
 * commits one row at a time through the VIP (the server commits synchronously), a pinger of the
 * VIP, and a split-brain watch that looks at every host directly. Each records timestamped events
 * the campaign drains per fault.
 */
final class Probes implements AutoCloseable {
  /** Pause between VIP pings. */
  static final long PING_INTERVAL_MS = 50;

  /** How long one ping waits for its echo. */
  static final int PING_TIMEOUT_MS = 200;

  /** Pause between split-brain looks at every host. */
  static final long WATCH_INTERVAL_MS = 100;

  /** Pause after a failed write before the next attempt. */
  static final long WRITE_RETRY_MS = 50;

  /** One attempt: when it started and ended (System.nanoTime) and whether it succeeded. */
  record Attempt(long startNs, long endNs, boolean ok) {}

  /** A moment at which more than one host held the VIP or accepted writes. */
  record SplitBrain(long atNs, String what) {}

  final ConcurrentLinkedQueue<Attempt> writes = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Attempt> pings = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<SplitBrain> splitBrains = new ConcurrentLinkedQueue<>();

  /** Ids whose commit the server acknowledged and the campaign has not verified yet. */
  final ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();

  final AtomicLong lastWriteOkNs = new AtomicLong();
  final AtomicLong lastPingOkNs = new AtomicLong();
  final AtomicLong watchRounds = new AtomicLong();

  private final LabSite lab;
  private final String url;
  private volatile boolean running = true;
  private final List<Thread> threads = new ArrayList<>();
  private final ExecutorService watchPool = Executors.newFixedThreadPool(4);

  Probes(LabSite lab) throws SQLException {
    this.lab = lab;
    this.url = "jdbc:postgresql://" + lab.vip + ":5432/postgres";
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("create table if not exists campaign (id bigint primary key, at timestamptz)");
    }
  }

  Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("connectTimeout", "1");
    p.setProperty("loginTimeout", "2");
    // A commit waiting for a standby that is gone would block forever: give up after 2 s and
    // count the write as failed (it may still commit later: then it was never acknowledged).
    p.setProperty("socketTimeout", "2");
    p.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(url, p);
  }

  void start() {
    for (Runnable r : List.<Runnable>of(this::writeLoop, this::pingLoop, this::watchLoop)) {
      Thread t = new Thread(r, "probe");
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  private void writeLoop() {
    long next;
    try (Connection c = connect();
        Statement st = c.createStatement();
        var rs = st.executeQuery("select coalesce(max(id), 0) from campaign")) {
      rs.next();
      next = rs.getLong(1) + 1;
    } catch (SQLException e) {
      next = System.currentTimeMillis() * 1000;
    }
    Connection c = null;
    while (running) {
      long start = System.nanoTime();
      try {
        if (c == null) {
          c = connect();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into campaign values (?, now())")) {
          ps.setLong(1, next);
          ps.executeUpdate();
        }
        long end = System.nanoTime();
        acked.add(next);
        writes.add(new Attempt(start, end, true));
        lastWriteOkNs.set(end);
        next++;
      } catch (SQLException e) {
        writes.add(new Attempt(start, System.nanoTime(), false));
        // The row may have committed without our seeing it: never reuse its id.
        next++;
        closeQuietly(c);
        c = null;
        pause(WRITE_RETRY_MS);
      }
    }
    closeQuietly(c);
  }

  private void pingLoop() {
    while (running) {
      long start = System.nanoTime();
      boolean ok;
      try {
        ok = InetAddress.getByName(lab.vip).isReachable(PING_TIMEOUT_MS);
      } catch (java.io.IOException e) {
        ok = false;
      }
      long end = System.nanoTime();
      pings.add(new Attempt(start, end, ok));
      if (ok) {
        lastPingOkNs.set(end);
      }
      pause(PING_INTERVAL_MS);
    }
  }

  private void watchLoop() {
    while (running) {
      long at = System.nanoTime();
      List<Future<boolean[]>> looks = new ArrayList<>();
      for (String h : lab.resourceHosts) {
        looks.add(watchPool.submit(() -> new boolean[] {lab.holdsVip(h), lab.writablePrimary(h)}));
      }
      List<String> vip = new ArrayList<>();
      List<String> writable = new ArrayList<>();
      for (int i = 0; i < looks.size(); i++) {
        try {
          boolean[] r = looks.get(i).get();
          if (r[0]) {
            vip.add(lab.resourceHosts.get(i));
          }
          if (r[1]) {
            writable.add(lab.resourceHosts.get(i));
          }
        } catch (Exception e) {
          // A look that failed proves nothing either way.
        }
      }
      if (vip.size() > 1) {
        splitBrains.add(new SplitBrain(at, "VIP on " + vip));
      }
      if (writable.size() > 1) {
        splitBrains.add(new SplitBrain(at, "writable primaries on " + writable));
      }
      watchRounds.incrementAndGet();
      pause(WATCH_INTERVAL_MS);
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms); // pacing of a probe loop, not a wait for a condition
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // broken anyway
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(5_000);
    }
    watchPool.shutdownNow();
  }
}
