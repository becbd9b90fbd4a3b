package org.paceline.daemon;

import org.paceline.cib.CibVersion;
import org.paceline.replication.EditResult;
import org.paceline.replication.ReplicatedConfiguration;

/**
 * Turns the result of a proposed configuration edit into the admin protocol's answer, and waits for
 * a committed edit to be applied on this node first, so a client reading here right after its own
 * commit sees it (read your writes).
 */
final class EditReplies {
  /** How long an acknowledged edit waits for this node to apply it before answering. */
  static final long APPLY_WAIT_MS = 5_000;

  private final ReplicatedConfiguration sm;
  private final DaemonLog log;

  EditReplies(ReplicatedConfiguration sm, DaemonLog log) {
    this.sm = sm;
    this.log = log;
  }

  /** The answer to {@code request} (its verb, for the log) whose edit ended as {@code r}. */
  String reply(EditResult r, String request) {
    if (r instanceof EditResult.Committed c) {
      log.info("edit committed", "request", request, "version", c.version());
      awaitApplied(c.version());
      return AdminProtocol.OK + "\ncommitted version=" + c.version();
    }
    String reason = ((EditResult.Refused) r).reason();
    log.info("edit refused", "request", request, "reason", reason);
    return AdminProtocol.ERROR + reason;
  }

  /**
   * Waits (up to {@link #APPLY_WAIT_MS}) until this node has applied a committed version: a
   * follower applies a commit only with the leader's next message.
   */
  private void awaitApplied(String version) {
    String[] v = version.split("\\.");
    if (v.length != 3) {
      return;
    }
    long deadline = System.nanoTime() + APPLY_WAIT_MS * 1_000_000;
    try {
      while (!applied(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2]))
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (NumberFormatException e) {
      // Not a version we can compare: answer at once.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean applied(long admin, long epoch, long updates) {
    CibVersion now = sm.cib().version();
    if (now.adminEpoch() != admin) {
      return now.adminEpoch() > admin;
    }
    if (now.epoch() != epoch) {
      return now.epoch() > epoch;
    }
    return now.numUpdates() >= updates;
  }
}
