package org.paceline.scheduler;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.Clone;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.Containers;
import org.paceline.unpack.GuestNodes;
import org.paceline.unpack.MetaLookup;
import org.paceline.unpack.NodeStatus;

/**
 * A resource's scores before any constraint but location ones: the initial scores, whether it is
 * managed or stopped by its role, multiple-active, failures and stickiness.
 */
final class BaseScores {
  private final Placement placement;

  /** Each filler's container, read when a fail count first needs it. */
  private Map<String, String> fillers;

  BaseScores(Placement placement) {
    this.placement = placement;
  }

  void computeBaseScores() {
    Map<String, String> guestConnections = GuestNodes.containers(placement.cib.configuration());
    boolean maintenanceMode = ClusterOption.MAINTENANCE_MODE.enabled(placement.cib.configuration());
    boolean stopAll = ClusterOption.STOP_ALL_RESOURCES.enabled(placement.cib.configuration());
    for (TopLevelResource t : placement.ex.tops) {
      t.scores = new int[placement.nodes.size()];
      t.promotionBonus = new int[placement.nodes.size()];
      // An asymmetric cluster bans everything where no constraint allows it, except a guest
      // node's connection: its container decides where it runs ("remote_connection_default").
      if (!placement.symmetric && !guestConnections.containsKey(t.id())) {
        Arrays.fill(t.scores, -Placement.INF);
      }
      if (Placement.isGroup(t)) {
        t.groupOwn = initialScores();
        for (PrimitiveInstance l : t.instances.get(0).primitives) {
          l.own = initialScores();
        }
      }
      if (Placement.isPrimitiveClone(t)) {
        for (ResourceInstance u : t.instances) {
          u.own = initialScores();
        }
      }
      t.managed =
          !maintenanceMode
              && placement.ex.meta(t.resource, "is-managed").map(CibBooleans::isTrue).orElse(true)
              && !placement
                  .ex
                  .meta(t.resource, "maintenance")
                  .map(CibBooleans::isTrue)
                  .orElse(false)
              && !placement.frozen.contains(t.id());
      for (PrimitiveInstance l : t.primitives()) {
        for (ActiveInstance a : l.active) {
          NodeStatus where = placement.status.node(a.node());
          boolean fenced = where != null && where.unclean() && placement.status.stonithEnabled();
          if (a.blocked() && !fenced) {
            l.unmanaged = true; // on-fail=block: Pacemaker leaves the primitive alone, not
            t.managed &= Placement.isGroup(t); // its group (pe_rsc_block is the primitive's flag)
          }
          if (!t.clone && where != null && where.maintenance()) {
            t.managed = false; // active on a node in maintenance: left alone there
          }
        }
      }
      String multipleActive = multipleActivePolicy(t);
      if ("block".equals(multipleActive)) {
        t.managed = false; // Pacemaker leaves a multiply active resource alone (and its group)
      }
      Role target = placement.ex.targetRole(t.resource);
      // stop-all-resources, and a failure with on-fail=stop, set the next role to Stopped.
      // So does a remote node's shutdown its connection's (unpack_status: "remote shutdown").
      t.stoppedByRole =
          target == Role.STOPPED
              || stopAll
              || "stop_only".equals(multipleActive)
              || t.resource instanceof Primitive p
                  && (placement.status.stoppedByFailure().contains(p.id())
                      || remoteShutdown(placement.status, p));
      t.promotionDisallowed = target == Role.UNPROMOTED;
      if (target == Role.STOPPED && t.resource instanceof org.paceline.cib.Group g) {
        // A member's own target-role overrides the one it would inherit from its group: when
        // every member sets one that runs, the group's own Stopped holds back none of them.
        boolean allOverride =
            !g.members().isEmpty()
                && g.members().stream()
                    .allMatch(
                        m ->
                            m.meta("target-role")
                                .map(v -> !v.trim().equalsIgnoreCase("stopped"))
                                .orElse(false));
        if (allOverride) {
          t.stoppedByRole = stopAll;
        }
      }
      if (t.clone && ((Clone) t.resource).child() != null) {
        // The child's own target-role overrides the one it would inherit from the clone.
        Role childTarget = placement.ex.targetRole(((Clone) t.resource).child());
        if (childTarget != null) {
          t.stoppedByRole = childTarget == Role.STOPPED || stopAll;
          t.promotionDisallowed = childTarget == Role.UNPROMOTED;
        }
      }
    }
    placement.locationScores.applyLocations();
    for (TopLevelResource t : placement.ex.tops) {
      applyFailures(t);
      if (!t.clone) {
        applyStickiness(t, t.instances.get(0), t.scores);
      } else if (Placement.isPrimitiveClone(t) && t.managed) {
        for (ResourceInstance u : t.instances) {
          for (PrimitiveInstance l : u.primitives) {
            Integer idx = l.currentNode() == null ? null : placement.nodeIndex.get(l.currentNode());
            if (idx != null) {
              u.own[idx] = Placement.add(u.own[idx], stickiness(t, l.primitive));
            }
          }
        }
      }
    }
  }

  /**
   * The multiple-active policy of a primitive or group member that is active on more than one node
   * (its own or its group's meta attribute), or null when nothing is multiply active. Clone
   * instances are never multiply active this way.
   */
  private String multipleActivePolicy(TopLevelResource t) {
    if (t.clone) {
      return null;
    }
    for (PrimitiveInstance l : t.primitives()) {
      if (l.active.size() > 1) {
        return placement.ex.inheritedMeta(l.primitive, "multiple-active").orElse("stop_start");
      }
    }
    return null;
  }

  private int[] initialScores() {
    int[] s = new int[placement.nodes.size()];
    if (!placement.symmetric) {
      Arrays.fill(s, -Placement.INF);
    }
    return s;
  }

  private static void ownLeaf(PrimitiveInstance l, int idx, int v) {
    if (l.own != null) {
      l.own[idx] = Placement.add(l.own[idx], v);
    }
    if (l.instance.own != null) {
      for (ResourceInstance u : l.instance.top.instances) {
        u.own[idx] =
            Placement.add(u.own[idx], v); // an anonymous clone's failure bans every instance
      }
    }
  }

  int stickiness(TopLevelResource t, Primitive p) {
    Optional<String> v = placement.meta.meta(p, "resource-stickiness");
    if (v.isEmpty()) {
      v = placement.meta.meta(p, "default-resource-stickiness");
    }
    if (v.isEmpty()) {
      // Pacemaker 1.x's cluster-wide default, still honoured after the resource's own.
      v =
          Optional.ofNullable(
              ClusterOption.DEFAULT_RESOURCE_STICKINESS.value(placement.cib.configuration()));
    }
    if (v.isEmpty() && t.clone) {
      return MetaLookup.CLONE_STICKINESS;
    }
    return MetaLookup.intOf(v, 0);
  }

  void applyStickiness(TopLevelResource t, ResourceInstance u, int[] scores) {
    if (!t.managed) {
      return;
    }
    for (PrimitiveInstance l : u.primitives) {
      String cur = l.currentNode();
      if (cur == null) {
        continue;
      }
      int s = stickiness(t, l.primitive);
      Integer idx = placement.nodeIndex.get(cur);
      if (s != 0 && idx != null) {
        placement.contribute(t, scores, idx, s, "stickiness of " + l.name + " (running there)");
        if (scores == t.scores) {
          ownLeaf(l, idx, s);
        }
      }
    }
  }

  /**
   * A resource's fail counts per node, its fillers' added to a container's (pe_get_failcount with
   * pe_fc_fillers, as pcmk__threshold_reached counts them against migration-threshold).
   */
  private Map<String, Integer> withFillers(String pid) {
    Map<String, Integer> own = placement.status.failCounts().getOrDefault(pid, Map.of());
    if (fillers == null) {
      fillers = Containers.fillers(placement.cib.configuration(), placement.meta);
    }
    if (!fillers.containsValue(pid)) {
      return own;
    }
    Map<String, Integer> sum = new java.util.TreeMap<>(own);
    fillers.forEach(
        (filler, container) -> {
          if (container.equals(pid)) {
            placement
                .status
                .failCounts()
                .getOrDefault(filler, Map.of())
                .forEach((node, count) -> sum.merge(node, count, Integer::sum));
          }
        });
    return sum;
  }

  private void applyFailures(TopLevelResource t) {
    for (PrimitiveInstance l :
        t.instances.isEmpty() ? List.<PrimitiveInstance>of() : t.instances.get(0).primitives) {
      String pid = l.primitive.id();
      // Pacemaker: a resource whose failures are ignored ignores its migration-threshold too.
      int threshold =
          placement.status.failureIgnored().contains(pid)
              ? 0
              : MetaLookup.intOf(
                  placement.meta.meta(l.primitive, "migration-threshold"), Placement.INF);
      Map<String, Integer> fails = withFillers(pid);
      for (Map.Entry<String, Integer> e : fails.entrySet()) {
        Integer idx = placement.nodeIndex.get(e.getKey());
        if (idx != null && threshold > 0 && e.getValue() >= threshold) {
          ownLeaf(l, idx, -Placement.INF);
          placement.contribute(
              t,
              t.scores,
              idx,
              -Placement.INF,
              pid
                  + " failed "
                  + e.getValue()
                  + " times there (migration-threshold "
                  + threshold
                  + ")");
        }
      }
      for (String n : placement.status.hardErrors().getOrDefault(pid, List.of())) {
        Integer idx = placement.nodeIndex.get(n);
        if (idx != null) {
          ownLeaf(l, idx, -Placement.INF);
          placement.contribute(
              t, t.scores, idx, -Placement.INF, pid + " reported a hard error there");
        }
      }
    }
  }

  /** Whether p is the connection of a Pacemaker Remote or guest node that is shutting down. */
  private static boolean remoteShutdown(org.paceline.unpack.ClusterStatus status, Primitive p) {
    if (!org.paceline.unpack.StatusUnpacker.isRemoteConnection(p)) {
      return false;
    }
    org.paceline.unpack.NodeStatus n = status.node(p.id());
    return n != null && n.remote() && n.shutdown();
  }
}
