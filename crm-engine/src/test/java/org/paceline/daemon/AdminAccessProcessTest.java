package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * The admin socket admits root and the haclient group only: a real daemon, and clients run as user
 * nobody with {@code setpriv} (no user is created) talking through {@code socat}.
 */
@Tag("process")
class AdminAccessProcessTest {
  private ClusterHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /** The answer of a request sent as uid 65534 with the given setpriv group options. */
  String asNobody(Path socket, List<String> groupOptions) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534"));
    cmd.addAll(groupOptions);
    // -t: after sending, wait for the answer (socat's default is 0.5 s; the first group lookup
    // loads JNA, which can take longer on a busy machine).
    cmd.addAll(List.of("socat", "-t", "30", "-", "UNIX-CONNECT:" + socket));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write("status\n".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "socat did not finish");
    return out;
  }

  @Test
  void rootAndHaclientMayUseTheSocketOthersMayNot() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root (setpriv to another user)");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/setpriv"))
            && Files.isExecutable(Path.of("/usr/bin/socat")),
        "needs setpriv and socat");
    Integer gid = AdminAccess.lookup().groupId().orElse(null);
    Assumptions.assumeTrue(gid != null, "no haclient group on this machine");
    Map<String, String> one = new LinkedHashMap<>();
    one.put("a", "voter");
    h = new ClusterHarness(one);
    // Let other users reach the data dir, as /var/lib would.
    Files.setPosixFilePermissions(h.dir(), PosixFilePermissions.fromString("rwx--x--x"));
    h.startAll();
    Path socket = h.dir().resolve("a-data").resolve("admin.sock");
    h.await("the daemon answers root", () -> !h.status("a").isEmpty());
    Path data = socket.getParent();
    assertEquals("rwx--x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    assertEquals(gid, Files.getAttribute(data, "unix:gid"));
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    assertEquals(gid, Files.getAttribute(socket, "unix:gid"));
    for (String d : AdminAccess.PRIVATE_DIRS) {
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(d))),
          d);
    }

    // Not in the group: the file system stops it.
    String outsider = asNobody(socket, List.of("--regid=65534", "--clear-groups"));
    assertTrue(outsider.contains("Permission denied"), outsider);

    // Primary group haclient: admitted.
    String member = asNobody(socket, List.of("--regid=" + gid, "--clear-groups"));
    assertTrue(member.startsWith(AdminProtocol.OK + "\n"), member);
    assertTrue(member.contains("node=a"), member);

    // haclient only as a supplementary group the group database does not list for nobody: the
    // kernel lets it connect, the peer-credential check refuses it.
    String smuggled = asNobody(socket, List.of("--regid=65534", "--groups=" + gid));
    assertEquals(
        AdminProtocol.ERROR
            + "permission denied: user nobody is not root and not in group"
            + " haclient\n",
        smuggled);
  }
}
