package org.paceline.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.paceline.controller.Controller;

/**
 * One simulated machine: power, the daemon (the real controller host, node side and executor on
 * simulated ports, see {@link SimDaemon}; a Raft member), and the resources that ACTUALLY run on
 * it. The actual state survives a daemon crash (the agents' processes keep running) and is cleared
 * only by power off; the executor's history and monitors, the transient attributes and the fence
 * device's registration (daemon memory) die with the daemon.
 */
final class SimNode {
  /** What really runs on the machine, whatever any controller believes. */
  enum RState {
    STOPPED,
    STARTED,
    PROMOTED,
    FAILED
  }

  final String name;
  boolean powered = true;
  boolean daemonUp;
  boolean hung;
  int powerInc;
  int daemonInc;

  /** The running daemon incarnation, or null. */
  SimDaemon daemon;

  /** Its controller, for the checks (null without a daemon). */
  Controller ctl;

  /** How long the agent action now running took, in simulated ms (its execution time). */
  long agentRunMs;

  /** Partition group (nodes with the same group reach each other). */
  int group;

  /** The membership view last given to the controller. */
  Set<String> view = Set.of();

  /** The daemon incarnation of each member when {@link #view} was given. */
  Map<String, Integer> viewIncs = Map.of();

  /** Raft belief: this node thinks it is the leader of {@link #knownTerm}. */
  boolean believesLeader;

  long knownTerm = -1;
  String dcName;
  Boolean lastQuorateTold;
  int configDelivered = -1;
  int persistedIndex = 0;
  boolean tellScheduled;
  boolean catchUpScheduled;
  boolean stepDownScheduled;

  /** Work for the daemon that waits while it is hung (SIGSTOP), run in order on resume. */
  final List<Runnable> deferred = new ArrayList<>();

  final Map<String, RState> actual = new TreeMap<>();
  final Map<String, String> attributes = new TreeMap<>();

  SimNode(String name) {
    this.name = name;
  }

  RState state(String hid) {
    return actual.getOrDefault(hid, RState.STOPPED);
  }

  boolean live() {
    return powered && daemonUp && !hung;
  }

  /**
   * The daemon died: its executor (history, monitors), transient attributes and the fence device it
   * had registered are gone.
   */
  void forgetExecutor() {
    attributes.clear();
    deferred.clear();
    actual.remove(FENCE_DEVICE);
  }

  /** The fence device resource, registered in the daemon's memory when "started". */
  static final String FENCE_DEVICE = "fence";
}
