package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.membership.ClusterTls;

/**
 * {@code crm cluster start|join|nodes} on disk: start creates a 0600 key and a 0700 data dir and
 * refuses to run twice; join copies the key only onto an empty node; talking to a daemon that is
 * not running gives a clear message.
 */
@Tag("unit")
class MembershipLifecycleCommandTest {
  @TempDir Path tmp;

  Path config(String node) throws Exception {
    return config(node, "security: key\nkey_file: " + node + "/cluster.key\n");
  }

  Path config(String node, String security) throws Exception {
    Path f = tmp.resolve(node + ".yaml");
    Files.writeString(
        f,
        "cluster_name: t\nnode_name: "
            + node
            + "\ndata_dir: "
            + node
            + "/data\n"
            + security
            + "members:\n"
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
  void startCreatesTheCaAndJoinIssuesTheJoiningNodesCertificate() throws Exception {
    Path a = config("a", "pki_dir: a/pki\n");
    CrmRun r = CrmRun.of("cluster", "start", "--config", a.toString());
    assertEquals(0, r.exitCode(), r.err());
    Path pa = tmp.resolve("a/pki");
    assertEquals("rwx------", mode(pa));
    assertEquals("rw-------", mode(pa.resolve("ca.key")));
    assertEquals("rw-------", mode(pa.resolve("node.key")));
    assertTrue(
        !r.out()
            .contains(Files.readString(pa.resolve("ca.key")).lines().skip(1).findFirst().get()));
    ClusterTls ta = ClusterTls.load(pa);
    assertEquals("CN=a,O=Paceline cluster t", ta.certificate().getSubjectX500Principal().getName());

    r = CrmRun.of("cluster", "start", "--config", a.toString());
    assertEquals(ExitCodes.CANT_CREATE, r.exitCode());
    assertTrue(r.err().contains("already belongs to a cluster"), r.err());

    Path b = config("b", "pki_dir: b/pki\n");
    r = CrmRun.of("cluster", "join", "a", "--config", b.toString(), "--ca-from", pa.toString());
    assertEquals(0, r.exitCode(), r.err());
    Path pb = tmp.resolve("b/pki");
    assertEquals(Files.readString(pa.resolve("ca.crt")), Files.readString(pb.resolve("ca.crt")));
    assertEquals("rw-------", mode(pb.resolve("ca.key")));
    X509Certificate cb = ClusterTls.load(pb).certificate();
    assertEquals("CN=b,O=Paceline cluster t", cb.getSubjectX500Principal().getName());
    cb.verify(ta.caCertificate().getPublicKey());
    String sans = String.valueOf(cb.getSubjectAlternativeNames());
    assertTrue(sans.contains("b") && sans.contains("127.0.0.1"), sans);

    r = CrmRun.of("cluster", "join", "a", "--config", b.toString(), "--ca-from", pa.toString());
    assertEquals(ExitCodes.CANT_CREATE, r.exitCode());
    assertTrue(r.err().contains("this node is not empty"), r.err());

    // A CA whose key is readable by others is refused and nothing is written.
    Path w = config("w", "pki_dir: w/pki\n");
    Files.setPosixFilePermissions(
        pa.resolve("ca.key"), PosixFilePermissions.fromString("rw-r--r--"));
    r = CrmRun.of("cluster", "join", "a", "--config", w.toString(), "--ca-from", pa.toString());
    assertEquals(ExitCodes.CANT_CREATE, r.exitCode());
    assertTrue(r.err().contains("ca.key: private key has mode rw-r--r--"), r.err());
    assertTrue(!Files.exists(tmp.resolve("w/pki/ca.crt")));
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
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
