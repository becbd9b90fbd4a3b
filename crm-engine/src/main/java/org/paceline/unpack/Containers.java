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
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Score;

/**
 * Resources bound to a container by the {@code container} meta attribute (Pacemaker's "fillers",
 * unpack.c's setup_container): a primitive, or each member of a group that has the attribute, names
 * another resource as its container. The filler runs with its container (colocated at INFINITY),
 * starts after it and stops before it, as pcmk__primitive_internal_constraints orders it; a filler
 * whose container holds a guest node is placed on that guest node instead, which needs no
 * constraint here.
 */
public final class Containers {
  private Containers() {}

  /**
   * Each filler's container, by filler id: guest connections, then the configured fillers in
   * configuration order. A container that names the resource itself or no resource is ignored, as
   * Pacemaker ignores it ("Unknown resource container"). Clone instances are left out: the corpus
   * has no filler inside a clone.
   */
  public static Map<String, String> fillers(Configuration c, MetaLookup meta) {
    Map<String, String> out = new LinkedHashMap<>();
    // A guest node's implicit connection is its container's filler too (expand_remote_rsc_meta
    // gives it the container meta attribute).
    GuestNodes.containers(c)
        .forEach(
            (guest, container) -> {
              if (c.resource(guest).filter(r -> r instanceof Primitive).isPresent()) {
                out.put(guest, container);
              }
            });
    for (Resource r : c.resources()) {
      List<Resource> candidates = r instanceof Group g ? g.members() : List.of(r);
      for (Resource m : candidates) {
        if (!(m instanceof Primitive p)) {
          continue;
        }
        meta.meta(p, "container")
            .map(String::trim)
            .filter(id -> !id.equals(p.id()) && c.resource(id).isPresent())
            .ifPresent(id -> out.put(p.id(), id));
      }
    }
    return out;
  }

  /**
   * The CIB with a colocation and a mandatory order between each filler and its container, unless
   * the container is a guest node's container or a remote connection (the filler then belongs on
   * that node, not beside the container). A CIB without fillers is returned as it is.
   */
  static Cib expand(Cib cib, long nowEpochSeconds) {
    Configuration c = cib.configuration();
    Map<String, String> fillers = fillers(c, new MetaLookup(c, nowEpochSeconds));
    if (fillers.isEmpty()) {
      return cib;
    }
    Map<String, String> guests = GuestNodes.containers(c);
    List<Constraint> constraints = new ArrayList<>(c.constraints());
    boolean added = false;
    for (Map.Entry<String, String> f : fillers.entrySet()) {
      String filler = f.getKey();
      String container = f.getValue();
      boolean holdsNode =
          guests.containsValue(container)
              || c.resource(container)
                  .filter(r -> r instanceof Primitive p && StatusUnpacker.isRemoteConnection(p))
                  .isPresent();
      if (holdsNode) {
        continue;
      }
      constraints.add(
          ColocationConstraint.of(
              "resource-with-container-" + filler, filler, container, Score.INFINITY));
      constraints.add(
          OrderConstraint.of("container-" + container + "-then-" + filler, container, filler));
      added = true;
    }
    return added
        ? cib.withConfiguration(c.withResourcesAndConstraints(c.resources(), constraints))
        : cib;
  }
}
