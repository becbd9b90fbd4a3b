package org.paceline.agents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Paceline's own resource agents as shipped inside this jar: the OCF scripts of {@code
 * resource-agents/ocf/paceline}, the one source of each agent, copied into the jar by the build.
 * The shell falls back to them where the OCF root it is given does not have them installed, so that
 * {@code crm ra list|info} and {@code crm resource run-action} know them on any machine. They are
 * unpacked on first use into a private temporary OCF root that is deleted when the JVM exits.
 */
final class BundledAgents {
  /** The agents that are part of Paceline; the demo's demo-* scripts are not among them. */
  static final List<AgentId> IDS =
      List.of(
          AgentId.ocf("paceline", "filesync"),
          AgentId.ocf("paceline", "pgsql"),
          AgentId.ocf("paceline", "policy-server"),
          AgentId.ocf("paceline", "vip"));

  /** Where the build puts the scripts in the jar (see resource-agents/pom.xml). */
  private static final String RESOURCE_DIR = "/org/paceline/agents/ocf/paceline/";

  private final OcfRunnerLimits limits;
  private OcfAgentDirectory unpacked;

  BundledAgents(OcfRunnerLimits limits) {
    this.limits = limits;
  }

  boolean contains(AgentId id) {
    return IDS.contains(id);
  }

  /** The runner of the shipped script of {@code id}, one of {@link #IDS}. */
  synchronized OcfScriptAgent agent(AgentId id) {
    if (unpacked == null) {
      try {
        unpacked = new OcfAgentDirectory(unpack(), limits);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot unpack Paceline's resource agents into a temporary directory", e);
      }
    }
    return unpacked.agent(id);
  }

  private static Path unpack() throws IOException {
    Path root = Files.createTempDirectory("paceline-ocf-");
    Path dir = Files.createDirectories(root.resolve("resource.d").resolve("paceline"));
    // deleteOnExit runs in reverse order of registration: the scripts first, then their folders.
    for (Path p : List.of(root, root.resolve("resource.d"), dir)) {
      p.toFile().deleteOnExit();
    }
    for (AgentId id : IDS) {
      Path script = dir.resolve(id.type());
      try (InputStream in = BundledAgents.class.getResourceAsStream(RESOURCE_DIR + id.type())) {
        if (in == null) {
          throw new IOException("the jar lacks " + RESOURCE_DIR + id.type());
        }
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      script.toFile().deleteOnExit();
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r-x------"));
    }
    return root;
  }
}
