package org.paceline.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jgroups.PhysicalAddress;
import org.jgroups.protocols.TCPPING;
import org.jgroups.stack.IpAddress;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.controller.Event;
import org.paceline.membership.ClusterChannel;
import org.paceline.membership.ClusterTls;
import org.paceline.membership.MembershipView;
import org.paceline.membership.NodeConfig;
import org.paceline.membership.Peer;
import org.paceline.membership.TransportSecurity;
import org.paceline.membership.VoterRole;
import org.paceline.replication.ConfigEntry;
import org.paceline.replication.ConfigurationEdits;
import org.paceline.replication.EditResult;
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

  /** Pause between attempts to be added while joining (no leader yet, no quorum). */
  static final long JOIN_RETRY_MS = 500;

  private final NodeConfig config;
  private final DaemonLog log;
  private final ClusterChannel channel;
  private final ReplicatedConfiguration sm;
  private final RaftReplicator raft;
  private final QuorumPolicy policy = QuorumPolicy.standard();
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

  /** Members not in node.yaml, learnt from the replicated configuration (joined later). */
  private final Map<String, Peer> learned = new ConcurrentHashMap<>();

  private final boolean joining;
  private volatile MembershipView view;
  private volatile boolean seenTogether;
  private volatile QuorumState lastState;
  private AdminServer admin;
  private LiveStatus live;
  private org.paceline.http.StatusHttpServer http;
  private volatile ControllerHost host;

  /** Private node attributes: this node's own and every member's latest ({@code --private}). */
  private final PrivateAttributes privateAttributes;

  private final RemoteAttributes remoteAttributes;
  private final PcmkToolRequests tools;

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
    this.privateAttributes = new PrivateAttributes(config.nodeName());
    this.tools = new PcmkToolRequests(config.adminSocket());
    this.joining = Files.exists(config.dataDir().resolve(JOIN_PENDING));
    this.sm =
        new ReplicatedConfiguration(
            cib -> {
              log.info("configuration applied", "version", cib.version());
              learnPeers(cib);
              ControllerHost h = host;
              if (h != null) {
                h.post(new Event.ConfigurationCommitted(cib));
              }
            });
    if (security instanceof ClusterTls tls) {
      tls.onRefusal(
          (peer, why) -> log.info("TLS refused cluster connection", "peer", peer, "reason", why));
    }
    this.channel =
        ClusterChannel.create(
            config, security, config.stackTimings(), RaftReplicator.protocols(config));
    this.raft = new RaftReplicator(channel, sm, config.editTimeoutMs());
    ClusterChannel peers = channel;
    this.remoteAttributes =
        new RemoteAttributes(
            config.nodeName(), (member, m) -> peers.send(member, ControllerWire.encode(m)));
    this.seenTogether = Files.exists(config.dataDir().resolve(WAIT_FOR_ALL_MARKER));
    this.electionWatch = new ElectionWatch(config.nodeName(), electionGraceMs(config));
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
   * (when {@code withController}) and the admin socket.
   */
  public static NodeDaemon start(
      NodeConfig config, TransportSecurity security, DaemonLog log, boolean withController)
      throws Exception {
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
              sink -> new RunnerNodeSide(config, d.sm.cib(), sink),
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
            d.remoteAttributes.received(from, r, d::applyTransientRequest);
          } else if (m instanceof RemoteAttributes.TransientAttributeReply r) {
            d.remoteAttributes.received(r);
          } else if (h != null) {
            h.received(from, m);
          }
        };
    connect(d, messages, log);
    d.announcer.scheduleWithFixedDelay(
        d::watchElection,
        ElectionWatch.REPORT_PERIOD_MS,
        ElectionWatch.REPORT_PERIOD_MS,
        TimeUnit.MILLISECONDS);
    d.admin = AdminServer.start(config.adminSocket(), d::handle, log, access);
    if (d.joining) {
      Thread t = new Thread(d::completeJoin, "join");
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
   * Learns members that joined later from the replicated configuration: they go into TCPPING's
   * initial hosts (so this node finds them after a restart or a partition, though its node.yaml
   * does not list them) and into {@code crm cluster nodes}.
   */
  private void learnPeers(Cib cib) {
    Map<String, Peer> now = new TreeMap<>();
    for (org.paceline.cib.Node n : cib.configuration().nodes()) {
      String addr = n.otherAttributes().get(ConfigurationEdits.ADDRESS_ATTRIBUTE);
      String port = n.otherAttributes().get(ConfigurationEdits.PORT_ATTRIBUTE);
      if (addr == null || port == null || config.member(n.uname()).isPresent()) {
        continue;
      }
      String role = n.otherAttributes().getOrDefault(ConfigurationEdits.ROLE_ATTRIBUTE, "voter");
      try {
        now.put(
            n.uname(),
            new Peer(
                n.uname(),
                addr,
                Integer.parseInt(port),
                VoterRole.valueOf(role.toUpperCase(java.util.Locale.ROOT))));
      } catch (IllegalArgumentException e) {
        log.info("ignoring unreadable node address", "node", n.uname(), "error", e.getMessage());
      }
    }
    learned.keySet().retainAll(now.keySet());
    for (Peer p : now.values()) {
      if (!p.equals(learned.put(p.name(), p))) {
        addInitialHost(p);
      }
    }
  }

  private void addInitialHost(Peer p) {
    TCPPING ping = channel.jchannel().getProtocolStack().findProtocol(TCPPING.class);
    try {
      List<PhysicalAddress> hosts = new ArrayList<>(ping.getInitialHosts());
      PhysicalAddress a = new IpAddress(p.address(), p.port());
      if (!hosts.contains(a)) {
        hosts.add(a);
        ping.setInitialHosts2(hosts);
        log.info("learnt member from the configuration", "node", p.name(), "address", a);
      }
    } catch (Exception e) {
      log.info("cannot add discovery host", "node", p.name(), "error", e.getMessage());
    }
  }

  /**
   * A joining node (after {@code crm cluster join}): once a leader is known, asks it to add this
   * node as a Raft voter (a no-op when the members' node.yaml list it already), then records this
   * node (name, address, port, role) in the replicated configuration so members that do not list it
   * find it after a restart, then removes the join marker. Retries until both are committed.
   */
  private void completeJoin() {
    Path marker = config.dataDir().resolve(JOIN_PENDING);
    String self = config.nodeName();
    boolean added = false;
    while (Files.exists(marker)) {
      try {
        if (!added) {
          if (raft.leader() != null) {
            EditResult r = raft.addMember(self);
            added = r instanceof EditResult.Committed;
            log.info("join: asked the DC to add this node as a voter", "result", r);
          }
        } else {
          Peer me = config.self();
          EditResult r =
              raft.propose(
                  new ConfigEntry.AddNode(me.name(), me.address(), me.port(), me.role().word()),
                  quorumState());
          if (r instanceof EditResult.Committed) {
            Files.deleteIfExists(marker);
            log.info("join complete", "raft_members", String.join(",", raft.members()));
            return;
          }
          log.info("join: recording this node in the configuration failed", "result", r);
        }
        Thread.sleep(JOIN_RETRY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.info("join: attempt failed", "error", e.getMessage());
      }
    }
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
    }
    privateAttributes.retain(v.members());
    for (String m : v.members()) {
      if (!m.equals(config.nodeName()) && (prev == null || !prev.members().contains(m))) {
        sendPrivateAttributes(m, false);
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

  /** How long a restarted node keeps asking to join while its old incarnation is a member. */
  static final long STALE_JOIN_RETRY_MS = 30_000;

  /**
   * Joins the cluster. A node restarted at once may find the members still listing its previous
   * incarnation (JGroups refuses "a view with duplicate members" until failure detection drops it):
   * that refusal is retried with backoff for {@link #STALE_JOIN_RETRY_MS} instead of ending the
   * daemon; any other refusal ends it.
   */
  private static void connect(NodeDaemon d, ClusterChannel.MessageListener messages, DaemonLog log)
      throws Exception {
    long deadline = System.nanoTime() + STALE_JOIN_RETRY_MS * 1_000_000L;
    long backoffMs = 500;
    while (true) {
      try {
        d.channel.connect(d::viewChanged, messages);
        return;
      } catch (SecurityException e) {
        if (!staleIncarnation(e) || System.nanoTime() > deadline) {
          throw e;
        }
        log.info(
            "join refused while the members still list this node's previous incarnation; retrying",
            "in_ms",
            backoffMs);
        Thread.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 4_000);
      }
    }
  }

  /** Whether a join refusal is JGroups' "duplicate members" (an old incarnation still listed). */
  static boolean staleIncarnation(Throwable e) {
    return e.getMessage() != null && e.getMessage().contains("duplicate members");
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

  /** Handles one admin request line. */
  String handle(String line) {
    String[] w = line.strip().split(" ", 3);
    switch (w[0]) {
      case "status":
        return AdminProtocol.OK + "\n" + status();
      case "nodes":
        return AdminProtocol.OK + "\n" + nodes();
      case "config":
        return AdminProtocol.OK + "\n" + CibXmlWriter.write(sm.cib());
      case "snapshot":
        try {
          return AdminProtocol.OK + "\n" + org.paceline.status.SnapshotJson.write(live.snapshot());
        } catch (org.paceline.status.StatusUnavailableException e) {
          return AdminProtocol.ERROR + AdminProtocol.NO_STATUS + e.getMessage();
        }
      case "property":
        if (w.length < 3) {
          return AdminProtocol.ERROR + "usage: property NAME VALUE";
        }
        return answer(raft.propose(new ConfigEntry.SetProperty(w[1], w[2]), quorumState()), w);
      case "load":
        if (w.length < 2) {
          return AdminProtocol.ERROR + "usage: load BASE64-CIB-XML";
        }
        String xml;
        try {
          xml =
              new String(
                  java.util.Base64.getDecoder().decode((w[1] + (w.length > 2 ? w[2] : "")).strip()),
                  StandardCharsets.UTF_8);
          org.paceline.cib.CibXmlReader.read(xml, "load request");
        } catch (IllegalArgumentException | org.paceline.cib.CibFormatException e) {
          return AdminProtocol.ERROR + "invalid configuration: " + e.getMessage();
        }
        return answer(raft.propose(new ConfigEntry.ReplaceConfiguration(xml), quorumState()), w);
      case "load-if":
        {
          // load-if EPOCH BASE64: compare-and-set, applied only if the epoch is still EPOCH.
          long epoch;
          String xmlIf;
          try {
            epoch = Long.parseLong(w.length < 3 ? "" : w[1]);
            xmlIf =
                new String(
                    java.util.Base64.getDecoder().decode(w[2].strip()), StandardCharsets.UTF_8);
            org.paceline.cib.CibXmlReader.read(xmlIf, "load-if request");
          } catch (IllegalArgumentException | org.paceline.cib.CibFormatException e) {
            return AdminProtocol.ERROR
                + "usage: load-if EPOCH BASE64-CIB-XML ("
                + e.getMessage()
                + ")";
          }
          return answer(
              raft.propose(
                  new ConfigEntry.ReplaceConfigurationIfEpoch(epoch, xmlIf), quorumState()),
              w);
        }
      case "cib":
        return cibStatus();
      case "node-attr":
        {
          String[] nv = w.length < 3 ? new String[0] : w[2].strip().split(" ", 2);
          if (nv.length < 2) {
            return AdminProtocol.ERROR + "usage: node-attr NODE NAME VALUE|-";
          }
          String value = nv[1].strip().equals("-") ? null : nv[1].strip();
          return answer(
              raft.propose(new ConfigEntry.SetNodeAttribute(w[1], nv[0], value), quorumState()), w);
        }
      case "tool":
        return tools.handle(w.length < 2 ? "" : w[1]);
      case "attr":
        return AttributeRequests.handle(
            w.length < 2 ? "" : w[1] + (w.length > 2 ? " " + w[2] : ""), attributeDaemon());
      case "cleanup":
        if (w.length < 2) {
          return AdminProtocol.ERROR + "usage: cleanup RESOURCE [NODE]";
        }
        if (host == null) {
          return AdminProtocol.ERROR + "this node runs no controller";
        }
        {
          org.paceline.cib.Configuration now = sm.cib().configuration();
          if (now.resource(w[1]).isEmpty()) {
            return AdminProtocol.ERROR + "no resource '" + w[1] + "' in the configuration";
          }
          if (w.length > 2 && now.node(w[2].strip()).isEmpty()) {
            return AdminProtocol.ERROR + "no node '" + w[2].strip() + "' in the configuration";
          }
        }
        host.toDc(new Event.Cleanup(w[1], w.length > 2 ? w[2] : null));
        return AdminProtocol.OK + "\ncleanup of " + w[1] + " sent to the DC";
      case "fence":
        return fence(w);
      case "remove":
        if (w.length < 2) {
          return AdminProtocol.ERROR + "usage: remove NODE";
        }
        if (w[1].equals(config.nodeName())) {
          return AdminProtocol.ERROR + "refusing to remove this node itself; run it elsewhere";
        }
        if (view != null && view.members().contains(w[1])) {
          return AdminProtocol.ERROR
              + w[1]
              + " is online; stop its daemon first (remove takes down nodes out of the cluster)";
        }
        if (!raft.members().contains(w[1])) {
          return AdminProtocol.ERROR + w[1] + " is not a cluster member";
        }
        return answer(raft.removeMember(w[1], quorumState()), w);
      case "raft-forget-leader":
        // Only for tests (PACELINE_TEST_HOOKS=1): puts this node in the state the lab found
        // after merges, naming no leader while no election runs (see ElectionWatch).
        if (!"1".equals(System.getenv("PACELINE_TEST_HOOKS"))) {
          return AdminProtocol.ERROR + "unknown request '" + w[0] + "'";
        }
        raft.forgetLeader();
        return AdminProtocol.OK + "\nleader forgotten";
      default:
        return AdminProtocol.ERROR + "unknown request '" + w[0] + "'";
    }
  }

  /**
   * Sends this node's private attributes to {@code member}; an empty set only when {@code
   * evenEmpty} (after a delete: the member must forget the last one).
   */
  private void sendPrivateAttributes(String member, boolean evenEmpty) {
    PrivateAttributes.PrivateAttributeSet own = privateAttributes.own();
    if (own.values().isEmpty() && !evenEmpty) {
      return;
    }
    try {
      channel.send(member, ControllerWire.encode(own));
    } catch (RuntimeException e) {
      log.info("cannot send private attributes", "node", member, "error", e.toString());
    }
  }

  /** Another node's request for one of this node's transient attributes, applied here. */
  private String applyTransientRequest(RemoteAttributes.TransientAttributeRequest r) {
    return AttributeRequests.handle(
        r.op() + " reboot - " + r.name() + (r.value() == null ? "" : " " + r.value()),
        attributeDaemon());
  }

  private AttributeRequests.Daemon attributeDaemon() {
    return new AttributeRequests.Daemon() {
      @Override
      public String self() {
        return config.nodeName();
      }

      @Override
      public java.nio.file.Path attributesDir() {
        return config.attributesDir();
      }

      @Override
      public Cib configuration() {
        return sm.cib();
      }

      @Override
      public java.util.Optional<Cib> status() {
        try {
          return java.util.Optional.of(live.snapshot().cib());
        } catch (org.paceline.status.StatusUnavailableException e) {
          return java.util.Optional.empty();
        }
      }

      @Override
      public java.util.Optional<String> privateAttribute(String node, String name) {
        return privateAttributes.get(node, name);
      }

      @Override
      public void setPrivateAttribute(String name, String value) {
        privateAttributes.set(name, value);
        MembershipView v = view;
        for (String m : v == null ? List.<String>of() : v.members()) {
          if (!m.equals(config.nodeName())) {
            sendPrivateAttributes(m, true);
          }
        }
      }

      @Override
      public String transientElsewhere(String op, String node, String name, String value) {
        MembershipView v = view;
        return remoteAttributes.request(
            op, node, name, value, v == null ? List.<String>of() : v.members());
      }

      @Override
      public String commitNodeAttribute(String node, String name, String value) {
        return answer(
            raft.propose(new ConfigEntry.SetNodeAttribute(node, name, value), quorumState()),
            new String[] {"attr"});
      }
    };
  }

  /**
   * {@code fence NODE}: asks the DC to fence a configured node now. Refused when fencing is
   * disabled (nothing would fence it), for the DC itself (it would have to fence itself), and
   * without quorum.
   */
  private String fence(String[] w) {
    if (w.length < 2) {
      return AdminProtocol.ERROR + "usage: fence NODE";
    }
    String target = w[1].strip();
    if (host == null) {
      return AdminProtocol.ERROR + "this node runs no controller";
    }
    org.paceline.cib.Configuration now = sm.cib().configuration();
    if (now.node(target).isEmpty()) {
      return AdminProtocol.ERROR + "no node '" + target + "' in the configuration";
    }
    if (!now.property("stonith-enabled")
        .map(v -> v.strip().matches("(?i)true|yes|y|on|0*[1-9][0-9]*"))
        .orElse(true)) {
      return AdminProtocol.ERROR
          + "stonith-enabled is false: nothing would fence "
          + target
          + "; nothing changed";
    }
    QuorumState s = quorumState();
    if (!s.quorate() || s.dc() == null) {
      return AdminProtocol.ERROR + "no quorum in this partition: " + s.reason();
    }
    if (target.equals(s.dc())) {
      return AdminProtocol.ERROR
          + target
          + " is the DC and cannot fence itself; stop its daemon first (another node becomes"
          + " the DC) and fence it from there";
    }
    host.toDc(new Event.FenceRequested(target, config.nodeName()));
    log.info("fencing requested", "node", target);
    return AdminProtocol.OK + "\nfencing of " + target + " requested from the DC " + s.dc();
  }

  /** The DC's current configuration and status as CIB XML (only the DC has the status). */
  private String cibStatus() {
    ControllerHost h = host;
    if (h == null) {
      return AdminProtocol.ERROR + "this node runs no controller";
    }
    Cib c = h.lastSnapshot();
    if (c == null) {
      QuorumState s = quorumState();
      return AdminProtocol.ERROR
          + (s.dc() == null
              ? "no DC: " + s.reason()
              : "this node is not the DC; the status is on " + s.dc());
    }
    return AdminProtocol.OK + "\n" + CibXmlWriter.write(c);
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

  private String answer(EditResult r, String[] w) {
    if (r instanceof EditResult.Committed c) {
      log.info("edit committed", "request", w[0], "version", c.version());
      awaitApplied(c.version());
      return AdminProtocol.OK + "\ncommitted version=" + c.version();
    }
    String reason = ((EditResult.Refused) r).reason();
    log.info("edit refused", "request", w[0], "reason", reason);
    return AdminProtocol.ERROR + reason;
  }

  /** How long an acknowledged edit waits for this node to apply it before answering. */
  static final long APPLY_WAIT_MS = 5_000;

  /**
   * Waits (up to {@link #APPLY_WAIT_MS}) until this node has applied a committed version: a
   * follower applies a commit only with the leader's next message, and a client that reads here
   * right after its own commit must see it (read your writes).
   */
  private void awaitApplied(String version) {
    String[] v = version.split("\\.");
    if (v.length != 3) {
      return;
    }
    long deadline = System.nanoTime() + APPLY_WAIT_MS * 1_000_000;
    try {
      while (!applied(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2]))
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (NumberFormatException e) {
      // Not a version we can compare: answer at once.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean applied(long admin, long epoch, long updates) {
    org.paceline.cib.CibVersion now = sm.cib().version();
    if (now.adminEpoch() != admin) {
      return now.adminEpoch() > admin;
    }
    if (now.epoch() != epoch) {
      return now.epoch() > epoch;
    }
    return now.numUpdates() >= updates;
  }

  private String status() {
    QuorumState s = quorumState();
    MembershipView v = view;
    Cib cib = sm.cib();
    Map<String, String> kv = new TreeMap<>();
    kv.put("node", config.nodeName());
    kv.put("view", v == null ? "" : String.join(",", v.members()));
    kv.put("view_id", v == null ? "" : String.valueOf(v.viewId()));
    kv.put("dc", String.valueOf(s.dc()));
    kv.put("raft_leader", String.valueOf(raft.leader()));
    kv.put("is_dc", String.valueOf(s.selfIsDc()));
    kv.put("quorate", String.valueOf(s.quorate()));
    kv.put("reason", s.reason());
    kv.put("term", String.valueOf(raft.term()));
    kv.put("commit_index", String.valueOf(raft.commitIndex()));
    kv.put("raft_members", String.join(",", raft.members()));
    // Vote-only members (like corosync's qdevice): no cluster node to agents (crm_node -p, -l).
    kv.put(
        "witnesses",
        config.members().stream()
            .filter(p -> p.role() == org.paceline.membership.VoterRole.WITNESS)
            .map(org.paceline.membership.Peer::name)
            .sorted()
            .collect(java.util.stream.Collectors.joining(",")));
    kv.put("version", cib.version().toString());
    kv.put("epoch", String.valueOf(cib.version().epoch()));
    kv.put("config_sha256", sha256(CibXmlWriter.write(cib)));
    // What this node runs, and whether the members in view run different releases (a rolling
    // upgrade in progress): the operator must see a mixed-version cluster.
    org.paceline.membership.NodeSoftware self = org.paceline.membership.NodeSoftware.current();
    kv.put("software", self.release());
    kv.put("protocol", String.valueOf(self.protocol()));
    Map<String, org.paceline.membership.NodeSoftware> software = channel.memberSoftware();
    kv.put(
        "software_mixed",
        String.valueOf(
            software.values().stream()
                    .map(org.paceline.membership.NodeSoftware::release)
                    .distinct()
                    .count()
                > 1));
    ControllerHost h = host;
    if (h != null) {
      try {
        Boolean busy = h.query(org.paceline.controller.Controller::busy);
        Long count = h.query(org.paceline.controller.Controller::transitionCount);
        kv.put("busy", busy.toString());
        kv.put("transitions", count.toString());
      } catch (Exception e) {
        kv.put("busy", "unknown");
      }
    }
    for (NvSet set : cib.configuration().clusterProperties()) {
      for (NvPair p : set.nvpairs()) {
        kv.put("property." + p.name(), p.value());
      }
    }
    StringBuilder sb = new StringBuilder();
    kv.forEach((k, x) -> sb.append(k).append('=').append(x).append('\n'));
    return sb.toString().stripTrailing();
  }

  private String nodes() {
    QuorumState s = quorumState();
    MembershipView v = view;
    List<String> online = v == null ? List.of() : v.members();
    StringBuilder sb = new StringBuilder();
    List<String> raftMembers = raft.members();
    Map<String, Peer> all = new TreeMap<>();
    Map<String, org.paceline.membership.NodeSoftware> software = channel.memberSoftware();
    for (Peer p : config.members()) {
      all.put(p.name(), p);
    }
    learned.forEach(all::putIfAbsent);
    for (Peer p : all.values()) {
      if (!raftMembers.contains(p.name())) {
        continue; // removed with crm cluster remove
      }
      String role = p.name().equals(s.dc()) ? "DC" : p.role().word();
      Instant seen = lastSeen.get(p.name());
      sb.append(p.name())
          .append(' ')
          .append(p.address())
          .append(':')
          .append(p.port())
          .append(' ')
          .append(online.contains(p.name()) ? "online" : "offline")
          .append(' ')
          .append(role)
          .append(' ')
          .append(seen == null ? "never" : seen.toString())
          .append(' ')
          // release/protocol of an online member; "-" when it is offline or advertises none
          .append(software.containsKey(p.name()) ? software.get(p.name()).toString() : "-")
          .append('\n');
    }
    return sb.toString().stripTrailing();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
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
