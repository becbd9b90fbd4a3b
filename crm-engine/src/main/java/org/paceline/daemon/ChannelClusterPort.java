package org.paceline.daemon;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.paceline.membership.ClusterChannel;

/**
 * The daemon's {@link ClusterPort}: messages encoded with {@link ControllerWire} over the {@link
 * ClusterChannel}, the leader and the quorum proof from the Raft member. A quorum proof blocks for
 * a Raft round trip, so it runs on a thread of its own, never on the controller's.
 */
final class ChannelClusterPort implements ClusterPort {
  private final ClusterChannel channel;
  private final Supplier<String> leader;
  private final BooleanSupplier confirmQuorum;
  private final ExecutorService quorum =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "quorum-confirm");
            t.setDaemon(true);
            return t;
          });

  ChannelClusterPort(ClusterChannel channel, Supplier<String> leader, BooleanSupplier confirm) {
    this.channel = channel;
    this.leader = leader;
    this.confirmQuorum = confirm;
  }

  @Override
  public boolean send(String node, Object message) {
    return channel.send(node, ControllerWire.encode(message));
  }

  @Override
  public String leader() {
    return leader.get();
  }

  @Override
  public void confirmQuorum(Consumer<Boolean> answer) {
    quorum.execute(() -> answer.accept(confirmQuorum.getAsBoolean()));
  }

  @Override
  public void close() {
    quorum.shutdownNow();
  }
}
