package org.paceline.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.paceline.membership.NodeConfig;
import org.paceline.membership.Peer;
import org.paceline.replication.ConfigEntry;
import org.paceline.replication.EditResult;
import org.paceline.replication.QuorumState;
import org.paceline.replication.RaftReplicator;

/**
 * The rest of {@code crm cluster join} on the joining node: once a leader is known, asks it to add
 * this node as a Raft voter (a no-op when the members' node.yaml list it already), then records
 * this node (name, address, port, role) in the replicated configuration so members that do not list
 * it find it after a restart, then removes the {@link NodeDaemon#JOIN_PENDING} marker.
 */
final class JoinCompletion implements Runnable {
  /** Pause between attempts to be added while joining (no leader yet, no quorum). */
  static final long JOIN_RETRY_MS = 500;

  private final NodeConfig config;
  private final RaftReplicator raft;
  private final Supplier<QuorumState> quorum;
  private final DaemonLog log;

  JoinCompletion(
      NodeConfig config, RaftReplicator raft, Supplier<QuorumState> quorum, DaemonLog log) {
    this.config = config;
    this.raft = raft;
    this.quorum = quorum;
    this.log = log;
  }

  /** Retries until both steps are committed, or the thread is interrupted. */
  @Override
  public void run() {
    Path marker = config.dataDir().resolve(NodeDaemon.JOIN_PENDING);
    String self = config.nodeName();
    boolean added = false;
    while (Files.exists(marker)) {
      try {
        if (!added) {
          if (raft.leader() != null) {
            EditResult r = raft.addMember(self);
            added = r instanceof EditResult.Committed;
            log.info("join: asked the DC to add this node as a voter", "result", r);
          }
        } else {
          Peer me = config.self();
          EditResult r =
              raft.propose(
                  new ConfigEntry.AddNode(me.name(), me.address(), me.port(), me.role().word()),
                  quorum.get());
          if (r instanceof EditResult.Committed) {
            Files.deleteIfExists(marker);
            log.info("join complete", "raft_members", String.join(",", raft.members()));
            return;
          }
          log.info("join: recording this node in the configuration failed", "result", r);
        }
        Thread.sleep(JOIN_RETRY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.info("join: attempt failed", "error", e.getMessage());
      }
    }
  }
}
