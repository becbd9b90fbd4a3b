package org.paceline.membership;

import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.stack.Protocol;

/**
 * The node's one JGroups channel. The only class that opens a channel; it turns JGroups views into
 * {@link MembershipView}s. Upper protocols (jgroups-raft) are passed in by the replication layer.
 */
public final class ClusterChannel implements AutoCloseable {
  private final JChannel channel;
  private final NodeConfig config;

  private ClusterChannel(JChannel channel, NodeConfig config) {
    this.channel = channel;
    this.config = config;
  }

  /** Builds (but does not connect) the channel with {@code upper} protocols on top. */
  public static ClusterChannel create(
      NodeConfig config, TransportSecurity security, StackTimings timings, List<Protocol> upper)
      throws Exception {
    return create(config, security, timings, upper, NodeSoftware.current());
  }

  /**
   * Builds the channel of a node that advertises {@code software} (its release and protocol) to the
   * other members in its address.
   */
  public static ClusterChannel create(
      NodeConfig config,
      TransportSecurity security,
      StackTimings timings,
      List<Protocol> upper,
      NodeSoftware software)
      throws Exception {
    List<Protocol> stack =
        new ArrayList<>(ClusterStack.membershipProtocols(config, security, timings, software));
    stack.addAll(upper);
    JChannel ch = new JChannel(stack);
    ch.name(config.nodeName());
    ch.addAddressGenerator(
        new org.jgroups.stack.AddressGenerator() {
          @Override
          public Address generateAddress() {
            return software.address(config.nodeName());
          }

          @Override
          public Address generateAddress(String name) {
            return software.address(config.nodeName());
          }
        });
    return new ClusterChannel(ch, config);
  }

  /**
   * The software each member of the current view advertises, by node name (members that advertise
   * none are absent).
   */
  public java.util.Map<String, NodeSoftware> memberSoftware() {
    java.util.Map<String, NodeSoftware> m = new java.util.TreeMap<>();
    View v = channel.getView();
    if (v != null) {
      for (Address a : v.getMembers()) {
        NodeSoftware.of(a).ifPresent(s -> m.put(name(a), s));
      }
    }
    return m;
  }

  /** Pause before the first new attempt after a "duplicate members" refusal. */
  public static final long STALE_JOIN_FIRST_BACKOFF_MS = 500;

  /** Longest pause between two such attempts (the pause doubles up to it). */
  public static final long STALE_JOIN_MAX_BACKOFF_MS = 4_000;

  /** The underlying channel, for the replication layer's RaftHandle only. */
  public JChannel jchannel() {
    return channel;
  }

  /** Connects to the cluster and reports every view to {@code listener}. */
  public void connect(MembershipListener listener) throws Exception {
    connect(listener, (from, payload) -> {});
  }

  /**
   * Whether a join refusal is NO_DUPES' "duplicate members": a member with this node's name is
   * listed and answered when asked whether it is alive ({@link NoDuplicateMembers}).
   */
  public static boolean staleIncarnation(Throwable e) {
    return e.getMessage() != null && e.getMessage().contains(NoDuplicateMembers.REFUSAL);
  }

  /** A message from another node's daemon (not Raft's own traffic). */
  public interface MessageListener {
    void received(String from, byte[] payload);
  }

  /**
   * Connects, reporting every view to {@code listener} and every application message to {@code
   * messages}. A refused join leaves the channel unusable (jgroups-raft closes its log when the
   * failed connect stops the stack and does not reopen it on the next start): build a new one to
   * try again.
   */
  public void connect(MembershipListener listener, MessageListener messages) throws Exception {
    channel.setReceiver(
        new Receiver() {
          @Override
          public void viewAccepted(View v) {
            listener.viewChanged(toView(v));
          }

          @Override
          public void receive(Message msg) {
            messages.received(name(msg.getSrc()), msg.getArray());
          }
        });
    channel.connect(config.clusterName());
    View v = channel.getView();
    if (v != null) {
      listener.viewChanged(toView(v));
    }
  }

  /**
   * Sends {@code payload} to the member named {@code node} (encrypted and authenticated like all
   * cluster traffic). Returns false when the node is not in the current view.
   */
  public boolean send(String node, byte[] payload) {
    View v = channel.getView();
    if (v == null) {
      return false;
    }
    for (Address a : v.getMembers()) {
      if (node.equals(name(a))) {
        try {
          channel.send(new BytesMessage(a, payload));
          return true;
        } catch (Exception e) {
          return false;
        }
      }
    }
    return false;
  }

  /** The current view. */
  public MembershipView view() {
    return toView(channel.getView());
  }

  static MembershipView toView(View v) {
    List<String> names = new ArrayList<>();
    for (Address a : v.getMembers()) {
      names.add(name(a));
    }
    return new MembershipView(
        v.getViewId().getId(), name(v.getCoord()), names, v instanceof MergeView);
  }

  /**
   * A member's node name: its JGroups logical name. Not {@code toString()}, which for the extended
   * addresses carrying {@link NodeSoftware} depends on a process-wide print function.
   */
  static String name(Address a) {
    String n = org.jgroups.util.NameCache.get(a);
    return n != null ? n : String.valueOf(a);
  }

  @Override
  public void close() {
    channel.close();
  }
}
