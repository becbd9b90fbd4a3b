package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster traffic is encrypted with AES in CBC mode and a per-message IV, not JGroups' ECB default.
 */
class ClusterStackCipherTest {
  @TempDir Path dir;

  @Test
  void symEncryptUsesCbcWithAnIv() throws Exception {
    var loaded = NodeConfigLoader.load(Path.of("../packaging/etc/paceline.yaml"));
    NodeConfig config = ((NodeConfigLoader.Loaded) loaded).config();
    ClusterKey key = ClusterKey.generate(dir.resolve("cluster.key"));
    SYM_ENCRYPT encrypt =
        ClusterStack.membershipProtocols(config, key, StackTimings.DEFAULTS).stream()
            .filter(SYM_ENCRYPT.class::isInstance)
            .map(SYM_ENCRYPT.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals("AES/CBC/PKCS5Padding", encrypt.symAlgorithm());
    assertEquals(16, encrypt.simIvLength());
  }
}
