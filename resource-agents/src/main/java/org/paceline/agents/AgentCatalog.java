package org.paceline.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Every agent the shell can describe and run: the OCF scripts below an OCF root and Paceline's own
 * agents ({@code ocf:paceline:vip}, {@code pgsql}, {@code policy-server}, {@code filesync}). Each
 * of Paceline's agents has one source, its OCF script; where the OCF root has it installed (the
 * RPM, the lab) that copy is used, as the daemon does, otherwise the copy shipped in this jar.
 */
public final class AgentCatalog {
  private final OcfAgentDirectory scripts;
  private final BundledAgents bundled;

  public AgentCatalog(OcfAgentDirectory scripts, OcfRunnerLimits limits) {
    this.scripts = scripts;
    this.bundled = new BundledAgents(limits);
  }

  /** The default catalog: /usr/lib/ocf with default limits. */
  public static AgentCatalog system() {
    return new AgentCatalog(
        new OcfAgentDirectory(OcfAgentDirectory.DEFAULT_ROOT, OcfRunnerLimits.DEFAULTS),
        OcfRunnerLimits.DEFAULTS);
  }

  /** The agent for this name; a missing script reports NOT_INSTALLED when run. */
  public ResourceAgent agent(AgentId id) {
    OcfScriptAgent installed = scripts.agent(id);
    if (bundled.contains(id) && !Files.isRegularFile(installed.script())) {
      return bundled.agent(id);
    }
    return installed;
  }

  /** All agent names, sorted and without duplicates. */
  public List<AgentId> list() throws IOException {
    TreeSet<AgentId> all = new TreeSet<>(Comparator.comparing(AgentId::toString));
    all.addAll(scripts.list());
    all.addAll(BundledAgents.IDS);
    return List.copyOf(all);
  }
}
