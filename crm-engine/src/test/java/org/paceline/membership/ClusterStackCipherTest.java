package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code security: key}, cluster traffic is encrypted with AES in CBC mode and a per-message
 * IV, not JGroups' ECB default; with {@code security: tls} there is no SYM_ENCRYPT and the
 * transport gets the TLS socket factory.
 */
@Tag("unit")
class ClusterStackCipherTest {
  @TempDir Path dir;

  NodeConfig shipped() {
    var loaded = NodeConfigLoader.load(Path.of("../packaging/etc/paceline.yaml"));
    return ((NodeConfigLoader.Loaded) loaded).config();
  }

  @Test
  void symEncryptUsesCbcWithAnIv() throws Exception {
    ClusterKey key = ClusterKey.generate(dir.resolve("cluster.key"));
    SYM_ENCRYPT encrypt =
        ClusterStack.membershipProtocols(shipped(), key, StackTimings.DEFAULTS).stream()
            .filter(SYM_ENCRYPT.class::isInstance)
            .map(SYM_ENCRYPT.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals("AES/CBC/PKCS5Padding", encrypt.symAlgorithm());
    assertEquals(16, encrypt.simIvLength());
  }

  @Test
  void tlsReplacesSymEncrypt() throws Exception {
    NodeConfig c = shipped();
    assertEquals(NodeConfig.Security.TLS, c.security());
    Path pki = dir.resolve("pki");
    ClusterCa.createCa(pki, "hubs");
    ClusterCa.issueNode(pki, "hub1", "192.0.2.1");
    var stack = ClusterStack.membershipProtocols(c, ClusterTls.load(pki), StackTimings.DEFAULTS);
    assertTrue(stack.stream().noneMatch(SYM_ENCRYPT.class::isInstance));
    TCP tcp = (TCP) stack.get(0);
    assertTrue(
        tcp.getSocketFactory().getClass().getName().startsWith(ClusterTls.class.getName()),
        tcp.getSocketFactory().getClass().getName());
  }
}
