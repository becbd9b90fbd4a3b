package org.paceline.unpack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.ColocationConstraint;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.Group;
import org.paceline.cib.LrmResource;
import org.paceline.cib.NodeState;
import org.paceline.cib.Op;
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Score;

/**
 * Guest nodes, as Pacemaker's unpack creates them: a primitive (top level or in a group) with the
 * meta attribute {@code remote-node=NAME} is the container of a guest node NAME, reached through an
 * implicit Pacemaker Remote connection NAME appended to the resources. The connection runs with its
 * container (colocated at INFINITY) and starts after it. The scheduler then treats NAME as it
 * treats any remote node. A CIB without guests is returned as it is.
 */
public final class GuestNodes {
  private GuestNodes() {}

  /** The containers of guest nodes by guest node name. */
  public static Map<String, String> containers(Configuration c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Resource r : c.resources()) {
      List<Resource> candidates = r instanceof Group g ? g.members() : List.of(r);
      for (Resource m : candidates) {
        if (m instanceof Primitive p) {
          p.meta("remote-node").ifPresent(name -> out.putIfAbsent(name.trim(), p.id()));
        }
      }
    }
    return out;
  }

  /**
   * The containers of guest nodes whose connection is configured no more, by guest node name: a
   * connection's history records its container ({@code container=}), and 2.1.5's
   * handle_orphaned_container_fillers gives the orphaned connection that container again, so its
   * node is still a guest node.
   */
  public static Map<String, String> orphanedContainers(Cib cib) {
    Map<String, String> out = new LinkedHashMap<>();
    for (NodeState s : cib.status()) {
      for (LrmResource r : s.lrmResources()) {
        // The agent first: a string compare that fails at once for nearly every entry, where
        // the attribute lookup would cost a map probe per history entry of every node.
        if (!"remote".equalsIgnoreCase(r.type())) {
          continue;
        }
        String container = r.otherAttributes().get("container");
        if (container != null
            && "pacemaker".equalsIgnoreCase(r.provider())
            && cib.configuration().resource(r.id()).isEmpty()) {
          out.putIfAbsent(r.id(), container);
        }
      }
    }
    return out;
  }

  public static Cib expand(Cib cib) {
    Configuration c = cib.configuration();
    Map<String, String> guests = containers(c);
    if (guests.isEmpty()) {
      return cib;
    }
    List<Resource> resources = new ArrayList<>(c.resources());
    List<Constraint> constraints = new ArrayList<>(c.constraints());
    for (Map.Entry<String, String> g : guests.entrySet()) {
      String node = g.getKey();
      String container = g.getValue();
      if (c.resource(node).isPresent()) {
        continue; // a resource of that name already: Pacemaker refuses it; keep what is there
      }
      // Pacemaker's pe_create_remote_xml gives the connection a 30s monitor (30s timeout).
      Primitive p = Primitive.of(node, "ocf", "pacemaker", "remote", List.of());
      Op monitor =
          new Op(
              node + "-monitor-30s", "monitor", "30s", "30s", null, null, null, null, null, null);
      resources.add(
          new Primitive(
              p.id(),
              p.resourceClass(),
              p.provider(),
              p.type(),
              p.description(),
              p.template(),
              p.metaAttributes(),
              p.instanceAttributes(),
              p.utilization(),
              p.operationsId(),
              List.of(monitor),
              p.otherAttributes(),
              p.otherChildren()));
      constraints.add(
          ColocationConstraint.of(
              "guest-" + node + "-with-" + container, node, container, Score.INFINITY));
      constraints.add(OrderConstraint.of("guest-" + container + "-then-" + node, container, node));
    }
    return cib.withConfiguration(c.withResourcesAndConstraints(resources, constraints));
  }
}
