package org.paceline.membership;

import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
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
      NodeConfig config, ClusterKey key, StackTimings timings, List<Protocol> upper)
      throws Exception {
    List<Protocol> stack = new ArrayList<>(ClusterStack.membershipProtocols(config, key, timings));
    stack.addAll(upper);
    JChannel ch = new JChannel(stack);
    ch.name(config.nodeName());
    return new ClusterChannel(ch, config);
  }

  /** The underlying channel, for the replication layer's RaftHandle only. */
  public JChannel jchannel() {
    return channel;
  }

  /** Connects to the cluster and reports every view to {@code listener}. */
  public void connect(MembershipListener listener) throws Exception {
    channel.setReceiver(
        new Receiver() {
          @Override
          public void viewAccepted(View v) {
            listener.viewChanged(toView(v));
          }
        });
    channel.connect(config.clusterName());
    View v = channel.getView();
    if (v != null) {
      listener.viewChanged(toView(v));
    }
  }

  /** The current view. */
  public MembershipView view() {
    return toView(channel.getView());
  }

  static MembershipView toView(View v) {
    List<String> names = new ArrayList<>();
    for (Address a : v.getMembers()) {
      names.add(String.valueOf(a));
    }
    return new MembershipView(
        v.getViewId().getId(), String.valueOf(v.getCoord()), names, v instanceof MergeView);
  }

  @Override
  public void close() {
    channel.close();
  }
}
