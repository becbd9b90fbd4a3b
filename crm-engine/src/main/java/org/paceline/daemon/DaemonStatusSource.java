package org.paceline.daemon;

import java.io.IOException;
import java.nio.file.Path;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.NoQuorumException;
import org.paceline.status.SnapshotJson;
import org.paceline.status.StatusSource;
import org.paceline.status.StatusUnavailableException;

/**
 * A {@link StatusSource} that asks the local daemon ({@code snapshot} over its admin socket) for
 * the cluster status as that node sees it: the DC's status section plus this node's quorum, DC,
 * members and last-seen times. A daemon that does not answer is {@link StatusUnavailableException}
 * (unreadable); a partition without quorum or DC is {@link NoQuorumException}.
 */
public final class DaemonStatusSource implements StatusSource {
  private final Path socket;
  private final String configFile;
  private final String activeResource;

  /** A snapshot is read from memory: a daemon that has not answered in this long is stuck. */
  static final java.time.Duration SNAPSHOT_DEADLINE = java.time.Duration.ofSeconds(30);

  /**
   * @param socket the daemon's admin socket
   * @param configFile the bootstrap file, named in the "is it running?" hint
   * @param activeResource overrides the daemon's {@code http.active_resource}, or null
   */
  public DaemonStatusSource(Path socket, String configFile, String activeResource) {
    this.socket = socket;
    this.configFile = configFile;
    this.activeResource = activeResource;
  }

  @Override
  public ClusterSnapshot snapshot() throws StatusUnavailableException {
    String answer;
    try {
      answer = AdminClient.call(socket, "snapshot", SNAPSHOT_DEADLINE);
    } catch (IOException e) {
      throw new StatusUnavailableException(
          "cannot reach the paceline daemon at "
              + socket
              + " ("
              + e.getMessage()
              + "); is it running (bin/paceline --config "
              + configFile
              + ")?",
          true);
    }
    int nl = answer.indexOf('\n');
    String first = nl < 0 ? answer : answer.substring(0, nl);
    if (!first.equals(AdminProtocol.OK)) {
      String message =
          first.startsWith(AdminProtocol.ERROR)
              ? first.substring(AdminProtocol.ERROR.length())
              : first;
      if (message.startsWith(AdminProtocol.NO_STATUS)) {
        throw new NoQuorumException(message);
      }
      throw new StatusUnavailableException("the daemon refused: " + message, true);
    }
    ClusterSnapshot s = SnapshotJson.read(answer.substring(nl + 1), "daemon at " + socket);
    return activeResource == null ? s : s.withActiveResource(activeResource);
  }
}
