package org.paceline.agents;

/**
 * A resource agent with OCF semantics: it executes one action for one resource instance and returns
 * the outcome as a value. Implementations must be thread-safe across different resource instances;
 * the local executor never runs two actions of the same instance at once. An agent reports
 * operating failures (missing binary, bad parameter, timeout) through {@link ActionResult#rc()},
 * never by throwing.
 */
public interface ResourceAgent {
  /** The agent's name, e.g. {@code ocf:heartbeat:Dummy}. */
  AgentId id();

  /** Runs one action and blocks until it has finished or timed out. */
  ActionResult execute(ActionRequest request);

  /** The agent's self-description, parsed from its {@code meta-data} action. */
  AgentMetadata metadata() throws AgentMetadataException;
}
