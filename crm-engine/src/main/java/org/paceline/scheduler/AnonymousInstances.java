package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.paceline.cib.LrmResource;
import org.paceline.cib.NodeState;
import org.paceline.cib.Primitive;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * Numbers the active copies of an anonymous clone the way Pacemaker 2.1.5's unpack does
 * (find_anonymous_clone in unpack.c): copies are met node by node in the order of the status
 * section (a remote node once its connection is known to run), each node's histories in their
 * order; a copy takes the instance already active on its node, else the first instance active
 * nowhere, else (or when that would spend a number on a lost node for a resource that does not need
 * fencing) a new orphan instance numbered from clone-max on.
 */
final class AnonymousInstances {
  /** One active copy of member {@code member} of the clone's instance. */
  record Copy(int member, Primitive primitive, ActiveInstance active) {}

  private final TopLevelResource clone;
  private final ClusterStatus status;
  private final List<NodeState> statusSection;
  private final Predicate<Primitive> needsFencing;
  private final Map<String, List<ActiveInstance>> orphans;

  /** Each guest node's container, by guest node name. */
  private final Map<String, String> guestContainers;

  /** Orphan instances created so far, each with its members' copies (index = number - max). */
  private final List<List<ActiveInstance>[]> orphanUnits = new ArrayList<>();

  AnonymousInstances(
      TopLevelResource clone,
      ClusterStatus status,
      List<NodeState> statusSection,
      Predicate<Primitive> needsFencing,
      Map<String, List<ActiveInstance>> orphans,
      Map<String, String> guestContainers) {
    this.clone = clone;
    this.guestContainers = guestContainers;
    this.status = status;
    this.statusSection = statusSection;
    this.needsFencing = needsFencing;
    this.orphans = orphans;
  }

  /** Attaches {@code copies} to the clone's instances (or to orphans). */
  void attach(List<Copy> copies, int memberCount) {
    List<Copy> ordered = new ArrayList<>(copies);
    Map<Object, Integer> rank = unpackOrder(copies);
    ordered.sort(Comparator.comparingInt(c -> rank.getOrDefault(key(c), Integer.MAX_VALUE)));
    for (Copy c : ordered) {
      place(c, memberCount);
    }
  }

  private static Object key(Copy c) {
    return c.active().history() != null ? c.active().history() : c.active();
  }

  /**
   * The position of each copy's history in Pacemaker's reading of the status section: cluster nodes
   * in order, a remote node in the first pass after its connection was met active.
   */
  private Map<Object, Integer> unpackOrder(List<Copy> copies) {
    Map<Object, Integer> rank = new IdentityHashMap<>();
    Set<Object> wanted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Copy c : copies) {
      wanted.add(key(c));
    }
    Set<String> read = new HashSet<>();
    int next = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (NodeState s : statusSection) {
        if (read.contains(s.uname())) {
          continue;
        }
        NodeStatus n = status.node(s.uname());
        if (n != null && n.remote() && !connectionMet(s.uname(), read)
            || !containerMet(s.uname(), read)) {
          continue;
        }
        read.add(s.uname());
        progress = true;
        for (LrmResource lr : s.lrmResources()) {
          if (wanted.contains(lr)) {
            rank.put(lr, next++);
          }
        }
      }
    }
    return rank;
  }

  /**
   * Whether a guest node's container is active on a node whose history was read (trivially true for
   * any other node): 2.1.5's unpack_node_history reads a guest's history only once its connection
   * and its container are known to be started, else in the last pass.
   */
  private boolean containerMet(String node, Set<String> read) {
    String container = guestContainers.get(node);
    if (container == null) {
      return true;
    }
    for (ActiveInstance a : status.active().getOrDefault(container, List.of())) {
      if (read.contains(a.node())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a remote node's connection is active on a node whose history was read. */
  private boolean connectionMet(String remote, Set<String> read) {
    for (ActiveInstance a : status.active().getOrDefault(remote, List.of())) {
      if (read.contains(a.node())) {
        return true;
      }
    }
    return false;
  }

  private void place(Copy c, int memberCount) {
    String node = c.active().node();
    int replica = bundleReplica(c.primitive(), node);
    if (replica >= 0) {
      // A bundled resource's history on replica N's guest node is replica N's instance:
      // unpack_find_resource takes pe__find_bundle_replica there, not find_anonymous_clone.
      clone.instances.get(replica).primitives.get(c.member()).active.add(c.active());
      return;
    }
    Integer chosen = null;
    boolean skipInactive = false;
    Integer inactive = null;
    List<ResourceInstance> instances = clone.instances;
    for (int i = 0; i < instances.size() && chosen == null; i++) {
      Set<String> where = new HashSet<>();
      for (PrimitiveInstance l : instances.get(i).primitives) {
        l.active.forEach(a -> where.add(a.node()));
      }
      if (where.isEmpty()) {
        if (!skipInactive && inactive == null) {
          inactive = i;
        }
      } else if (where.contains(node)) {
        if (instances.get(i).primitives.get(c.member()).active.isEmpty()) {
          chosen = i;
        } else {
          // A second history of the same member on one node: Pacemaker makes it an orphan.
          skipInactive = true;
        }
      }
    }
    Integer orphan = null;
    if (chosen == null) {
      for (int o = 0; o < orphanUnits.size() && orphan == null; o++) {
        List<ActiveInstance>[] members = orphanUnits.get(o);
        boolean here = false;
        for (List<ActiveInstance> m : members) {
          here |= m.stream().anyMatch(a -> a.node().equals(node));
        }
        if (here && members[c.member()].isEmpty()) {
          orphan = o;
        }
      }
      if (orphan == null && !skipInactive && inactive != null) {
        chosen = inactive;
      }
    }
    if (chosen != null && spendsNoNumber(c, node)) {
      chosen = null;
    }
    if (chosen != null) {
      instances.get(chosen).primitives.get(c.member()).active.add(c.active());
      return;
    }
    if (orphan == null) {
      @SuppressWarnings("unchecked")
      List<ActiveInstance>[] members = new List[memberCount];
      for (int m = 0; m < memberCount; m++) {
        members[m] = new ArrayList<>();
      }
      orphanUnits.add(members);
      orphan = orphanUnits.size() - 1;
    }
    orphanUnits.get(orphan)[c.member()].add(c.active());
    orphans
        .computeIfAbsent(
            c.primitive().id() + ":" + (instances.size() + orphan), k -> new ArrayList<>())
        .add(c.active());
  }

  /**
   * The replica whose guest node {@code node} is, when {@code p} is the resource of that bundle
   * (guest node {@code B-N} of bundle B is replica N's); else -1.
   */
  private int bundleReplica(Primitive p, String node) {
    String bundle = org.paceline.unpack.BundleExpansion.holder(p);
    if (bundle == null || !node.startsWith(bundle + "-")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(node.substring(bundle.length() + 1));
      return n < clone.instances.size() ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A copy on a lost (offline or unclean) node of a resource that does not need fencing takes no
   * instance number, so that one can start elsewhere; not on a guest node (its "fencing" is a
   * stop), nor for a clone with an instance for every node.
   */
  private boolean spendsNoNumber(Copy c, String node) {
    NodeStatus n = status.node(node);
    if (n == null || needsFencing.test(c.primitive())) {
      return false;
    }
    boolean lost = !n.online() || n.unclean();
    boolean guest = "container".equals(n.attributes().get("#kind"));
    return lost && !guest && clone.cloneMax != status.nodes().size();
  }

  /**
   * A fence reason "X failed there" as 2.1.5 words it: X is the resource the failed history was
   * unpacked into, for an anonymous clone the numbered instance ("clvm:0"), not the history id.
   */
  static String failedThere(String reason, String node, List<TopLevelResource> tops) {
    String suffix = " failed there";
    if (reason == null || !reason.endsWith(suffix)) {
      return reason;
    }
    String historyId = reason.substring(0, reason.length() - suffix.length());
    for (TopLevelResource t : tops) {
      if (!t.clone || t.unique) {
        continue;
      }
      for (ResourceInstance u : t.instances) {
        for (PrimitiveInstance l : u.primitives) {
          for (ActiveInstance a : l.active) {
            if (a.historyId().equals(historyId) && a.node().equals(node)) {
              return l.name + suffix;
            }
          }
        }
      }
    }
    return reason;
  }
}
