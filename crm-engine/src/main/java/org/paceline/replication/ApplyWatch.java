package org.paceline.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detects a Raft member that stopped applying committed entries (issue 22 item 7: a follower stuck
 * on an old configuration, about 2 in 15 CI runs of ShellClusterTest). jgroups-raft's apply loop
 * stops at an entry whose application throws and tries again only at the next commit, so such a
 * member keeps answering and voting while its configuration ages: nothing else notices. Fed with
 * each member's applied index and the index it should have applied, it reports a member whose
 * applied index stayed behind, without moving, for {@link #stallMs}. Pure: the caller passes the
 * time.
 */
public final class ApplyWatch {
  /** How long an applied index may stay behind, unmoved, before it is a stall. */
  public static final long DEFAULT_STALL_MS = 10_000;

  /**
   * One member's progress.
   *
   * @param committed the highest index the member should have applied by now
   * @param applied the highest index it has applied
   */
  public record Progress(long committed, long applied) {}

  /**
   * A member stuck behind.
   *
   * @param node the member
   * @param applied its applied index, unmoved for {@code stalledMs}
   * @param committed the index it should have reached
   * @param stalledMs how long it has been behind without moving
   */
  public record Stall(String node, long applied, long committed, long stalledMs) {
    /** As shown in status: {@code node:applied/committed:stalledMs}. */
    @Override
    public String toString() {
      return node + ":" + applied + "/" + committed + ":" + stalledMs + "ms";
    }
  }

  private record Mark(long applied, long sinceMs) {}

  private final long stallMs;
  private final Map<String, Mark> marks = new HashMap<>();

  /** A watch that reports a member behind and unmoved for {@code stallMs}. */
  public ApplyWatch(long stallMs) {
    if (stallMs <= 0) {
      throw new IllegalArgumentException("stallMs must be positive: " + stallMs);
    }
    this.stallMs = stallMs;
  }

  /**
   * Records the members' progress at {@code nowMs}; returns the stalled ones, sorted by name.
   * Members absent from {@code progress} are forgotten.
   */
  public synchronized List<Stall> observe(long nowMs, Map<String, Progress> progress) {
    marks.keySet().retainAll(progress.keySet());
    List<Stall> stalls = new ArrayList<>();
    for (Map.Entry<String, Progress> e : new TreeMap<>(progress).entrySet()) {
      Progress p = e.getValue();
      if (p.applied() >= p.committed()) {
        marks.remove(e.getKey());
        continue;
      }
      Mark m = marks.get(e.getKey());
      if (m == null || m.applied() != p.applied()) {
        marks.put(e.getKey(), new Mark(p.applied(), nowMs));
        continue;
      }
      long behindMs = nowMs - m.sinceMs();
      if (behindMs >= stallMs) {
        stalls.add(new Stall(e.getKey(), p.applied(), p.committed(), behindMs));
      }
    }
    return stalls;
  }
}
