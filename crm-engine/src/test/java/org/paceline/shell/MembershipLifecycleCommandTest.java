package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crm cluster start|join|nodes} on disk: start creates a 0600 key and a 0700 data dir and
 * refuses to run twice; join copies the key only onto an empty node; talking to a daemon that is
 * not running gives a clear message.
 */
class MembershipLifecycleCommandTest {
  @TempDir Path tmp;

  Path config(String node) throws Exception {
    Path f = tmp.resolve(node + ".yaml");
    Files.writeString(
        f,
        "cluster_name: t\nnode_name: "
            + node
            + "\ndata_dir: "
            + node
            + "/data\nkey_file: "
            + node
            + "/cluster.key\nmembers:\n"
            + "  - {name: a, address: 127.0.0.1, port: 7800}\n"
            + "  - {name: b, address: 127.0.0.1, port: 7801}\n"
            + "  - {name: w, address: 127.0.0.1, port: 7802, role: witness}\n");
    return f;
  }

  @Test
  void startThenJoin() throws Exception {
    Path a = config("a");
    CrmRun r = CrmRun.of("cluster", "start", "--config", a.toString());
    assertEquals(0, r.exitCode(), r.err());
    Path key = tmp.resolve("a/cluster.key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/data"))));
    assertTrue(!r.out().contains(Files.readString(key).strip()), "the key is never printed");

    r = CrmRun.of("cluster", "start", "--config", a.toString());
    assertEquals(ExitCodes.CANT_CREATE, r.exitCode());
    assertTrue(r.err().contains("already belongs to a cluster"), r.err());

    Path b = config("b");
    r = CrmRun.of("cluster", "join", "a", "--config", b.toString(), "--key-from", key.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(Files.readString(key), Files.readString(tmp.resolve("b/cluster.key")));

    r = CrmRun.of("cluster", "join", "a", "--config", b.toString(), "--key-from", key.toString());
    assertEquals(ExitCodes.CANT_CREATE, r.exitCode());
    assertTrue(r.err().contains("this node is not empty"), r.err());

    r = CrmRun.of("cluster", "nodes", "--config", a.toString());
    assertEquals(ClusterCommand.UNAVAILABLE, r.exitCode());
    assertTrue(r.err().contains("cannot reach the paceline daemon"), r.err());
  }

  @Test
  void invalidConfigIsReportedWithFileAndKey() throws Exception {
    Path f = tmp.resolve("bad.yaml");
    Files.writeString(f, "cluster_name: t\nnode_name: a\n");
    CrmRun r = CrmRun.of("cluster", "start", "--config", f.toString());
    assertEquals(ExitCodes.INVALID_INPUT, r.exitCode());
    assertTrue(r.err().contains("bad.yaml: members: missing"), r.err());
    assertTrue(r.err().contains("bad.yaml: data_dir: missing"), r.err());
  }
}
