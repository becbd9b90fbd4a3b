package org.paceline.agents;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every agent a node can run: the built-in Java agents ({@code ocf:paceline:vip}, {@code
 * ocf:paceline:pgsql}, {@code ocf:paceline:policy-server}) and the OCF scripts below an OCF root. A
 * built-in agent wins over a script of the same name, so the Java implementation is used inside
 * Paceline while the script serves Pacemaker clusters.
 */
public final class AgentCatalog {
  private final OcfAgentDirectory scripts;
  private final Map<AgentId, ResourceAgent> builtins;

  public AgentCatalog(OcfAgentDirectory scripts, CommandRunner commands) {
    this.scripts = scripts;
    this.builtins =
        Map.of(
            VipAgent.ID,
            new VipAgent(commands),
            PgsqlAgent.ID,
            new PgsqlAgent(commands),
            PolicyServerAgent.ID,
            new PolicyServerAgent(commands),
            FileSyncAgent.ID,
            new FileSyncAgent(commands));
  }

  /** The default catalog: /usr/lib/ocf and the built-ins with default limits. */
  public static AgentCatalog system() {
    return new AgentCatalog(
        new OcfAgentDirectory(OcfAgentDirectory.DEFAULT_ROOT, OcfRunnerLimits.DEFAULTS),
        new CommandRunner(OcfRunnerLimits.DEFAULTS));
  }

  /** The agent for this name; a missing script reports NOT_INSTALLED when run. */
  public ResourceAgent agent(AgentId id) {
    ResourceAgent builtin = builtins.get(id);
    return builtin != null ? builtin : scripts.agent(id);
  }

  /** True when this name is a built-in Java agent. */
  public boolean isBuiltin(AgentId id) {
    return builtins.containsKey(id);
  }

  /** All agent names, sorted and without duplicates. */
  public List<AgentId> list() throws IOException {
    TreeSet<AgentId> all = new TreeSet<>(java.util.Comparator.comparing(AgentId::toString));
    all.addAll(scripts.list());
    all.addAll(builtins.keySet());
    return List.copyOf(all);
  }
}
