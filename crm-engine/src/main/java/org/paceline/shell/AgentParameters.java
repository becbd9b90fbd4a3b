package org.paceline.shell;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.paceline.agents.AgentCatalog;
import org.paceline.agents.AgentId;
import org.paceline.agents.AgentMetadataException;
import org.paceline.agents.ParameterSpec;

/**
 * Where the shell learns which parameters an agent takes (to refuse unknown ones and to complete
 * them). A port, so parser tests need no installed agents.
 */
interface AgentParameters {
  /**
   * The parameter names {@code agent} ({@code class:provider:type}) declares, in declaration order,
   * or empty when its meta-data cannot be read here (not installed locally, or not an OCF agent).
   */
  Optional<Set<String>> parameters(String agent);

  /** Knows no agent: every parameter check is skipped with a warning. */
  static AgentParameters none() {
    return agent -> Optional.empty();
  }

  /** Reads OCF meta-data through the agent catalog (built-in agents and scripts under a root). */
  static AgentParameters ocf(Path ocfRoot) {
    AgentCatalog catalog = RaCommand.catalog(ocfRoot);
    return agent -> {
      if (!agent.startsWith("ocf:")) {
        return Optional.empty();
      }
      try {
        Set<String> names = new LinkedHashSet<>();
        for (ParameterSpec p : catalog.agent(AgentId.parse(agent)).metadata().parameters()) {
          names.add(p.name());
        }
        return Optional.of(names);
      } catch (AgentMetadataException | IllegalArgumentException e) {
        return Optional.empty();
      }
    };
  }
}
