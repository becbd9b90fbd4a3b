package org.paceline.replication;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Notices when jgroups-raft's election leaves a majority without a leader, and says what to do.
 *
 * <p>ELECTION2 starts an election only on a view change, on the view's coordinator, and stops it as
 * soon as the coordinator believes in a leader. After merges and quick successive partitions the
 * lab saw (jgroups-raft issues #306, #280 describe the same races) a majority view in which no
 * member is leader and no election runs: one node still names the old leader, the others none, and
 * nothing changes until the next view change, which on a healed network never comes. The cluster
 * has no DC and refuses every edit.
 *
 * <p>Every member sends its Raft state ({@link Report}: term, the leader it names, whether it
 * leads) to the others every {@link #REPORT_PERIOD_MS}. From the fresh reports of the members of a
 * view that holds a majority of the voters, this decides:
 *
 * <ul>
 *   <li>{@link Action#ELECT}: no member has claimed leadership for {@code graceMs}, and this node
 *       is the view's coordinator: it forgets any leader it names and starts a voting round (a new
 *       term, so a stale belief anywhere is overruled);
 *   <li>{@link Action#ANNOUNCE}: this node leads, but a member has named another leader or none for
 *       {@code graceMs}: it appends a leader announcement, which every follower learns the leader
 *       from;
 *   <li>{@link Action#NONE} otherwise. A view without a majority is never acted on: there, no
 *       leader is the right answer.
 * </ul>
 *
 * <p>Pure: time comes in as an argument.
 */
public final class ElectionWatch {

  /** What a node reports of its Raft state. */
  public record Report(long term, String leader, boolean isLeader) {}

  /** What to do now. */
  public enum Action {
    NONE,
    ANNOUNCE,
    ELECT
  }

  /** How often each member reports. */
  public static final long REPORT_PERIOD_MS = 500;

  /** A report older than this many periods is ignored (its sender may be gone or stopped). */
  static final int FRESH_PERIODS = 4;

  private record Seen(Report report, long atMs) {}

  private final String self;
  private final long graceMs;
  private final Map<String, Seen> reports = new HashMap<>();
  private long leaderlessSinceMs = -1;
  private long strayFollowerSinceMs = -1;

  /**
   * @param self this node's name
   * @param graceMs how long a fault must last before acting (longer than an ordinary election)
   */
  public ElectionWatch(String self, long graceMs) {
    this.self = Objects.requireNonNull(self, "self");
    if (graceMs <= 0) {
      throw new IllegalArgumentException("graceMs must be positive: " + graceMs);
    }
    this.graceMs = graceMs;
  }

  /** Records a member's report (this node's own included). */
  public synchronized void report(String node, Report r, long nowMs) {
    reports.put(node, new Seen(r, nowMs));
  }

  /**
   * Decides at {@code nowMs}.
   *
   * @param coordinator the view's coordinator
   * @param view the members of this node's current view
   * @param voters the Raft voters
   * @param majority how many voters make a majority
   */
  public synchronized Action decide(
      long nowMs, String coordinator, List<String> view, Collection<String> voters, int majority) {
    long votersInView = view.stream().filter(voters::contains).count();
    if (view.isEmpty() || votersInView < majority) {
      leaderlessSinceMs = -1;
      strayFollowerSinceMs = -1;
      return Action.NONE;
    }
    long freshAfter = nowMs - FRESH_PERIODS * REPORT_PERIOD_MS;
    Map<String, Report> fresh = new HashMap<>();
    for (String m : view) {
      Seen s = reports.get(m);
      if (s != null && s.atMs() >= freshAfter) {
        fresh.put(m, s.report());
      }
    }
    String claimant =
        fresh.entrySet().stream()
            .filter(e -> e.getValue().isLeader())
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    if (claimant == null) {
      strayFollowerSinceMs = -1;
      if (leaderlessSinceMs < 0) {
        leaderlessSinceMs = nowMs;
      }
      if (nowMs - leaderlessSinceMs >= graceMs && self.equals(coordinator)) {
        leaderlessSinceMs = nowMs; // give the election a full grace period before another
        return Action.ELECT;
      }
      return Action.NONE;
    }
    leaderlessSinceMs = -1;
    if (!claimant.equals(self)) {
      strayFollowerSinceMs = -1;
      return Action.NONE;
    }
    boolean stray =
        fresh.entrySet().stream()
            .filter(e -> voters.contains(e.getKey()))
            .anyMatch(e -> !self.equals(e.getValue().leader()));
    if (!stray) {
      strayFollowerSinceMs = -1;
      return Action.NONE;
    }
    if (strayFollowerSinceMs < 0) {
      strayFollowerSinceMs = nowMs;
    }
    if (nowMs - strayFollowerSinceMs >= graceMs) {
      strayFollowerSinceMs = nowMs;
      return Action.ANNOUNCE;
    }
    return Action.NONE;
  }

  /** Forgets reports of nodes no longer in {@code members}. */
  public synchronized void retain(Set<String> members) {
    reports.keySet().retainAll(members);
  }
}
