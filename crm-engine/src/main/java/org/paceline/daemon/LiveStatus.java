package org.paceline.daemon;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlWriter;
import org.paceline.fencing.FenceHistory;
import org.paceline.fencing.HistoryEntry;
import org.paceline.fencing.HistoryResult;
import org.paceline.http.RoleFile;
import org.paceline.membership.MembershipView;
import org.paceline.membership.NodeConfig;
import org.paceline.replication.QuorumState;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.FencingEvent;
import org.paceline.status.NoQuorumException;
import org.paceline.status.SnapshotJson;
import org.paceline.status.StatusUnavailableException;

/**
 * The cluster status as this node sees it, for {@code crm status}, the HTTP API and the role file.
 *
 * <p>The DC computes the status; it <b>pushes</b> its latest snapshot ({@link StatusPush}) to every
 * member after each change and to members that join, so every node answers from memory: probes
 * (HAProxy every 2 s, from several balancers) cost no cluster round trip, and the role file follows
 * each change without polling. A node shows the pushed status only while it is quorate and the push
 * came from the DC it currently follows; otherwise it has no status ({@link NoQuorumException}),
 * never a stale one. Quorum, DC, members and last-seen times are this node's own view.
 */
final class LiveStatus implements AutoCloseable {
  /** Fencing events a snapshot carries (the newest). */
  static final int FENCING_EVENTS_SHOWN = 50;

  /**
   * Safety-net refresh of the push and the role file, in case a change came through a path that
   * does not call {@link #changed}; every known change triggers a refresh at once.
   */
  static final long REFRESH_MS = 5_000;

  private record Received(String dc, long term, ClusterSnapshot snapshot) {}

  private final NodeConfig config;
  private final Supplier<QuorumState> quorum;
  private final Supplier<MembershipView> view;
  private final LongSupplier term;
  private final Map<String, Instant> lastSeen;
  private final FenceHistory history;
  private final RoleFile roleFile;
  private final DaemonLog log;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "live-status");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile ControllerHost host;
  private volatile Cib dcCib;
  private volatile Received fromDc;
  private String lastPushKey;
  private RoleFile.NodeRole lastRole;

  LiveStatus(
      NodeConfig config,
      Supplier<QuorumState> quorum,
      Supplier<MembershipView> view,
      LongSupplier term,
      Map<String, Instant> lastSeen,
      DaemonLog log) {
    this.config = config;
    this.quorum = quorum;
    this.view = view;
    this.term = term;
    this.lastSeen = lastSeen;
    this.history = new FenceHistory(config.dataDir().resolve("fencing").resolve("history.jsonl"));
    this.roleFile = config.roleFile() == null ? null : new RoleFile(config.roleFile());
    this.log = log;
    worker.scheduleWithFixedDelay(this::changed, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
  }

  /** The controller host whose channel carries the pushes (null: a node without controller). */
  void attach(ControllerHost h) {
    this.host = h;
    h.onSnapshot(this::dcSnapshot);
    h.onStatusPush(this::pushed);
  }

  /** The resource that makes a node active, from the bootstrap file's http section, or null. */
  String activeResource() {
    return config.http() == null ? null : config.http().activeResource();
  }

  /** This node's controller computed a snapshot (null: not the DC). Controller thread: quick. */
  private void dcSnapshot(Cib c) {
    Cib before = dcCib;
    dcCib = c;
    if (c != before) {
      changed();
    }
  }

  /** Another daemon pushed its status. */
  private void pushed(String from, StatusPush p) {
    if (!p.dc().equals(from)) {
      log.info("ignoring a status push not sent by its DC", "from", from, "dc", p.dc());
      return;
    }
    Received old = fromDc;
    if (old != null && old.dc().equals(p.dc()) && old.term() > p.term()) {
      return;
    }
    ClusterSnapshot s;
    try {
      s = SnapshotJson.read(p.snapshot(), "status push from " + from);
    } catch (StatusUnavailableException e) {
      log.info("ignoring a damaged status push", "from", from, "error", e.getMessage());
      return;
    }
    fromDc = new Received(p.dc(), p.term(), s);
    changed();
  }

  /** Something the status depends on changed: refresh the push and the role file (coalesced). */
  void changed() {
    if (pending.compareAndSet(false, true)) {
      try {
        worker.execute(this::refresh);
      } catch (RejectedExecutionException closed) {
        // Shutting down.
      }
    }
  }

  private void refresh() {
    pending.set(false);
    try {
      publish();
    } catch (RuntimeException e) {
      log.info("cannot push the status", "error", e.toString());
    }
    try {
      updateRoleFile();
    } catch (RuntimeException | IOException e) {
      log.info("cannot update the role file", "file", config.roleFile(), "error", e.toString());
    }
  }

  /** On the DC: sends the snapshot to every other member when it (or the membership) changed. */
  private void publish() {
    Cib c = dcCib;
    ControllerHost h = host;
    if (c == null || h == null) {
      lastPushKey = null;
      return;
    }
    MembershipView v = view.get();
    List<String> members = v == null ? List.of() : v.members();
    List<FencingEvent> fencing = fencingHistory();
    long t = term.getAsLong();
    // executionDate changes every second; it is not a change of the status.
    Cib undated =
        new Cib(
            c.version(),
            c.validateWith(),
            c.haveQuorum(),
            c.dcUuid(),
            null,
            c.otherAttributes(),
            c.configuration(),
            c.status(),
            c.otherStatusChildren());
    String key = t + "|" + members + "|" + fencing + "|" + CibXmlWriter.write(undated);
    if (key.equals(lastPushKey)) {
      return;
    }
    ClusterSnapshot s =
        new ClusterSnapshot(
            config.nodeName(),
            c,
            true,
            config.nodeName(),
            members,
            Map.of(),
            fencing,
            activeResource(),
            Instant.now());
    StatusPush p = new StatusPush(config.nodeName(), t, SnapshotJson.write(s));
    for (String m : members) {
      if (!m.equals(config.nodeName()) && !h.send(m, p)) {
        log.info("cannot push the status to a member", "node", m);
      }
    }
    lastPushKey = key;
  }

  private void updateRoleFile() throws IOException {
    if (roleFile == null) {
      return;
    }
    RoleFile.NodeRole role;
    String why;
    try {
      role = RoleFile.roleOf(snapshot());
      why = activeResource() + " is " + (role == RoleFile.NodeRole.ACTIVE ? "here" : "elsewhere");
    } catch (StatusUnavailableException e) {
      // Without a current status this node must not believe it is active.
      role = RoleFile.NodeRole.STANDBY;
      why = e.getMessage();
    }
    roleFile.write(role);
    if (role != lastRole) {
      log.info("role changed", "role", role.word(), "file", config.roleFile(), "reason", why);
      lastRole = role;
    }
  }

  /**
   * The cluster status seen from this node now.
   *
   * @throws NoQuorumException when this partition has no quorum or DC, or the DC's status has not
   *     arrived yet
   */
  ClusterSnapshot snapshot() throws StatusUnavailableException {
    QuorumState q = quorum.get();
    if (!q.quorate()) {
      throw new NoQuorumException("no quorum in this partition: " + q.reason());
    }
    if (q.dc() == null) {
      throw new NoQuorumException("no DC: " + q.reason());
    }
    Cib cib;
    List<FencingEvent> fencing;
    if (q.dc().equals(config.nodeName())) {
      cib = dcCib;
      if (cib == null) {
        throw new NoQuorumException(
            "this node is the new DC and has not computed the status yet; try again");
      }
      fencing = fencingHistory();
    } else {
      Received r = fromDc;
      // The same DC may be elected again in a later term: only its push of this term counts.
      if (r == null || !r.dc().equals(q.dc()) || r.term() < term.getAsLong()) {
        throw new NoQuorumException(
            "waiting for the status from the DC "
                + q.dc()
                + (r == null ? "" : " (the last one came from " + r.dc() + ")"));
      }
      cib = r.snapshot().cib();
      fencing = r.snapshot().fencingHistory();
    }
    Instant now = Instant.now();
    MembershipView v = view.get();
    List<String> members = v == null ? List.of(config.nodeName()) : v.members();
    Map<String, Instant> seen = new TreeMap<>();
    for (String n : config.raftMembers()) {
      Instant t = members.contains(n) ? now : lastSeen.get(n);
      if (t != null) {
        seen.put(n, t);
      }
    }
    return new ClusterSnapshot(
        config.nodeName(), cib, true, q.dc(), members, seen, fencing, activeResource(), now);
  }

  private List<FencingEvent> fencingHistory() {
    List<HistoryEntry> entries;
    try {
      entries = history.read().entries();
    } catch (IOException e) {
      log.info("cannot read the fencing history", "file", history.file(), "error", e.getMessage());
      return List.of();
    }
    List<FencingEvent> out = new ArrayList<>();
    for (HistoryEntry e :
        entries.subList(Math.max(0, entries.size() - FENCING_EVENTS_SHOWN), entries.size())) {
      boolean ok =
          e.result() == HistoryResult.SUCCEEDED
              || e.result() == HistoryResult.CONFIRMED_BY_OPERATOR;
      String detail =
          "by "
              + e.origin()
              + (e.device() == null ? "" : " with " + e.device())
              + (ok ? "" : ": " + e.result().name().toLowerCase(java.util.Locale.ROOT))
              + (e.message() == null || e.message().isBlank() ? "" : ": " + e.message());
      out.add(new FencingEvent(e.target(), e.action().word(), ok, e.time(), detail));
    }
    return out;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
