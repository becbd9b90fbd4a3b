package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A node's operation history for one resource.
 *
 * @param id the resource id (with a clone instance suffix for unique clones)
 * @param resourceClass the agent class when it ran
 * @param provider the agent provider, or null
 * @param type the agent type
 * @param ops the recorded results
 * @param otherAttributes attributes the model does not type
 */
public record LrmResource(
    String id,
    String resourceClass,
    String provider,
    String type,
    List<LrmRscOp> ops,
    Map<String, String> otherAttributes) {
  public LrmResource {
    ops = Immutables.list(ops);
    otherAttributes = Immutables.attributes(otherAttributes);
  }
}
