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

  /**
   * The parameters {@code agent} requires (meta-data {@code required="1"}), or empty when its
   * meta-data cannot be read here.
   */
  default Optional<Set<String>> required(String agent) {
    return Optional.empty();
  }

  /**
   * Why {@code agent} certainly does not exist here (its provider's directory is installed, the
   * agent is not), or empty when it exists or this cannot tell.
   */
  default Optional<String> missing(String agent) {
    return Optional.empty();
  }

  /**
   * The actions {@code agent} advertises in its meta-data (start, stop, notify, ...), or empty when
   * its meta-data cannot be read here.
   */
  default Optional<Set<String>> actions(String agent) {
    return Optional.empty();
  }

  /** Knows no agent: every parameter check is skipped with a warning. */
  static AgentParameters none() {
    return agent -> Optional.empty();
  }

  /**
   * Reads OCF meta-data through the agent catalog (scripts under a root, and Paceline's own
   * agents).
   */
  static AgentParameters ocf(Path ocfRoot) {
    AgentCatalog catalog = RaCommand.catalog(ocfRoot);
    return new AgentParameters() {
      @Override
      public Optional<Set<String>> parameters(String agent) {
        return names(agent, false);
      }

      @Override
      public Optional<Set<String>> required(String agent) {
        return names(agent, true);
      }

      private Optional<Set<String>> names(String agent, boolean onlyRequired) {
        if (!agent.startsWith("ocf:")) {
          return Optional.empty();
        }
        try {
          Set<String> names = new LinkedHashSet<>();
          for (ParameterSpec p : catalog.agent(AgentId.parse(agent)).metadata().parameters()) {
            if (!onlyRequired || p.required()) {
              names.add(p.name());
            }
          }
          return Optional.of(names);
        } catch (AgentMetadataException | IllegalArgumentException e) {
          return Optional.empty();
        }
      }

      @Override
      public Optional<Set<String>> actions(String agent) {
        if (!agent.startsWith("ocf:")) {
          return Optional.empty();
        }
        try {
          Set<String> names = new LinkedHashSet<>();
          for (org.paceline.agents.ActionSpec a :
              catalog.agent(AgentId.parse(agent)).metadata().actions()) {
            names.add(a.name());
          }
          return Optional.of(names);
        } catch (AgentMetadataException | IllegalArgumentException e) {
          return Optional.empty();
        }
      }

      @Override
      public Optional<String> missing(String agent) {
        String[] f = agent.split(":");
        if (f.length != 3 || !f[0].equals("ocf") || parameters(agent).isPresent()) {
          return Optional.empty();
        }
        Path dir = ocfRoot.resolve("resource.d").resolve(f[1]);
        if (java.nio.file.Files.isDirectory(dir)
            && !java.nio.file.Files.exists(dir.resolve(f[2]))) {
          return Optional.of("no agent " + agent + " (nothing named " + f[2] + " in " + dir + ")");
        }
        return Optional.empty();
      }
    };
  }
}
