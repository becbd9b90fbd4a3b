package org.paceline.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.paceline.cib.CibFiles;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.StatusReport;
import org.paceline.status.StatusReportBuilder;

/**
 * Writes this node's role ("active" or "standby", one line) to a file such as {@code
 * /run/paceline/role}, atomically (temporary file, then rename), so scripts and cron jobs on the
 * node can ask "am I the active hub?" without talking to the cluster. Rewrites only on change.
 */
public final class RoleFile {
  /** The role written. */
  public enum NodeRole {
    ACTIVE("active"),
    STANDBY("standby");

    private final String word;

    NodeRole(String word) {
      this.word = word;
    }

    /** The word written to the file. */
    public String word() {
      return word;
    }
  }

  private final Path path;
  private NodeRole last;

  /** A role file at {@code path} (its directory is created when missing). */
  public RoleFile(Path path) {
    this.path = path;
  }

  /** The role of the snapshot's local node: active where the active resource runs. */
  public static NodeRole roleOf(ClusterSnapshot snap) {
    StatusReport r = StatusReportBuilder.build(snap);
    return snap.localNode() != null && r.summary().activeNodes().contains(snap.localNode())
        ? NodeRole.ACTIVE
        : NodeRole.STANDBY;
  }

  /**
   * Writes the snapshot's role if it changed since the last write.
   *
   * @return the role now in the file
   */
  public synchronized NodeRole update(ClusterSnapshot snap) throws IOException {
    return write(roleOf(snap));
  }

  /** Writes {@code role} if it differs from what this writer last wrote. */
  public synchronized NodeRole write(NodeRole role) throws IOException {
    if (role != last || !Files.exists(path)) {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      CibFiles.writeAtomically(path, role.word() + "\n");
      last = role;
    }
    return role;
  }
}
