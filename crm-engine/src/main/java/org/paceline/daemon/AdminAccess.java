package org.paceline.daemon;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may use the admin socket: root, the daemon's own user, and members of the {@code haclient}
 * group, as with Pacemaker's IPC. Two layers: the file system (the socket is {@code 0660
 * root:haclient} in a data dir {@code 0710 root:haclient}, whose other contents stay {@code 0700})
 * and the peer's credentials ({@code SO_PEERCRED}), checked on every connection: its user is root
 * or the daemon's user, its group is haclient, or the group database lists the user in haclient
 * ({@code getgrouplist(3)} through JNA, so NSS groups count). Without a haclient group the socket
 * stays {@code 0600}: root (and the daemon's user) only.
 */
final class AdminAccess {
  /** The group whose members may administer the cluster, as in Pacemaker. */
  static final String GROUP = "haclient";

  /** Most groups looked up per user; getgrouplist says when a user has more. */
  static final int MAX_GROUPS = 1024;

  /** Sub-directories of the data dir that stay root-only when the dir opens to haclient. */
  static final String[] PRIVATE_DIRS = {"raft", "pe-inputs", "fencing"};

  private final String daemonUser = System.getProperty("user.name");
  private final Integer groupId;

  private AdminAccess(Integer groupId) {
    this.groupId = groupId;
  }

  /** Looks the haclient group up; {@link #groupId()} is empty when there is none. */
  static AdminAccess lookup() {
    try {
      Path probe = Files.createTempFile("paceline-gid", "");
      try {
        GroupPrincipal g =
            probe.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP);
        Files.getFileAttributeView(probe, PosixFileAttributeView.class).setGroup(g);
        return new AdminAccess((Integer) Files.getAttribute(probe, "unix:gid"));
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (UserPrincipalNotFoundException e) {
      return new AdminAccess(null);
    } catch (IOException e) {
      // Not allowed to hand a file to the group (a daemon run by a user outside haclient).
      return new AdminAccess(null);
    }
  }

  /** The haclient group's id, when the group exists and this process may use it. */
  Optional<Integer> groupId() {
    return Optional.ofNullable(groupId);
  }

  /**
   * Opens the data dir to the group (traverse only) and keeps its private sub-directories 0700;
   * without the group, the data dir stays 0700.
   */
  void prepareDataDir(Path dataDir) throws IOException {
    for (String d : PRIVATE_DIRS) {
      Path p = dataDir.resolve(d);
      Files.createDirectories(p);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
    if (groupId == null) {
      Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
      return;
    }
    Files.setAttribute(dataDir, "unix:gid", groupId);
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx--x---"));
  }

  /** Sets the socket's owner group and mode: 0660 root:haclient, or 0600 without the group. */
  void prepareSocket(Path socket) throws IOException {
    if (groupId == null) {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      return;
    }
    Files.setAttribute(socket, "unix:gid", groupId);
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
  }

  /** Null when the peer may use the socket, else why not (for the answer and the log). */
  String refusal(UnixDomainPrincipal peer) {
    String user = peer.user().getName();
    if (user.equals("root") || user.equals(daemonUser)) {
      return null;
    }
    if (groupId != null) {
      if (peer.group().getName().equals(GROUP) || inGroupDatabase(user)) {
        return null;
      }
    }
    return "permission denied: user "
        + user
        + " is not root"
        + (groupId == null
            ? " (no " + GROUP + " group on this node)"
            : " and not in group " + GROUP);
  }

  /** Whether the group database (files, LDAP, ... through NSS) lists {@code user} in haclient. */
  private boolean inGroupDatabase(String user) {
    int[] groups = new int[MAX_GROUPS];
    IntByReference n = new IntByReference(MAX_GROUPS);
    // The second argument is added to the answer as the user's primary group; any gid other than
    // haclient's keeps it from faking a membership.
    int base = groupId == 0 ? 1 : 0;
    if (LibC.INSTANCE.getgrouplist(user, base, groups, n) < 0) {
      return false;
    }
    for (int i = 0; i < Math.min(n.getValue(), MAX_GROUPS); i++) {
      if (groups[i] == groupId) {
        return true;
      }
    }
    return false;
  }

  /** The one libc function the JDK does not offer. */
  private interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int getgrouplist(String user, int group, int[] groups, IntByReference ngroups);
  }
}
