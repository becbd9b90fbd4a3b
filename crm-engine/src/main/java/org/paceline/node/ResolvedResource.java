package org.paceline.node;

import org.paceline.cib.Primitive;
import org.paceline.executor.ResourceSpec;

/**
 * A resource instance resolved against the configuration.
 *
 * @param instanceId the id the DC used ({@code db:1}, {@code vip})
 * @param historyId the id the executor and the status section use: an anonymous clone's instances
 *     share the primitive's id ({@code db}), a unique clone's keep theirs ({@code db:1})
 * @param primitive the primitive's definition
 * @param cloneInstance the clone instance number ({@code 1} of {@code db:1}), or null
 * @param spec what the executor runs: agent, parameters (clone's inherited, primitive's winning)
 *     and meta attributes (clone, group and primitive meta, nearest winning)
 */
public record ResolvedResource(
    String instanceId,
    String historyId,
    Primitive primitive,
    String cloneInstance,
    ResourceSpec spec) {}
