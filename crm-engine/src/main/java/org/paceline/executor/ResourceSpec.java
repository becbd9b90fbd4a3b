package org.paceline.executor;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.paceline.agents.AgentId;

/** A resource instance as the executor needs it: name, agent, instance and meta attributes. */
public record ResourceSpec(
    String resourceId,
    AgentId agent,
    SortedMap<String, String> parameters,
    SortedMap<String, String> meta) {
  public ResourceSpec {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(agent, "agent");
    parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
    meta = Collections.unmodifiableSortedMap(new TreeMap<>(meta));
  }

  public static ResourceSpec of(String resourceId, AgentId agent, Map<String, String> parameters) {
    return new ResourceSpec(resourceId, agent, new TreeMap<>(parameters), new TreeMap<>());
  }
}
