package org.paceline.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.paceline.controller.Controller;

/**
 * One simulated machine: power, the daemon (controller, executor, Raft member), and the resources
 * that ACTUALLY run on it. The actual state survives a daemon crash (the agents' processes keep
 * running) and is cleared only by power off; the executor's history and monitors die with the
 * daemon.
 */
final class SimNode {
  /** What really runs on the machine, whatever any controller believes. */
  enum RState {
    STOPPED,
    STARTED,
    PROMOTED,
    FAILED
  }

  /** The executor's record of a resource's last one-shot operation. */
  record LastOp(
      String task, int rc, int expectedRc, long transitionId, int callId, long atSec, long execMs) {
    boolean failed() {
      if (task.equals("monitor")) {
        return rc != 0 && rc != 7 && rc != 8;
      }
      return rc != expectedRc;
    }
  }

  /** A recurring monitor of the executor. */
  static final class Monitor {
    final String instance;
    final long intervalMs;
    final int expectedRc;
    final long transitionId;
    final int callId;
    int lastObserved;
    int lastReported;

    Monitor(
        String instance, long intervalMs, int expectedRc, long transitionId, int callId, int rc) {
      this.instance = instance;
      this.intervalMs = intervalMs;
      this.expectedRc = expectedRc;
      this.transitionId = transitionId;
      this.callId = callId;
      this.lastObserved = rc;
      this.lastReported = rc;
    }
  }

  final String name;
  boolean powered = true;
  boolean daemonUp;
  boolean hung;
  int powerInc;
  int daemonInc;
  Controller ctl;

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
  final Map<String, LastOp> history = new TreeMap<>();
  final Map<String, Monitor> monitors = new TreeMap<>();
  final Map<String, String> attributes = new TreeMap<>();
  int callId;

  SimNode(String name) {
    this.name = name;
  }

  RState state(String hid) {
    return actual.getOrDefault(hid, RState.STOPPED);
  }

  boolean live() {
    return powered && daemonUp && !hung;
  }

  /** The executor dies with the daemon: history, monitors and transient attributes are gone. */
  void forgetExecutor() {
    history.clear();
    monitors.clear();
    attributes.clear();
    deferred.clear();
    callId = 0;
  }
}
