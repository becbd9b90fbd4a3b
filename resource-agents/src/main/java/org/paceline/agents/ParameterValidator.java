package org.paceline.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Checks a resource's configured parameters against its agent's meta-data. */
public final class ParameterValidator {
  private ParameterValidator() {}

  /**
   * Returns every unknown and every missing required parameter, sorted by parameter name; an empty
   * list means the configuration matches the meta-data.
   */
  public static List<ParameterProblem> validate(
      String resourceId, AgentId agent, AgentMetadata metadata, Map<String, String> parameters) {
    List<ParameterProblem> problems = new ArrayList<>();
    for (String name : new TreeSet<>(parameters.keySet())) {
      if (metadata.parameter(name).isEmpty()) {
        problems.add(new ParameterProblem(ParameterProblem.Kind.UNKNOWN, resourceId, name, agent));
      }
    }
    metadata.parameters().stream()
        .filter(p -> p.required() && !parameters.containsKey(p.name()))
        .map(p -> p.name())
        .sorted()
        .forEach(
            name ->
                problems.add(
                    new ParameterProblem(
                        ParameterProblem.Kind.MISSING_REQUIRED, resourceId, name, agent)));
    return List.copyOf(problems);
  }
}
