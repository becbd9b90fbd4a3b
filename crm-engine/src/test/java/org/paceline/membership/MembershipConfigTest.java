package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap YAML is validated with file, key and expectation; the key file must be 0600. */
@Tag("unit")
class MembershipConfigTest {
  static final String GOOD =
      """
      cluster_name: hubs
      node_name: hub1
      data_dir: data
      pki_dir: pki
      members:
        - {name: hub1, address: 127.0.0.1, port: 7800, role: voter}
        - {name: hub2, address: 127.0.0.1, port: 7801, role: voter}
        - {name: w, address: 127.0.0.1, port: 7802, role: witness}
      """;

  @TempDir Path tmp;

  NodeConfigLoader.Result parse(String yaml) {
    return NodeConfigLoader.parse(yaml, tmp.resolve("node.yaml"));
  }

  String problems(String yaml) {
    return assertInstanceOf(NodeConfigLoader.Invalid.class, parse(yaml)).message();
  }

  @Test
  void readsAValidFile() {
    NodeConfig c = assertInstanceOf(NodeConfigLoader.Loaded.class, parse(GOOD)).config();
    assertEquals("hub1", c.self().name());
    assertEquals(tmp.resolve("data"), c.dataDir());
    assertEquals(VoterRole.WITNESS, c.member("w").get().role());
    assertEquals(java.util.List.of("hub1", "hub2", "w"), c.raftMembers());
    assertTrue(c.waitForAll());
    assertEquals(NodeConfig.Security.TLS, c.security());
    assertEquals(tmp.resolve("pki"), c.pkiDir());
  }

  @Test
  void keyFileBelongsToSecurityKeyOnly() {
    String m = problems(GOOD.replace("pki_dir: pki\n", "key_file: k\n"));
    assertTrue(m.contains("key_file: used only with 'security: key'"), m);
    m = problems(GOOD.replace("pki_dir: pki\n", "security: key\n"));
    assertTrue(m.contains("key_file: missing"), m);
    m = problems(GOOD.replace("pki_dir: pki\n", "security: ssh\n"));
    assertTrue(m.contains("security: expected tls or key, found 'ssh'"), m);
    NodeConfig c =
        assertInstanceOf(
                NodeConfigLoader.Loaded.class,
                parse(GOOD.replace("pki_dir: pki\n", "security: key\nkey_file: k\n")))
            .config();
    assertEquals(tmp.resolve("k"), c.keyFile());
    assertEquals(null, c.pkiDir());
  }

  @Test
  void namesFileKeyAndExpectation() {
    String m = problems(GOOD.replace("role: witness", "role: arbiter"));
    assertTrue(
        m.contains("node.yaml: members[2].role: expected voter or witness, found 'arbiter'"), m);
    m = problems(GOOD.replace("node_name: hub1", "node_name: hub9"));
    assertTrue(m.contains("node_name: 'hub9' is not one of members[].name"), m);
    m = problems(GOOD.replace("port: 7801", "port: http"));
    assertTrue(m.contains("members[1].port: expected an integer 1..65435"), m);
    m = problems(GOOD.replace("cluster_name: hubs\n", "clustername: hubs\n"));
    assertTrue(m.contains("clustername: unknown key"), m);
    assertTrue(m.contains("cluster_name: missing"), m);
    m = problems(GOOD.replace("port: 7801", "port: 7800"));
    assertTrue(m.contains("duplicate address and port 127.0.0.1:7800"), m);
    m = problems("a: [");
    assertTrue(m.contains("(syntax): not valid YAML"), m);
  }

  @Test
  void readsTheHttpSectionAndTheRoleFile() {
    NodeConfig c =
        assertInstanceOf(
                NodeConfigLoader.Loaded.class,
                parse(
                    GOOD
                        + "http: {listen: 127.0.0.1:8080, active_resource: vip, inactive_code:"
                        + " 400}\nrole_file: run/role\n"))
            .config();
    assertEquals("127.0.0.1", c.http().bindAddress());
    assertEquals(8080, c.http().port());
    assertEquals("vip", c.http().activeResource());
    assertEquals(200, c.http().activeCode());
    assertEquals(400, c.http().inactiveCode());
    assertEquals(tmp.resolve("run/role"), c.roleFile());
    NodeConfig none = assertInstanceOf(NodeConfigLoader.Loaded.class, parse(GOOD)).config();
    assertEquals(null, none.http());
    assertEquals(null, none.roleFile());
  }

  @Test
  void readsTheWebhookAndNamesWhatIsWrongWithIt() {
    NodeConfig c =
        assertInstanceOf(
                NodeConfigLoader.Loaded.class,
                parse(
                    GOOD + "webhook: {url: 'https://hooks.example.com/x', secret_file: wh.key}\n"))
            .config();
    assertEquals(java.net.URI.create("https://hooks.example.com/x"), c.webhook().url());
    assertEquals(tmp.resolve("wh.key"), c.webhook().secretFile());
    String m = problems(GOOD + "webhook: {url: 'ftp://x/y', secret_file: k, retries: 3}\n");
    assertTrue(m.contains("webhook.url: 'ftp://x/y' is not an http:// or https:// URL"), m);
    assertTrue(m.contains("webhook.retries: unknown key"), m);
    m = problems(GOOD + "webhook: {url: 'http://127.0.0.1:9/'}\n");
    assertTrue(m.contains("webhook.secret_file: missing"), m);
  }

  @Test
  void badHttpSettingsAreNamed() {
    String m =
        problems(
            GOOD
                + "http: {listen: localhost, active_code: 700, user: admin, tls: on}\n"
                + "role_file: /run/paceline/role\n");
    assertTrue(m.contains("http.listen: expected ADDRESS:PORT"), m);
    assertTrue(m.contains("http.active_code: expected an HTTP status code 100..599"), m);
    assertTrue(m.contains("basic auth needs both user and password_hash"), m);
    assertTrue(m.contains("http.tls: expected 'cluster'"), m);
    assertTrue(m.contains("role_file: needs http.active_resource"), m);
    m =
        problems(
            GOOD.replace("pki_dir: pki\n", "security: key\nkey_file: k\n")
                + "http: {listen: 127.0.0.1:80, tls: cluster}\n");
    assertTrue(m.contains("http.tls: tls: cluster needs security: tls"), m);
    m = problems(GOOD + "http: {listen: 127.0.0.1:80, active_code: 503}\n");
    assertTrue(m.contains("http.inactive_code: must differ from http.active_code"), m);
    m = problems(GOOD + "http: {listen: 127.0.0.1:80, user: a, password_hash: plain}\n");
    assertTrue(m.contains("http.password_hash:"), m);
    m = problems(GOOD + "http: {listen: 127.0.0.1:80, keystore: k.p12}\n");
    assertTrue(m.contains("HTTPS needs both keystore and keystore_password_file"), m);
  }

  @Test
  void failureDetectionIsConfigurableWithinBounds() {
    NodeConfig d = assertInstanceOf(NodeConfigLoader.Loaded.class, parse(GOOD)).config();
    assertEquals(2_000, d.stackTimings().fdTimeoutMs());
    NodeConfig c =
        assertInstanceOf(
                NodeConfigLoader.Loaded.class, parse(GOOD + "failure_detection_ms: 1000\n"))
            .config();
    assertEquals(1_000, c.stackTimings().fdTimeoutMs());
    assertEquals(250, c.stackTimings().fdIntervalMs());
    String m = problems(GOOD + "failure_detection_ms: 100\n");
    assertTrue(
        m.contains("failure_detection_ms: expected an integer from 500 to 10000 (ms), found '100'"),
        m);
    m = problems(GOOD + "failure_detection_ms: fast\n");
    assertTrue(m.contains("failure_detection_ms: expected an integer"), m);
  }

  @Test
  void twoMembersWithoutWitnessAreRefused() {
    String m =
        problems(
            GOOD.replace("  - {name: w, address: 127.0.0.1, port: 7802, role: witness}\n", ""));
    assertTrue(m.contains("add a third member with role witness"), m);
  }

  @Test
  void keyFileIsCreated0600AndAReadableOneIsRefused() throws IOException {
    Path k = tmp.resolve("k/cluster.key");
    ClusterKey.generate(k);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(k)));
    assertEquals("ClusterKey[hidden]", ClusterKey.read(k).toString());
    assertThrows(IOException.class, () -> ClusterKey.generate(k), "never overwrites a key");
    Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-r--r--"));
    IOException e = assertThrows(IOException.class, () -> ClusterKey.read(k));
    assertTrue(e.getMessage().contains("expected rw------- (0600)"), e.getMessage());
  }
}
