package org.paceline.daemon;

import java.util.function.Consumer;

/**
 * What a {@link ControllerHost} uses of the cluster: sending a message to another daemon, the Raft
 * leader as this node knows it, and a Raft round trip that proves quorum. The daemon's
 * implementation is the cluster channel and its Raft member; the simulation supplies one on its
 * simulated network and Raft stand-in, so one seed replays exactly.
 */
public interface ClusterPort extends AutoCloseable {
  /**
   * Sends a {@link ControllerWire} message to {@code node}; false when that node is not in this
   * node's view.
   */
  boolean send(String node, Object message);

  /** The Raft leader as this node knows it, or null. */
  String leader();

  /**
   * Proves, with a Raft round trip, that this node still leads a majority; the answer comes later,
   * on any thread, and may be false (not the leader, or the commit timed out).
   */
  void confirmQuorum(Consumer<Boolean> answer);

  /** Stops answering; messages sent from now on may be lost. */
  @Override
  void close();
}
