package org.paceline.cib;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A primitive resource: one agent instance ({@code class:provider:type}).
 *
 * @param id the resource id
 * @param resourceClass ocf, lsb, service, systemd, stonith, ...; null only with a template
 * @param provider the OCF provider (heartbeat, pacemaker, paceline, ...), or null
 * @param type the agent name
 * @param description free text, or null
 * @param template the id of a {@code <template>} this primitive instantiates, or null
 * @param metaAttributes meta attribute sets (target-role, resource-stickiness, ...)
 * @param instanceAttributes the agent's parameters
 * @param utilization utilization sets
 * @param operationsId the id of the {@code <operations>} element, or null
 * @param operations the configured ops
 * @param otherAttributes attributes the model does not type
 * @param otherChildren child elements the model does not type
 */
public record Primitive(
    String id,
    String resourceClass,
    String provider,
    String type,
    String description,
    String template,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    List<NvSet> utilization,
    String operationsId,
    List<Op> operations,
    Map<String, String> otherAttributes,
    List<XmlNode> otherChildren)
    implements Resource {
  public Primitive {
    metaAttributes = Immutables.list(metaAttributes);
    instanceAttributes = Immutables.list(instanceAttributes);
    utilization = Immutables.list(utilization);
    operations = Immutables.list(operations);
    otherAttributes = Immutables.attributes(otherAttributes);
    otherChildren = Immutables.list(otherChildren);
  }

  /** A primitive with only an agent and parameters, as tests and the shell build them. */
  public static Primitive of(
      String id, String resourceClass, String provider, String type, List<NvSet> params) {
    return new Primitive(
        id,
        resourceClass,
        provider,
        type,
        null,
        null,
        List.of(),
        params,
        List.of(),
        null,
        List.of(),
        Map.of(),
        List.of());
  }

  /** {@code class:provider:type}, or {@code class:type} without a provider. */
  public String agent() {
    return provider == null
        ? resourceClass + ":" + type
        : resourceClass + ":" + provider + ":" + type;
  }

  /**
   * Whether the agent's class can run distinct instances of a globally unique clone: ocf and
   * stonith agents take parameters that tell instances apart, the others (lsb, systemd, service,
   * upstart, nagios) do not (Pacemaker's pcmk_ra_cap_unique).
   */
  public boolean supportsUniqueInstances() {
    return "ocf".equalsIgnoreCase(resourceClass) || "stonith".equalsIgnoreCase(resourceClass);
  }

  /** An instance attribute (agent parameter), ignoring rules. */
  public Optional<String> param(String name) {
    return NvSet.lookup(instanceAttributes, name);
  }
}
