package org.paceline.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** A throw-away OCF root holding hand-written test agents under provider {@code test}. */
final class TestOcfRoot implements AutoCloseable {
  final Path root;

  TestOcfRoot() throws IOException {
    root = Files.createTempDirectory("ocf-root");
    Files.createDirectories(root.resolve("resource.d/test"));
  }

  AgentId add(String type, String body) throws IOException {
    Path script = root.resolve("resource.d/test").resolve(type);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return AgentId.ocf("test", type);
  }

  /**
   * Paceline's agent {@code id} as the shell gets it on a machine without it installed: the copy of
   * its OCF script that the jar carries (unpacked by the catalog), not the source tree's file.
   */
  static ResourceAgent bundled(AgentId id) {
    return new AgentCatalog(
            new OcfAgentDirectory(Path.of("/nonexistent-ocf-root"), OcfRunnerLimits.DEFAULTS),
            OcfRunnerLimits.DEFAULTS)
        .agent(id);
  }

  OcfAgentDirectory directory() {
    return new OcfAgentDirectory(root, OcfRunnerLimits.DEFAULTS);
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
