package org.paceline.fencing.agents;

/**
 * One parameter a fence agent declares in its metadata.
 *
 * @param name the stdin key
 * @param required whether the agent requires it
 * @param type the content type (string, boolean, select, integer, second)
 * @param defaultValue the default, or null
 * @param shortDescription the agent's one-line description
 */
public record AgentParameter(
    String name, boolean required, String type, String defaultValue, String shortDescription) {}
