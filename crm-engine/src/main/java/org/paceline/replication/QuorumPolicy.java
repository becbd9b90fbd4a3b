package org.paceline.replication;

/**
 * Decides quorum, the DC and whether edits may be proposed. A small interface so a simulator can
 * drive the same decision with a simulated view and Raft role (STYLE.md #2, #3).
 */
public interface QuorumPolicy {
  /** Decides from {@code in}; pure. */
  QuorumState decide(QuorumInputs in);

  /**
   * The standard policy. Quorum needs a Raft leader AND a majority of configured voters in our own
   * view: an isolated ex-leader keeps its Raft role until it steps down (~2.5 s), and a view alone
   * is no quorum either (LAB-NOTES), so we require both. Even then an edit is acknowledged only
   * after a majority commit; this check only refuses early and clearly.
   */
  static QuorumPolicy standard() {
    return in -> {
      int majority = in.voters().size() / 2 + 1;
      long visible = in.voters().stream().filter(in.view()::contains).count();
      if (in.waitForAll() && !in.seenTogether()) {
        var missing = in.voters().stream().filter(v -> !in.view().contains(v)).toList();
        return new QuorumState(
            false,
            null,
            false,
            false,
            "wait_for_all: waiting to see every configured voter once; not yet seen together: "
                + missing);
      }
      if (visible < majority) {
        return new QuorumState(
            false,
            null,
            false,
            false,
            "no quorum: "
                + visible
                + " of "
                + in.voters().size()
                + " voters reachable, "
                + majority
                + " needed");
      }
      if (in.raftLeader() == null || !in.view().contains(in.raftLeader())) {
        return new QuorumState(false, null, false, false, "no quorum: no DC (Raft leader) elected");
      }
      return new QuorumState(true, in.raftLeader(), in.selfIsLeader(), true, "quorate");
    };
  }
}
