package org.paceline.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.paceline.cib.Cib;
import org.paceline.controller.Event;
import org.paceline.membership.ClusterChannel;
import org.paceline.membership.ClusterTls;
import org.paceline.membership.MembershipView;
import org.paceline.membership.NodeConfig;
import org.paceline.membership.TransportSecurity;
import org.paceline.replication.ApplyWatch;
import org.paceline.replication.ElectionWatch;
import org.paceline.replication.QuorumInputs;
import org.paceline.replication.QuorumPolicy;
import org.paceline.replication.QuorumState;
import org.paceline.replication.RaftReplicator;
import org.paceline.replication.ReplicatedConfiguration;

/**
 * One running node: the channel, Raft, the replicated configuration and the admin socket, wired
 * together. Adapters feed the {@link QuorumPolicy}; this class holds no decision logic of its own.
 */
public final class NodeDaemon implements AutoCloseable {
  /** Marker written once every voter was seen together, so wait_for_all holds across restarts. */
  public static final String WAIT_FOR_ALL_MARKER = "wait-for-all.done";

  /**
   * Written by {@code crm cluster join}: this node still has to be added as a Raft voter and
   * recorded in the configuration. Removed once both are committed.
   */
  public static final String JOIN_PENDING = "join-pending";

  private final NodeConfig config;
  private final DaemonLog log;
  private final ClusterChannel channel;
  private final ReplicatedConfiguration sm;
  private final RaftReplicator raft;
  private final QuorumPolicy policy = QuorumPolicy.standard();
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

  /** Members not in node.yaml, learnt from the replicated configuration (joined later). */
  private final LearnedPeers learned;

  private final boolean joining;
  private volatile MembershipView view;
  private volatile boolean seenTogether;
  private volatile QuorumState lastState;
  private AdminServer admin;
  private LiveStatus live;
  private org.paceline.http.StatusHttpServer http;
  private volatile ControllerHost host;
  // The node's alert agents (Pacemaker's <alerts>): membership here, operations, fencing and
  // attributes in the node side.
  private final org.paceline.alert.AlertDispatcher alerts;

  /** Private node attributes: this node's own and every member's latest ({@code --private}). */
  private final PrivateAttributes privateAttributes;

  private final RemoteAttributes remoteAttributes;
  private final PcmkToolRequests tools;
  private final EditReplies edits;
  private final DaemonAttributes attributes;

  private final ElectionWatch electionWatch;
  private volatile String lastLeadership = "";
  private final java.util.concurrent.CountDownLatch shutdownAllowed =
      new java.util.concurrent.CountDownLatch(1);

  /**
   * Delay between a view that brought members in and the DC's leader announcement, so RAFT has seen
   * the same view first.
   */
  public static final long ANNOUNCE_DELAY_MS = 200;

  private final ScheduledExecutorService announcer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "leader-announce");
            t.setDaemon(true);
            return t;
          });

  /**
   * The one thread that recomputes quorum and leadership ({@link #reevaluate(boolean)}). Callers
   * hand the work over instead of taking a lock: the Raft role listener runs while jgroups-raft
   * holds its RaftState monitor, and reevaluating reads that state, so a lock here deadlocked
   * against the periodic check (seen on CI: a daemon hung, its admin socket never answered).
   */
  private final ExecutorService evaluator =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "quorum-eval");
            t.setDaemon(true);
            return t;
          });

  private NodeDaemon(NodeConfig config, TransportSecurity security, DaemonLog log)
      throws Exception {
    this.config = config;
    this.log = log;
    this.alerts =
        new org.paceline.alert.AlertDispatcher(
            config.nodeName(),
            config.dataDir().resolve("alert-queue"),
            webhook(config),
            line -> log.info(line));
    this.privateAttributes = new PrivateAttributes(config.nodeName());
    this.tools = new PcmkToolRequests(config.adminSocket());
    this.joining = Files.exists(config.dataDir().resolve(JOIN_PENDING));
    this.sm = new ReplicatedConfiguration(this::configurationApplied);
    if (security instanceof ClusterTls tls) {
      tls.onRefusal(
          (peer, why) -> log.info("TLS refused cluster connection", "peer", peer, "reason", why));
    }
    this.channel =
        ClusterChannel.create(
            config, security, config.stackTimings(), RaftReplicator.protocols(config));
    // Before Raft, which may apply (and so learn from) the configuration as it starts.
    this.learned = new LearnedPeers(config, channel, log);
    this.raft = new RaftReplicator(channel, sm, config.editTimeoutMs());
    ClusterChannel peers = channel;
    this.remoteAttributes =
        new RemoteAttributes(
            config.nodeName(), (member, m) -> peers.send(member, ControllerWire.encode(m)));
    this.edits = new EditReplies(sm, log);
    this.attributes =
        new DaemonAttributes(
            config,
            log,
            channel,
            sm,
            raft,
            edits,
            privateAttributes,
            remoteAttributes,
            () -> view,
            this::quorumState,
            () -> live);
    this.seenTogether = Files.exists(config.dataDir().resolve(WAIT_FOR_ALL_MARKER));
    this.electionWatch = new ElectionWatch(config.nodeName(), electionGraceMs(config));
  }

  private void configurationApplied(Cib cib) {
    log.info("configuration applied", "version", cib.version());
    learned.learn(cib);
    ControllerHost h = host;
    if (h != null) {
      h.post(new Event.ConfigurationCommitted(cib));
    }
  }

  /** How long a Raft round trip proving quorum may take before the DC gives up on it. */
  static final long QUORUM_CONFIRM_TIMEOUT_MS = 2_000;

  /** Starts a node without a controller: membership, Raft and the admin socket only. */
  public static NodeDaemon start(NodeConfig config, TransportSecurity security, DaemonLog log)
      throws Exception {
    return start(config, security, log, false);
  }

  /**
   * Starts a node: data dir, channel, Raft, the controller with this node's executor and fencer
   * (when {@code withController}) and the admin socket. A join refused because the members list a
   * live member of this node's name ({@link ClusterChannel#staleIncarnation}; a dead previous
   * incarnation is evicted without a refusal) is retried with backoff, from {@link
   * ClusterChannel#STALE_JOIN_FIRST_BACKOFF_MS} doubling to {@link
   * ClusterChannel#STALE_JOIN_MAX_BACKOFF_MS}, for as long as it takes, each attempt with a new
   * channel and Raft (a refused channel cannot connect again): the node never gives up and exits on
   * it (issue 22).
   */
  public static NodeDaemon start(
      NodeConfig config, TransportSecurity security, DaemonLog log, boolean withController)
      throws Exception {
    long backoffMs = ClusterChannel.STALE_JOIN_FIRST_BACKOFF_MS;
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(config, security, log, withController);
      } catch (SecurityException e) {
        if (!staleIncarnation(e)) {
          throw e;
        }
        log.info(
            "join refused: the members list a live member named as this node; retrying",
            "attempt",
            attempt,
            "in_ms",
            backoffMs,
            "refusal",
            e.getMessage());
        Thread.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, ClusterChannel.STALE_JOIN_MAX_BACKOFF_MS);
      }
    }
  }

  private static NodeDaemon startOnce(
      NodeConfig config, TransportSecurity security, DaemonLog log, boolean withController)
      throws Exception {
    // Before the first protocol is built: each takes its logger when it is constructed.
    JGroupsLogBridge.install(log);
    Files.createDirectories(config.dataDir());
    Files.setPosixFilePermissions(config.dataDir(), PosixFilePermissions.fromString("rwx------"));
    AdminAccess access = AdminAccess.lookup();
    access.prepareDataDir(config.dataDir());
    NodeDaemon d = new NodeDaemon(config, security, log);
    d.live = new LiveStatus(config, d::quorumState, () -> d.view, d.raft::term, d.lastSeen, log);
    if (withController) {
      d.host =
          new ControllerHost(
              config.nodeName(),
              d.channel,
              d.raft::leader,
              d.sm::cib,
              sink -> new RunnerNodeSide(config, d.sm.cib(), sink, d.alerts),
              () -> d.raft.confirmLeadership(QUORUM_CONFIRM_TIMEOUT_MS),
              config.dataDir(),
              log,
              n -> d.shutdownAllowed.countDown());
      d.live.attach(d.host);
      d.host.post(new Event.ConfigurationCommitted(d.sm.cib()));
    }
    d.raft.onRoleChange(r -> d.roleChanged(r));
    ControllerHost h = d.host;
    ClusterChannel.MessageListener messages =
        (from, payload) -> {
          Object m;
          try {
            m = ControllerWire.decode(payload);
          } catch (IOException e) {
            log.info("ignoring an unreadable message", "from", from, "error", e.getMessage());
            return;
          }
          if (m instanceof RaftState rs) {
            d.electionWatch.report(from, rs.report(), System.currentTimeMillis());
          } else if (m instanceof PrivateAttributes.PrivateAttributeSet p) {
            if (p.node().equals(from)) {
              d.privateAttributes.received(p);
            }
          } else if (m instanceof RemoteAttributes.TransientAttributeRequest r) {
            d.remoteAttributes.received(from, r, d.attributes::applyTransientRequest);
          } else if (m instanceof RemoteAttributes.TransientAttributeReply r) {
            d.remoteAttributes.received(r);
          } else if (h != null) {
            h.received(from, m);
          }
        };
    try {
      connect(d, messages);
    } catch (Exception e) {
      // Nothing of this attempt may outlive it: a retry builds everything anew.
      d.close();
      throw e;
    }
    d.announcer.scheduleWithFixedDelay(
        d::watchElection,
        ElectionWatch.REPORT_PERIOD_MS,
        ElectionWatch.REPORT_PERIOD_MS,
        TimeUnit.MILLISECONDS);
    AdminRequestHandler requests =
        new AdminRequestHandler(
            config,
            log,
            d.sm,
            d.raft,
            d.host,
            d.live,
            () -> d.view,
            d::quorumState,
            new NodeStatusLines(
                config,
                d.channel,
                d.sm,
                d.raft,
                d.learned,
                d.lastSeen,
                d::quorumState,
                () -> d.view,
                () -> d.host),
            d.tools,
            d.attributes,
            d.edits);
    d.admin = AdminServer.start(config.adminSocket(), requests::handle, log, access);
    if (d.joining) {
      Thread t = new Thread(new JoinCompletion(config, d.raft, d::quorumState, log), "join");
      t.setDaemon(true);
      t.start();
    }
    if (config.http() != null) {
      d.http = HttpStatus.start(config, d.live, log, security);
    }
    log.info(
        "node started",
        "cluster",
        config.clusterName(),
        "address",
        config.self().address() + ":" + config.self().port(),
        "security",
        security instanceof ClusterTls t
            ? "tls (certificate " + t.certificate().getSubjectX500Principal() + ")"
            : "key (SYM_ENCRYPT)",
        "voters",
        String.join(",", config.raftMembers()),
        "admin",
        config.adminSocket(),
        "admin_group",
        access.groupId().isPresent() ? AdminAccess.GROUP : "none (root only)");
    return d;
  }

  /**
   * Every {@link ElectionWatch#REPORT_PERIOD_MS}: re-reads quorum and leadership, tells the other
   * members this node's Raft state, and acts when a majority has been without a leader (see {@link
   * ElectionWatch}).
   */
  private void watchElection() {
    try {
      submitReevaluation(false);
      long now = System.currentTimeMillis();
      watchApply(now);
      ElectionWatch.Report mine = raft.report();
      electionWatch.report(config.nodeName(), mine, now);
      MembershipView v = channel.view();
      byte[] wire = ControllerWire.encode(RaftState.of(mine));
      for (String m : v.members()) {
        if (!m.equals(config.nodeName())) {
          channel.send(m, wire);
        }
      }
      electionWatch.retain(new HashSet<>(v.members()));
      ElectionWatch.Action a =
          electionWatch.decide(now, v.coordinator(), v.members(), raft.members(), raft.majority());
      if (a == ElectionWatch.Action.ELECT) {
        log.info(
            "no Raft leader in a majority view; starting an election",
            "view",
            String.join(",", v.members()),
            "named_leader",
            mine.leader(),
            "term",
            mine.term());
        raft.startElection();
      } else if (a == ElectionWatch.Action.ANNOUNCE) {
        log.info("a member does not know this node leads; announcing the leadership");
        raft.announceLeadership();
      }
    } catch (RuntimeException e) {
      log.info("election watch failed", "error", e.toString());
    }
  }

  /** The members reported stalled by the last {@link #watchApply}, by name. */
  private Set<String> stalled = Set.of();

  /**
   * Logs a member that stopped applying committed Raft entries (and when it resumes): the apply
   * stall of issue 22 item 7, which otherwise hung silently. Status shows it too ({@code
   * raft_apply_stalled}).
   */
  private void watchApply(long nowMs) {
    List<ApplyWatch.Stall> now = raft.checkApply(nowMs);
    Set<String> names = new TreeSet<>();
    for (ApplyWatch.Stall s : now) {
      names.add(s.node());
      if (!stalled.contains(s.node())) {
        log.info(
            "raft apply stalled: a member stopped applying committed entries",
            "node",
            s.node(),
            "applied",
            s.applied(),
            "committed",
            s.committed(),
            "stalled_ms",
            s.stalledMs());
      }
    }
    for (String n : stalled) {
      if (!names.contains(n)) {
        log.info("raft apply resumed (or the member left)", "node", n);
      }
    }
    stalled = names;
  }

  /** How long a majority may stay without a leader before {@link ElectionWatch} acts. */
  static long electionGraceMs(NodeConfig c) {
    return Math.max(3_000, 2 * c.failureDetectionMs());
  }

  private void roleChanged(String role) {
    log.info("raft role changed", "role", role, "term", raft.term(), "leader", raft.leader());

    reevaluate();
  }

  private void viewChanged(MembershipView v) {
    MembershipView prev = this.view;
    this.view = v;
    // After a view that brought members in, or any merge (the DC's own view may look unchanged
    // while a follower on the other side lost track of the leader). Not after a view that only
    // shrank: there nobody needs telling, and the extra entry delayed the first edit after a
    // failover by ~2 s in FailoverBenchmark.
    if (v.merged() || prev == null || !prev.members().containsAll(v.members())) {
      announcer.schedule(raft::announceLeadership, ANNOUNCE_DELAY_MS, TimeUnit.MILLISECONDS);
    }
    ControllerHost h = host;
    if (h != null) {
      h.post(new Event.MembershipChanged(new HashSet<>(v.members())));
      alertMembership(prev, v);
    }
    privateAttributes.retain(v.members());
    for (String m : v.members()) {
      if (!m.equals(config.nodeName()) && (prev == null || !prev.members().contains(m))) {
        attributes.sendPrivateAttributes(m, false);
      }
    }
    Instant now = Instant.now();
    for (String m : v.members()) {
      lastSeen.put(m, now);
    }
    if (prev != null) {
      // A member that left was last seen now, not at the view that brought it in.
      for (String m : prev.members()) {
        if (!v.members().contains(m)) {
          lastSeen.put(m, now);
        }
      }
    }
    if (!seenTogether && v.members().containsAll(config.raftMembers())) {
      seenTogether = true;
      try {
        Files.writeString(config.dataDir().resolve(WAIT_FOR_ALL_MARKER), now + "\n");
      } catch (IOException e) {
        log.info("cannot persist wait_for_all marker", "error", e.getMessage());
      }
    }
    log.info(
        "view changed",
        "view_id",
        v.viewId(),
        "members",
        String.join(",", v.members()),
        "merged",
        v.merged());
    reevaluate();
  }

  /**
   * Recomputes quorum and leadership and tells the controller when they changed. Called on every
   * view and Raft role change, and every {@link ElectionWatch#REPORT_PERIOD_MS} as well: a follower
   * learns its leader without a role change of its own, and quorum and leadership are read from two
   * sources that may disagree for a moment, so an edge alone could leave a node at a stale state
   * (seen on CI: a leader told "no longer DC" 30 ms after it became DC, and nothing after). Runs
   * only on {@link #evaluator}, so a stale computation can never be posted after a newer one.
   */
  private void reevaluate() {
    submitReevaluation(true);
  }

  /** Runs {@link #reevaluate(boolean)} on {@link #evaluator}, in submission order. */
  private void submitReevaluation(boolean always) {
    try {
      evaluator.execute(() -> reevaluate(always));
    } catch (RejectedExecutionException closed) {
      // Shutting down.
    }
  }

  /**
   * As {@link #reevaluate()}; {@code always} false (the periodic check) refreshes the live status
   * only when the quorum state changed.
   */
  private void reevaluate(boolean always) {
    QuorumState s = quorumState();
    QuorumState prev = lastState;
    boolean changed = !s.equals(prev);
    if (prev == null
        || prev.quorate() != s.quorate()
        || !String.valueOf(prev.dc()).equals(String.valueOf(s.dc()))) {
      log.info("quorum state", "quorate", s.quorate(), "dc", s.dc(), "reason", s.reason());
    }
    lastState = s;
    LiveStatus l = live;
    if (l != null && (always || changed)) {
      l.changed();
    }
    ControllerHost h = host;
    if (h != null) {
      boolean isDc = s.selfIsDc() && raft.isLeader();
      long term = raft.term();
      String key = isDc + "/" + s.quorate() + "/" + term;
      if (!key.equals(lastLeadership)) {
        lastLeadership = key;
        h.post(new Event.LeadershipChanged(isDc, s.quorate(), term));
      }
      boolean majority = viewHoldsMajority();
      if (lastMajority == null || lastMajority != majority) {
        lastMajority = majority;
        h.post(new Event.PartitionChanged(majority));
      }
    }
  }

  /** Joins the cluster (see {@link #start} for a refusal). */
  private static void connect(NodeDaemon d, ClusterChannel.MessageListener messages)
      throws Exception {
    d.channel.connect(d::viewChanged, messages);
  }

  /** Whether a join refusal is JGroups' "duplicate members" (an old incarnation still listed). */
  static boolean staleIncarnation(Throwable e) {
    return ClusterChannel.staleIncarnation(e);
  }

  /** The last majority verdict given to the controller (null before the first). */
  private Boolean lastMajority;

  /** Whether the current view holds more than half of the Raft voters (a witness counts). */
  private boolean viewHoldsMajority() {
    MembershipView v = view;
    Set<String> voters = new HashSet<>(raft.members());
    if (voters.isEmpty()) {
      return true; // nothing configured to count against yet
    }
    Set<String> members = v == null ? Set.of(config.nodeName()) : new HashSet<>(v.members());
    voters.retainAll(members);
    return voters.size() * 2 > raft.members().size();
  }

  /** The current quorum decision. */
  public QuorumState quorumState() {
    MembershipView v = view;
    Set<String> members = v == null ? Set.of(config.nodeName()) : new HashSet<>(v.members());
    return policy.decide(
        new QuorumInputs(
            config.nodeName(),
            raft.members(),
            members,
            seenTogether,
            config.waitForAll(),
            raft.leader(),
            raft.isLeader()));
  }

  /**
   * How this node fences itself when, cut off without quorum, its controller asks to (the systemd
   * watchdog); until set, it logs that it cannot.
   */
  public void onSelfFence(java.util.function.Consumer<String> fencer) {
    ControllerHost h = host;
    if (h != null) {
      h.onSelfFence(fencer);
    }
  }

  /** Whether the controller thread answers (the watchdog's health check). */
  public boolean responsive() {
    ControllerHost h = host;
    if (h == null) {
      return true;
    }
    try {
      return h.query(c -> Boolean.TRUE);
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Leaves cleanly: asks the DC to move this node's resources away and waits (up to {@code
   * timeoutMs}) until it says the node may go.
   */
  public boolean requestShutdown(long timeoutMs) throws InterruptedException {
    ControllerHost h = host;
    if (h == null) {
      return true;
    }
    h.toDc(new Event.ShutdownRequested(config.nodeName()));
    return shutdownAllowed.await(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** Tells the alert agents of each node that joined or left this node's view (member / lost). */
  private void alertMembership(MembershipView prev, MembershipView v) {
    Instant at = Instant.now();
    // Every node tells its agents (as Pacemaker's controllers do); the webhook hears it once,
    // from the first member of the new view by name (all members agree on a view; the DC may be
    // the node that was lost, and its successor is not elected yet).
    boolean first = config.nodeName().equals(new java.util.TreeSet<>(v.members()).first());
    java.util.Collection<String> before = prev == null ? java.util.Set.of() : prev.members();
    org.paceline.cib.Configuration c = sm.cib().configuration();
    for (String m : new java.util.TreeSet<>(v.members())) {
      if (!before.contains(m)) {
        alerts.send(org.paceline.alert.AlertEvent.node(at, m, nodeId(c, m), true), first);
      }
    }
    for (String m : new java.util.TreeSet<>(before)) {
      if (!v.members().contains(m)) {
        alerts.send(org.paceline.alert.AlertEvent.node(at, m, nodeId(c, m), false), first);
      }
    }
  }

  /** The webhook of node.yaml with its key read, or null when there is none. */
  private static org.paceline.alert.Webhook webhook(NodeConfig config) throws IOException {
    var w = config.webhook();
    if (w == null) {
      return null;
    }
    byte[] key;
    try {
      key =
          Files.readString(w.secretFile())
              .strip()
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(
          config.source()
              + ": webhook.secret_file "
              + w.secretFile()
              + " cannot be read: "
              + e.getMessage(),
          e);
    }
    if (key.length == 0) {
      throw new IOException(
          config.source() + ": webhook.secret_file " + w.secretFile() + " is empty");
    }
    return new org.paceline.alert.Webhook(w.url(), key, config.clusterName());
  }

  private static String nodeId(org.paceline.cib.Configuration c, String name) {
    return c.nodes().stream()
        .filter(n -> name.equals(n.uname()))
        .map(org.paceline.cib.Node::id)
        .findFirst()
        .orElse(name);
  }

  @Override
  public void close() throws IOException {
    alerts.close();
    announcer.shutdownNow();
    evaluator.shutdownNow();
    if (http != null) {
      http.close();
    }
    if (live != null) {
      live.close();
    }
    if (host != null) {
      host.close();
    }
    if (admin != null) {
      admin.close();
    }
    channel.close();
  }
}
