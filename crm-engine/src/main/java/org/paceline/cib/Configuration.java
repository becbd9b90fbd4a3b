package org.paceline.cib;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The configuration section of the CIB.
 *
 * @param clusterProperties the {@code cluster_property_set}s of {@code crm_config}
 * @param nodes configured nodes
 * @param resources top-level resources in configuration order
 * @param constraints constraints in configuration order
 * @param rscDefaults {@code rsc_defaults} meta sets
 * @param opDefaults {@code op_defaults} meta sets
 * @param fencingLevels the fencing topology (empty when none)
 * @param tags tags
 * @param otherChildren configuration children the model keeps verbatim (alerts, acls, ...)
 */
public record Configuration(
    List<NvSet> clusterProperties,
    List<Node> nodes,
    List<Resource> resources,
    List<Constraint> constraints,
    List<NvSet> rscDefaults,
    List<NvSet> opDefaults,
    List<FencingLevel> fencingLevels,
    List<Tag> tags,
    List<XmlNode> otherChildren) {
  public Configuration {
    clusterProperties = Immutables.list(clusterProperties);
    nodes = Immutables.list(nodes);
    resources = Immutables.list(resources);
    constraints = Immutables.list(constraints);
    rscDefaults = Immutables.list(rscDefaults);
    opDefaults = Immutables.list(opDefaults);
    fencingLevels = Immutables.list(fencingLevels);
    tags = Immutables.list(tags);
    otherChildren = Immutables.list(otherChildren);
  }

  /** An empty configuration. */
  public static Configuration empty() {
    return new Configuration(null, null, null, null, null, null, null, null, null);
  }

  /** This configuration with another node list. */
  public Configuration withNodes(List<Node> replacement) {
    return new Configuration(
        clusterProperties,
        replacement,
        resources,
        constraints,
        rscDefaults,
        opDefaults,
        fencingLevels,
        tags,
        otherChildren);
  }

  /** This configuration with other cluster property sets. */
  public Configuration withClusterProperties(List<NvSet> replacement) {
    return new Configuration(
        replacement,
        nodes,
        resources,
        constraints,
        rscDefaults,
        opDefaults,
        fencingLevels,
        tags,
        otherChildren);
  }

  /** Every resource, depth first: each parent before its children. */
  public Stream<Resource> allResources() {
    return resources.stream().flatMap(Configuration::withDescendants);
  }

  private static Stream<Resource> withDescendants(Resource r) {
    return Stream.concat(
        Stream.of(r), r.children().stream().flatMap(Configuration::withDescendants));
  }

  /** Every primitive at any depth, by id. */
  public Map<String, Primitive> primitivesById() {
    Map<String, Primitive> out = new HashMap<>();
    allResources()
        .forEach(
            r -> {
              if (r instanceof Primitive p) {
                out.put(p.id(), p);
              }
            });
    return out;
  }

  /**
   * Primitives inside clones that are not globally unique: Pacemaker records the history of all
   * their instances under the primitive's id.
   */
  public Set<String> anonymousClonePrimitiveIds() {
    Set<String> out = new HashSet<>();
    for (Resource r : resources) {
      if (r instanceof Clone c && c.child() != null) {
        String unique = c.meta("globally-unique").orElse("false");
        if (!(CibBooleans.valid(unique) && CibBooleans.parse(unique)) || c.forcedAnonymous()) {
          withDescendants(c.child())
              .filter(x -> x instanceof Primitive)
              .forEach(x -> out.add(x.id()));
        }
      }
    }
    return out;
  }

  /** A resource at any depth by id. */
  public Optional<Resource> resource(String id) {
    return allResources().filter(r -> id.equals(r.id())).findFirst();
  }

  /** A node by name. */
  public Optional<Node> node(String uname) {
    return nodes.stream().filter(n -> uname.equals(n.uname())).findFirst();
  }

  /** This configuration with other resources and constraints (the rest unchanged). */
  public Configuration withResourcesAndConstraints(
      List<Resource> newResources, List<Constraint> newConstraints) {
    return new Configuration(
        clusterProperties,
        nodes,
        newResources,
        newConstraints,
        rscDefaults,
        opDefaults,
        fencingLevels,
        tags,
        otherChildren);
  }

  /** A cluster property's value (first set that defines it, rules ignored). */
  public Optional<String> property(String name) {
    // A property Pacemaker 3.0 renamed is read by either name, the 3.0 one first.
    String newer =
        ClusterOption.PACEMAKER3_NAMES.containsKey(name) ? name : ClusterOption.newerName(name);
    if (newer != null) {
      Optional<String> v = NvSet.lookup(clusterProperties, newer);
      return v.isPresent()
          ? v
          : NvSet.lookup(clusterProperties, ClusterOption.PACEMAKER3_NAMES.get(newer));
    }
    return NvSet.lookup(clusterProperties, name);
  }
}
