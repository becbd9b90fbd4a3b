package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * One level of the fencing topology: for a target, the devices that must all succeed at this index;
 * on failure the next index is tried.
 *
 * @param id the level id
 * @param target the node name, or null
 * @param targetPattern a regular expression over node names, or null
 * @param targetAttribute a node attribute name (with {@code targetValue}), or null
 * @param targetValue the node attribute's value, or null
 * @param index 1-9, lower first
 * @param devices the fence device ids (comma-separated in XML)
 * @param otherAttributes attributes the model does not type
 */
public record FencingLevel(
    String id,
    String target,
    String targetPattern,
    String targetAttribute,
    String targetValue,
    int index,
    List<String> devices,
    Map<String, String> otherAttributes) {
  public FencingLevel {
    devices = Immutables.list(devices);
    otherAttributes = Immutables.attributes(otherAttributes);
  }
}
