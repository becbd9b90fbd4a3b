package org.paceline.agents;

/**
 * One problem with a resource's configured parameters, phrased for an operator: it names the
 * resource, the parameter and the agent.
 */
public record ParameterProblem(Kind kind, String resourceId, String parameter, AgentId agent) {
  /** What is wrong with the parameter. */
  public enum Kind {
    UNKNOWN,
    MISSING_REQUIRED
  }

  /** The operator message. */
  public String message() {
    return switch (kind) {
      case UNKNOWN ->
          "resource "
              + resourceId
              + ": parameter '"
              + parameter
              + "' is not a parameter of agent "
              + agent;
      case MISSING_REQUIRED ->
          "resource "
              + resourceId
              + ": required parameter '"
              + parameter
              + "' of agent "
              + agent
              + " is not set";
    };
  }
}
