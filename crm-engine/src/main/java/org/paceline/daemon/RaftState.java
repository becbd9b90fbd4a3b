package org.paceline.daemon;

import org.paceline.replication.ElectionWatch;

/**
 * A member's Raft state, sent to the other members every {@link ElectionWatch#REPORT_PERIOD_MS} so
 * that each can tell a majority left without a leader ({@link ElectionWatch}).
 */
record RaftState(long term, String leader, boolean isLeader) {
  static RaftState of(ElectionWatch.Report r) {
    return new RaftState(r.term(), r.leader(), r.isLeader());
  }

  ElectionWatch.Report report() {
    return new ElectionWatch.Report(term, leader, isLeader);
  }
}
