package org.paceline.daemon;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.Configuration;
import org.paceline.controller.Event;
import org.paceline.membership.MembershipView;
import org.paceline.membership.NodeConfig;
import org.paceline.replication.ConfigEntry;
import org.paceline.replication.QuorumState;
import org.paceline.replication.RaftReplicator;
import org.paceline.replication.ReplicatedConfiguration;
import org.paceline.status.SnapshotJson;
import org.paceline.status.StatusUnavailableException;

/**
 * Answers the {@link AdminProtocol} requests of one node: a table from each verb to the method that
 * answers it; a bad request gets an {@link AdminProtocol#ERROR} answer that says what was expected.
 */
final class AdminRequestHandler {
  /** The verb that exists only with {@code PACELINE_TEST_HOOKS=1}. */
  static final String FORGET_LEADER = "raft-forget-leader";

  private final NodeConfig config;
  private final DaemonLog log;
  private final ReplicatedConfiguration sm;
  private final RaftReplicator raft;
  private final ControllerHost host;
  private final LiveStatus live;
  private final Supplier<MembershipView> view;
  private final Supplier<QuorumState> quorum;
  private final NodeStatusLines statusLines;
  private final PcmkToolRequests tools;
  private final DaemonAttributes attributes;
  private final EditReplies edits;

  /** Each verb's answer, given the request split as "VERB ARG1 REST". */
  private final Map<String, Function<String[], String>> verbs;

  /**
   * {@code host} is null on a node without a controller; {@code view} is null before the first
   * membership view.
   */
  AdminRequestHandler(
      NodeConfig config,
      DaemonLog log,
      ReplicatedConfiguration sm,
      RaftReplicator raft,
      ControllerHost host,
      LiveStatus live,
      Supplier<MembershipView> view,
      Supplier<QuorumState> quorum,
      NodeStatusLines statusLines,
      PcmkToolRequests tools,
      DaemonAttributes attributes,
      EditReplies edits) {
    this.config = config;
    this.log = log;
    this.sm = sm;
    this.raft = raft;
    this.host = host;
    this.live = live;
    this.view = view;
    this.quorum = quorum;
    this.statusLines = statusLines;
    this.tools = tools;
    this.attributes = attributes;
    this.edits = edits;
    this.verbs =
        Map.ofEntries(
            Map.entry("status", w -> AdminProtocol.OK + "\n" + statusLines.status()),
            Map.entry("nodes", w -> AdminProtocol.OK + "\n" + statusLines.nodes()),
            Map.entry("config", w -> AdminProtocol.OK + "\n" + CibXmlWriter.write(sm.cib())),
            Map.entry("snapshot", w -> snapshot()),
            Map.entry("property", this::property),
            Map.entry("load", this::load),
            Map.entry("load-if", this::loadIf),
            Map.entry("cib", w -> cibStatus()),
            Map.entry("node-attr", this::nodeAttribute),
            Map.entry("tool", w -> tools.handle(w.length < 2 ? "" : w[1])),
            Map.entry(
                "attr",
                w ->
                    attributes.handle(w.length < 2 ? "" : w[1] + (w.length > 2 ? " " + w[2] : ""))),
            Map.entry("cleanup", this::cleanup),
            Map.entry("fence", this::fence),
            Map.entry("remove", this::remove),
            Map.entry(FORGET_LEADER, this::forgetLeader));
  }

  /** Handles one admin request line. */
  String handle(String line) {
    String[] w = line.strip().split(" ", 3);
    Function<String[], String> verb = verbs.get(w[0]);
    return verb == null ? unknown(w) : verb.apply(w);
  }

  private static String unknown(String[] w) {
    return AdminProtocol.ERROR + "unknown request '" + w[0] + "'";
  }

  private String snapshot() {
    try {
      return AdminProtocol.OK + "\n" + SnapshotJson.write(live.snapshot());
    } catch (StatusUnavailableException e) {
      return AdminProtocol.ERROR + AdminProtocol.NO_STATUS + e.getMessage();
    }
  }

  private String property(String[] w) {
    if (w.length < 3) {
      return AdminProtocol.ERROR + "usage: property NAME VALUE";
    }
    return edits.reply(raft.propose(new ConfigEntry.SetProperty(w[1], w[2]), quorum.get()), w[0]);
  }

  private String load(String[] w) {
    if (w.length < 2) {
      return AdminProtocol.ERROR + "usage: load BASE64-CIB-XML";
    }
    String xml;
    try {
      xml =
          new String(
              Base64.getDecoder().decode((w[1] + (w.length > 2 ? w[2] : "")).strip()),
              StandardCharsets.UTF_8);
      CibXmlReader.read(xml, "load request");
    } catch (IllegalArgumentException | CibFormatException e) {
      return AdminProtocol.ERROR + "invalid configuration: " + e.getMessage();
    }
    return edits.reply(raft.propose(new ConfigEntry.ReplaceConfiguration(xml), quorum.get()), w[0]);
  }

  /** {@code load-if EPOCH BASE64}: compare-and-set, applied only if the epoch is still EPOCH. */
  private String loadIf(String[] w) {
    long epoch;
    String xml;
    try {
      epoch = Long.parseLong(w.length < 3 ? "" : w[1]);
      xml = new String(Base64.getDecoder().decode(w[2].strip()), StandardCharsets.UTF_8);
      CibXmlReader.read(xml, "load-if request");
    } catch (IllegalArgumentException | CibFormatException e) {
      return AdminProtocol.ERROR + "usage: load-if EPOCH BASE64-CIB-XML (" + e.getMessage() + ")";
    }
    return edits.reply(
        raft.propose(new ConfigEntry.ReplaceConfigurationIfEpoch(epoch, xml), quorum.get()), w[0]);
  }

  private String nodeAttribute(String[] w) {
    String[] nv = w.length < 3 ? new String[0] : w[2].strip().split(" ", 2);
    if (nv.length < 2) {
      return AdminProtocol.ERROR + "usage: node-attr NODE NAME VALUE|-";
    }
    String value = nv[1].strip().equals("-") ? null : nv[1].strip();
    return edits.reply(
        raft.propose(new ConfigEntry.SetNodeAttribute(w[1], nv[0], value), quorum.get()), w[0]);
  }

  private String cleanup(String[] w) {
    if (w.length < 2) {
      return AdminProtocol.ERROR + "usage: cleanup RESOURCE [NODE]";
    }
    if (host == null) {
      return AdminProtocol.ERROR + "this node runs no controller";
    }
    Configuration now = sm.cib().configuration();
    if (now.resource(w[1]).isEmpty()) {
      return AdminProtocol.ERROR + "no resource '" + w[1] + "' in the configuration";
    }
    if (w.length > 2 && now.node(w[2].strip()).isEmpty()) {
      return AdminProtocol.ERROR + "no node '" + w[2].strip() + "' in the configuration";
    }
    host.toDc(new Event.Cleanup(w[1], w.length > 2 ? w[2] : null));
    return AdminProtocol.OK + "\ncleanup of " + w[1] + " sent to the DC";
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
    Configuration now = sm.cib().configuration();
    if (now.node(target).isEmpty()) {
      return AdminProtocol.ERROR + "no node '" + target + "' in the configuration";
    }
    if (!ClusterOption.STONITH_ENABLED.enabled(now)) {
      return AdminProtocol.ERROR
          + "stonith-enabled is false: nothing would fence "
          + target
          + "; nothing changed";
    }
    QuorumState s = quorum.get();
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

  private String remove(String[] w) {
    if (w.length < 2) {
      return AdminProtocol.ERROR + "usage: remove NODE";
    }
    if (w[1].equals(config.nodeName())) {
      return AdminProtocol.ERROR + "refusing to remove this node itself; run it elsewhere";
    }
    MembershipView v = view.get();
    if (v != null && v.members().contains(w[1])) {
      return AdminProtocol.ERROR
          + w[1]
          + " is online; stop its daemon first (remove takes down nodes out of the cluster)";
    }
    if (!raft.members().contains(w[1])) {
      return AdminProtocol.ERROR + w[1] + " is not a cluster member";
    }
    return edits.reply(raft.removeMember(w[1], quorum.get()), w[0]);
  }

  /**
   * Only for tests (PACELINE_TEST_HOOKS=1): puts this node in the state the lab found after merges,
   * naming no leader while no election runs (see ElectionWatch); otherwise an unknown request.
   */
  private String forgetLeader(String[] w) {
    if (!"1".equals(System.getenv("PACELINE_TEST_HOOKS"))) {
      return unknown(w);
    }
    raft.forgetLeader();
    return AdminProtocol.OK + "\nleader forgotten";
  }

  /** The DC's current configuration and status as CIB XML (only the DC has the status). */
  private String cibStatus() {
    if (host == null) {
      return AdminProtocol.ERROR + "this node runs no controller";
    }
    Cib c = host.lastSnapshot();
    if (c == null) {
      QuorumState s = quorum.get();
      return AdminProtocol.ERROR
          + (s.dc() == null
              ? "no DC: " + s.reason()
              : "this node is not the DC; the status is on " + s.dc());
    }
    return AdminProtocol.OK + "\n" + CibXmlWriter.write(c);
  }
}
