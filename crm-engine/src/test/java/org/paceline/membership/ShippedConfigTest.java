package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bootstrap file the RPM installs as /etc/paceline/paceline.yaml is a valid one. */
@Tag("unit")
class ShippedConfigTest {
  @Test
  void packagedDefaultConfigLoads() {
    var result = NodeConfigLoader.load(Path.of("../packaging/etc/paceline.yaml"));
    assertInstanceOf(NodeConfigLoader.Loaded.class, result, result::toString);
  }
}
