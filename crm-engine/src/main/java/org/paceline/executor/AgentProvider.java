package org.paceline.executor;

import org.paceline.agents.AgentId;
import org.paceline.agents.ResourceAgent;

/** Resolves an agent name to the agent that runs it (OCF scripts, built-ins, simulated agents). */
public interface AgentProvider {
  ResourceAgent agent(AgentId id);
}
