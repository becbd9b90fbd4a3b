package org.paceline.agents;

import java.util.List;
import java.util.Optional;

/**
 * An agent's parsed OCF meta-data: its parameters and actions with advised timeouts. Lists keep the
 * agent's declaration order.
 */
public record AgentMetadata(
    String name,
    String version,
    String shortDescription,
    String longDescription,
    List<ParameterSpec> parameters,
    List<ActionSpec> actions) {

  public AgentMetadata {
    parameters = List.copyOf(parameters);
    actions = List.copyOf(actions);
  }

  /** The declared parameter with this name. */
  public Optional<ParameterSpec> parameter(String parameterName) {
    return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
  }

  /** The first declaration of this action (an agent may list monitor once per role). */
  public Optional<ActionSpec> action(String actionName) {
    return actions.stream().filter(a -> a.name().equals(actionName)).findFirst();
  }

  /** True when the agent declares promote and demote, i.e. it can run in a promotable clone. */
  public boolean isPromotable() {
    return action("promote").isPresent() && action("demote").isPresent();
  }
}
