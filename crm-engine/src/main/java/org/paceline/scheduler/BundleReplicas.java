package org.paceline.scheduler;

import org.paceline.cib.Primitive;
import org.paceline.unpack.BundleExpansion;

/**
 * A bundle's replicas assigned as pcmk__assign_instances assigns clone instances: first every
 * healthy running replica on its current node (preferred_node), then the others. Paceline places
 * the containers one by one in replica order, so a replica that is not kept where it runs must
 * leave the nodes of the replicas kept in that first pass (and of those already placed) free.
 */
final class BundleReplicas {
  private final Placement p;

  BundleReplicas(Placement p) {
    this.p = p;
  }

  /**
   * Bans, for a container that keeps no current node, the nodes its sibling replicas hold or keep,
   * when the bundle puts at most one replica per node (its containers are apart at -INFINITY).
   */
  void banKeptNodes(TopLevelResource t, int[] scores) {
    PrimitiveInstance l = container(t);
    if (l == null || kept(l)) {
      return;
    }
    String bundle = l.primitive.otherAttributes().get(BundleExpansion.BUNDLE_MARK);
    for (TopLevelResource s : p.ex.tops) {
      PrimitiveInstance other = s == t ? null : container(s);
      if (other == null
          || !bundle.equals(other.primitive.otherAttributes().get(BundleExpansion.BUNDLE_MARK))
          || !apart(t, s)) {
        continue;
      }
      String node = s.assigned ? other.instance.assigned : kept(other) ? other.currentNode() : null;
      Integer idx = node == null ? null : p.nodeIndex.get(node);
      if (idx != null) {
        scores[idx] = -Placement.INF;
      }
    }
  }

  /**
   * pcmk__bundle_allocate's "child-remote-with-docker-remote": a replica's connection whose
   * container is placed on a Pacemaker Remote (or guest) node runs with that node's own connection,
   * since pacemaker-remoted takes a single active connection. Returns that connection's resource
   * when {@code c} colocates connection {@code t} with such a container, else null.
   */
  TopLevelResource nestedHost(TopLevelResource t, Colocation c) {
    if (c.score() < Placement.INF
        || !Placement.isRemoteConnection(t)
        || container(c.primary()) == null) {
      return null;
    }
    String node = c.primary().instances.get(0).assigned;
    Integer idx = node == null ? null : p.nodeIndex.get(node);
    if (idx == null || !p.nodes.get(idx).remote()) {
      return null;
    }
    TopLevelResource connection = p.ex.topOf.get(node);
    return connection != null && Placement.isRemoteConnection(connection) ? connection : null;
  }

  /** The colocation {@code c} with its primary replaced by the container host's connection. */
  Colocation withNestedHost(Colocation c, TopLevelResource host) {
    return new Colocation(c.id(), c.dependent(), host, c.score(), null, null, c.nodeAttribute());
  }

  /** preferred_node: a healthy replica running on one node that can take resources. */
  boolean kept(PrimitiveInstance l) {
    if (l.active.size() != 1 || l.failed()) {
      return false;
    }
    Integer cur = p.nodeIndex.get(l.currentNode());
    return cur != null && p.available(cur);
  }

  /** The container primitive instance of a top-level bundle container, else null. */
  static PrimitiveInstance container(TopLevelResource t) {
    if (t.clone || t.instances.size() != 1 || t.instances.get(0).primitives.size() != 1) {
      return null;
    }
    PrimitiveInstance l = t.instances.get(0).primitives.get(0);
    Primitive prim = l.primitive;
    return BundleExpansion.container(prim) ? l : null;
  }

  private boolean apart(TopLevelResource a, TopLevelResource b) {
    for (Colocation c : p.asDependent.getOrDefault(a, java.util.List.of())) {
      if (c.primary() == b && c.score() <= -Placement.INF) {
        return true;
      }
    }
    for (Colocation c : p.asPrimary.getOrDefault(a, java.util.List.of())) {
      if (c.dependent() == b && c.score() <= -Placement.INF) {
        return true;
      }
    }
    return false;
  }
}
