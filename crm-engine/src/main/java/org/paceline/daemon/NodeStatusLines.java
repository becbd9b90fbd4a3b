package org.paceline.daemon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.controller.Controller;
import org.paceline.membership.ClusterChannel;
import org.paceline.membership.MembershipView;
import org.paceline.membership.NodeConfig;
import org.paceline.membership.NodeSoftware;
import org.paceline.membership.Peer;
import org.paceline.membership.VoterRole;
import org.paceline.replication.QuorumState;
import org.paceline.replication.RaftReplicator;
import org.paceline.replication.ReplicatedConfiguration;

/**
 * The bodies of the admin protocol's {@code status} (key=value lines on this node, its quorum, Raft
 * and configuration) and {@code nodes} (one line per member) answers.
 */
final class NodeStatusLines {
  private final NodeConfig config;
  private final ClusterChannel channel;
  private final ReplicatedConfiguration sm;
  private final RaftReplicator raft;
  private final LearnedPeers peers;
  private final Map<String, Instant> lastSeen;
  private final Supplier<QuorumState> quorum;
  private final Supplier<MembershipView> view;
  private final Supplier<ControllerHost> host;

  NodeStatusLines(
      NodeConfig config,
      ClusterChannel channel,
      ReplicatedConfiguration sm,
      RaftReplicator raft,
      LearnedPeers peers,
      Map<String, Instant> lastSeen,
      Supplier<QuorumState> quorum,
      Supplier<MembershipView> view,
      Supplier<ControllerHost> host) {
    this.config = config;
    this.channel = channel;
    this.sm = sm;
    this.raft = raft;
    this.peers = peers;
    this.lastSeen = lastSeen;
    this.quorum = quorum;
    this.view = view;
    this.host = host;
  }

  /** The {@code status} body: sorted key=value lines. */
  String status() {
    QuorumState s = quorum.get();
    MembershipView v = view.get();
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
    kv.put("raft_last_appended", String.valueOf(raft.lastAppended()));
    kv.put("raft_apply_failures", String.valueOf(sm.applyFailures()));
    // Members that stopped applying committed entries (ApplyWatch): node:applied/committed:ms.
    kv.put(
        "raft_apply_stalled",
        raft.applyStalls().stream().map(Object::toString).collect(Collectors.joining(",")));
    kv.put("raft_members", String.join(",", raft.members()));
    // Vote-only members (like corosync's qdevice): no cluster node to agents (crm_node -p, -l).
    kv.put(
        "witnesses",
        config.members().stream()
            .filter(p -> p.role() == VoterRole.WITNESS)
            .map(Peer::name)
            .sorted()
            .collect(Collectors.joining(",")));
    kv.put("version", cib.version().toString());
    kv.put("epoch", String.valueOf(cib.version().epoch()));
    kv.put("config_sha256", sha256(CibXmlWriter.write(cib)));
    // What this node runs, and whether the members in view run different releases (a rolling
    // upgrade in progress): the operator must see a mixed-version cluster.
    NodeSoftware self = NodeSoftware.current();
    kv.put("software", self.release());
    kv.put("protocol", String.valueOf(self.protocol()));
    Map<String, NodeSoftware> software = channel.memberSoftware();
    kv.put(
        "software_mixed",
        String.valueOf(
            software.values().stream().map(NodeSoftware::release).distinct().count() > 1));
    ControllerHost h = host.get();
    if (h != null) {
      try {
        Boolean busy = h.query(Controller::busy);
        Long count = h.query(Controller::transitionCount);
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

  /** The {@code nodes} body: name, address:port, online/offline, role, last seen, software. */
  String nodes() {
    QuorumState s = quorum.get();
    MembershipView v = view.get();
    List<String> online = v == null ? List.of() : v.members();
    StringBuilder sb = new StringBuilder();
    List<String> raftMembers = raft.members();
    Map<String, NodeSoftware> software = channel.memberSoftware();
    for (Peer p : peers.all().values()) {
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
}
