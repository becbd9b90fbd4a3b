package org.paceline.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.paceline.cib.Cib;
import org.paceline.membership.ClusterChannel;
import org.paceline.membership.MembershipView;
import org.paceline.membership.NodeConfig;
import org.paceline.replication.ConfigEntry;
import org.paceline.replication.QuorumState;
import org.paceline.replication.RaftReplicator;
import org.paceline.replication.ReplicatedConfiguration;
import org.paceline.status.StatusUnavailableException;

/**
 * This node's side of the attribute requests ({@link AttributeRequests}): permanent attributes
 * through Raft, private ones shared with the members in view, transient ones of other nodes asked
 * of their daemons.
 */
final class DaemonAttributes implements AttributeRequests.Daemon {
  private final NodeConfig config;
  private final DaemonLog log;
  private final ClusterChannel channel;
  private final ReplicatedConfiguration sm;
  private final RaftReplicator raft;
  private final EditReplies edits;
  private final PrivateAttributes privateAttributes;
  private final RemoteAttributes remoteAttributes;
  private final Supplier<MembershipView> view;
  private final Supplier<QuorumState> quorum;
  private final Supplier<LiveStatus> live;

  DaemonAttributes(
      NodeConfig config,
      DaemonLog log,
      ClusterChannel channel,
      ReplicatedConfiguration sm,
      RaftReplicator raft,
      EditReplies edits,
      PrivateAttributes privateAttributes,
      RemoteAttributes remoteAttributes,
      Supplier<MembershipView> view,
      Supplier<QuorumState> quorum,
      Supplier<LiveStatus> live) {
    this.config = config;
    this.log = log;
    this.channel = channel;
    this.sm = sm;
    this.raft = raft;
    this.edits = edits;
    this.privateAttributes = privateAttributes;
    this.remoteAttributes = remoteAttributes;
    this.view = view;
    this.quorum = quorum;
    this.live = live;
  }

  /** An {@code attr} admin request ("OP LIFETIME NODE NAME [VALUE]"). */
  String handle(String rest) {
    return AttributeRequests.handle(rest, this);
  }

  /** Another node's request for one of this node's transient attributes, applied here. */
  String applyTransientRequest(RemoteAttributes.TransientAttributeRequest r) {
    return AttributeRequests.handle(
        r.op() + " reboot - " + r.name() + (r.value() == null ? "" : " " + r.value()), this);
  }

  /**
   * Sends this node's private attributes to {@code member}; an empty set only when {@code
   * evenEmpty} (after a delete: the member must forget the last one).
   */
  void sendPrivateAttributes(String member, boolean evenEmpty) {
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

  @Override
  public String self() {
    return config.nodeName();
  }

  @Override
  public Path attributesDir() {
    return config.attributesDir();
  }

  @Override
  public Cib configuration() {
    return sm.cib();
  }

  @Override
  public Optional<Cib> status() {
    try {
      return Optional.of(live.get().snapshot().cib());
    } catch (StatusUnavailableException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> privateAttribute(String node, String name) {
    return privateAttributes.get(node, name);
  }

  @Override
  public void setPrivateAttribute(String name, String value) {
    privateAttributes.set(name, value);
    MembershipView v = view.get();
    for (String m : v == null ? List.<String>of() : v.members()) {
      if (!m.equals(config.nodeName())) {
        sendPrivateAttributes(m, true);
      }
    }
  }

  @Override
  public String transientElsewhere(String op, String node, String name, String value) {
    MembershipView v = view.get();
    return remoteAttributes.request(
        op, node, name, value, v == null ? List.<String>of() : v.members());
  }

  @Override
  public String commitNodeAttribute(String node, String name, String value) {
    return edits.reply(
        raft.propose(new ConfigEntry.SetNodeAttribute(node, name, value), quorum.get()), "attr");
  }
}
