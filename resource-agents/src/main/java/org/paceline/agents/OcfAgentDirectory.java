package org.paceline.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The OCF agents installed below an OCF root ({@code /usr/lib/ocf} by default): lists them and
 * hands out runners for them.
 */
public final class OcfAgentDirectory {
  /** Where Debian, RHEL and SUSE install OCF agents. */
  public static final Path DEFAULT_ROOT = Path.of("/usr/lib/ocf");

  private final Path ocfRoot;
  private final OcfRunnerLimits limits;
  private final java.util.Map<String, String> clusterEnvironment;

  public OcfAgentDirectory(Path ocfRoot, OcfRunnerLimits limits) {
    this(ocfRoot, limits, java.util.Map.of());
  }

  /**
   * @param clusterEnvironment what the cluster manager adds to every agent's environment ({@link
   *     OcfScriptAgent#environment}): its tools' directory first on {@code PATH} and as {@code
   *     HA_SBIN_DIR}, its admin socket
   */
  public OcfAgentDirectory(
      Path ocfRoot, OcfRunnerLimits limits, java.util.Map<String, String> clusterEnvironment) {
    this.ocfRoot = ocfRoot;
    this.limits = limits;
    this.clusterEnvironment = java.util.Map.copyOf(clusterEnvironment);
  }

  public Path root() {
    return ocfRoot;
  }

  /** Every executable agent, sorted by provider then type. */
  public List<AgentId> list() throws IOException {
    List<AgentId> out = new ArrayList<>();
    Path base = ocfRoot.resolve("resource.d");
    if (!Files.isDirectory(base)) {
      return out;
    }
    try (Stream<Path> providers = Files.list(base)) {
      for (Path provider : providers.sorted().toList()) {
        if (!Files.isDirectory(provider)) {
          continue;
        }
        try (Stream<Path> types = Files.list(provider)) {
          for (Path type : types.sorted().toList()) {
            if (Files.isRegularFile(type) && Files.isExecutable(type)) {
              agentId(provider.getFileName().toString(), type.getFileName().toString())
                  .ifPresent(out::add);
            }
          }
        }
      }
    }
    return out;
  }

  /** A runner for this agent; it reports NOT_INSTALLED on use when the script is absent. */
  public OcfScriptAgent agent(AgentId id) {
    return new OcfScriptAgent(ocfRoot, id, limits, clusterEnvironment);
  }

  private static Optional<AgentId> agentId(String provider, String type) {
    try {
      return Optional.of(AgentId.ocf(provider, type));
    } catch (IllegalArgumentException e) {
      // A file name that is not a valid agent name (backup files like "x~") is not an agent.
      return Optional.empty();
    }
  }
}
