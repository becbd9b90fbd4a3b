package org.paceline.agents;

import java.util.Optional;

/**
 * One parameter an agent declares in its meta-data.
 *
 * @param type the declared content type (string, integer, boolean, ...)
 * @param defaultValue the declared default, if any
 * @param unique the agent requires the value to be unique across resources of this agent
 */
public record ParameterSpec(
    String name,
    boolean required,
    boolean unique,
    String type,
    Optional<String> defaultValue,
    String shortDescription) {}
