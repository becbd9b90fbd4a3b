package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.Cib;
import org.paceline.cib.Clone;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;
import org.paceline.cib.Score;
import org.paceline.unpack.BundleExpansion;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.MetaLookup;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.RuleEvaluator;
import org.paceline.unpack.StatusUnpacker;

/**
 * Computes node scores and assigns every resource (and clone instance) to a node, in priority then
 * configuration order, placing colocation primaries before their dependents, as Pacemaker 2.1.5
 * does. Every score change is recorded with its reason.
 */
final class Placement {
  static final int INF = Score.INFINITY_VALUE;

  final Cib cib;
  final ClusterStatus status;
  final ResourceExpander ex;
  private final List<Colocation> colocations;
  final RuleEvaluator rules;
  final MetaLookup meta;
  final List<NodeStatus> nodes;
  final Map<String, Integer> nodeIndex = new HashMap<>();
  final int[] leafCount;
  final Utilization util;
  final boolean symmetric;
  final Map<TopLevelResource, List<Colocation>> asDependent = new HashMap<>();
  final Map<TopLevelResource, List<Colocation>> asPrimary = new HashMap<>();
  final Map<String, List<ScoreContribution>> contributions = new LinkedHashMap<>();
  final ScoreTable scoreLines;
  final Map<String, Map<String, Score>> finalScores = new LinkedHashMap<>();

  /** Location preferences derived from other rules (tickets, node health), after the CIB's. */
  final List<LocationConstraint> derivedLocations;

  /** Resources a rule leaves unmanaged (a lost ticket with loss-policy=freeze). */
  final Set<String> frozen;

  final ScoreListing listing = new ScoreListing(this);

  final CapacityPlacement capacity = new CapacityPlacement(this);

  private final CloneAssignment clones = new CloneAssignment(this);
  private final BundleReplicas replicas = new BundleReplicas(this);

  private final Promotion promotion = new Promotion(this);

  final BaseScores baseScores = new BaseScores(this);

  final LocationScores locationScores = new LocationScores(this);

  final ColocationScores colocationScores = new ColocationScores(this);

  Placement(
      Cib cib,
      ClusterStatus status,
      ResourceExpander ex,
      List<Colocation> colocations,
      List<LocationConstraint> derivedLocations,
      Set<String> frozen,
      long now) {
    this.cib = cib;
    this.derivedLocations = derivedLocations;
    this.frozen = frozen;
    this.status = status;
    this.ex = ex;
    this.colocations = colocations;
    this.rules = new RuleEvaluator(now);
    this.meta = new MetaLookup(cib.configuration(), now);
    this.nodes = status.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      nodeIndex.put(nodes.get(i).name(), i);
    }
    this.leafCount = new int[nodes.size()];
    this.util = new Utilization(cib, nodes);
    this.scoreLines = new ScoreTable(nodes.stream().map(NodeStatus::name).toList());
    this.symmetric = ClusterOption.SYMMETRIC_CLUSTER.enabled(cib.configuration());
    for (Colocation c : colocations) {
      asDependent.computeIfAbsent(c.dependent(), k -> new ArrayList<>()).add(c);
      asPrimary.computeIfAbsent(c.primary(), k -> new ArrayList<>()).add(c);
    }
    // Pacemaker keeps each resource's "this with" colocations sorted by their primary
    // (cmp_primary_priority) and assigns the primaries in that order, so a higher-priority primary
    // takes the capacity or the node first, whatever the constraints' order in the CIB.
    for (List<Colocation> list : asDependent.values()) {
      list.sort(Colocation.BY_PRIMARY);
    }
  }

  static int add(int a, int b) {
    if (a == -INF || b == -INF) {
      return -INF;
    }
    if (a == INF || b == INF) {
      return INF;
    }
    long s = (long) a + b;
    return (int) Math.max(-INF, Math.min(INF, s));
  }

  void contribute(TopLevelResource t, int[] scores, int node, int delta, String reason) {
    scores[node] = add(scores[node], delta);
    contributions
        .computeIfAbsent(t.id(), k -> new ArrayList<>())
        .add(new ScoreContribution(t.id(), nodes.get(node).name(), Score.of(delta), reason));
  }

  boolean available(int node) {
    NodeStatus n = nodes.get(node);
    if (!n.remote()) {
      return n.canRunResources();
    }
    // A remote node takes resources once its connection is placed and has not failed, whether
    // or not it runs yet (connections are assigned before everything else, as in Pacemaker).
    TopLevelResource connection = ex.topOf.get(n.name());
    // An "unseen" remote node's fencing is revoked once its connection is placed
    // (remote_connection_assigned).
    return (!n.unclean() || n.fenceRevocable())
        && !n.standby()
        && connection != null
        && connection.assigned
        && !connection.instances.isEmpty()
        && connection.instances.get(0).assigned != null
        && (guest(n) || connection.primitives().stream().noneMatch(PrimitiveInstance::failed));
  }

  /**
   * A guest node takes resources even while its failed connection is recovered: its fencing only
   * recovers the container, which leaves it able to run resources (pe_fence_node).
   */
  private static boolean guest(NodeStatus n) {
    return "container".equals(n.attributes().get("#kind"));
  }

  private static boolean assignedFirst(TopLevelResource t) {
    return isRemoteConnection(t) && !BundleExpansion.generated((Primitive) t.resource);
  }

  static boolean isRemoteConnection(TopLevelResource t) {
    return t.resource instanceof Primitive p && StatusUnpacker.isRemoteConnection(p);
  }

  static boolean isPrimitiveClone(TopLevelResource t) {
    return t.clone
        && ((Clone) t.resource).child() instanceof Primitive
        && !t.instances.isEmpty()
        && t.instances.get(0).primitives.size() == 1;
  }

  static boolean isGroup(TopLevelResource t) {
    return !t.clone && t.resource instanceof org.paceline.cib.Group && !t.instances.isEmpty();
  }

  // ---------------------------------------------------------------- base scores

  /** Base scores, then location constraints (see {@link BaseScores}, {@link LocationScores}). */
  void computeBaseScores() {
    baseScores.computeBaseScores();
  }

  // ---------------------------------------------------------------- assignment

  void assignAll() {
    List<TopLevelResource> order = new ArrayList<>(ex.tops);
    order.sort(
        (a, b) ->
            a.priority != b.priority
                ? Integer.compare(b.priority, a.priority)
                : Integer.compare(a.configOrder, b.configOrder));
    if (util.enabled()) {
      order.sort(capacity::utilizationOrder);
    }
    // Pacemaker Remote connections first: the remote nodes' availability depends on them. Only
    // top-level ones: a bundle replica's connection is assigned with its bundle.
    order.sort((a, b) -> Boolean.compare(!assignedFirst(a), !assignedFirst(b)));
    for (TopLevelResource t : order) {
      assign(t);
    }
  }

  private void assign(TopLevelResource t) {
    if (t.assigned || t.assigning) {
      return;
    }
    t.assigning = true;
    // Pacemaker assigns each primary and applies its colocation at once, so a primary assigned
    // later already sees what the earlier ones did to this resource's scores (through the
    // dependent preferences it takes into account).
    int[] base = t.scores;
    t.preColocationScores = base;
    int[] scores = t.scores.clone();
    t.scores = scores;
    for (Colocation declared : asDependent.getOrDefault(t, List.of())) {
      assign(declared.primary());
      Colocation c = declared;
      TopLevelResource host = replicas.nestedHost(t, declared);
      if (host != null) {
        assign(host);
        c = replicas.withNestedHost(declared, host);
      }
      if (t.clone && Math.abs(c.score()) < INF && c.dependentRole() == null) {
        int[] before = scores.clone();
        colocationScores.applyPrimary(t, c, scores);
        int[] delta = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
          delta[i] = scores[i] - before[i];
        }
        t.finiteColocations.add(delta);
      } else {
        colocationScores.applyPrimary(t, c, scores);
      }
    }
    replicas.banKeptNodes(t, scores);
    if (t.clone) {
      t.instanceScores = colocationScores.instanceScores(t, scores);
    }
    colocationScores.addDependentInfluence(t, scores, 1.0f, 0, new ArrayList<>(List.of(t)));
    t.scores = scores;
    if (isGroup(t)) {
      scoreLines(GROUP_STAGE, t.id(), t.groupOwn);
      for (PrimitiveInstance l : t.instances.get(0).primitives) {
        scoreLines(GROUP_STAGE, l.name, l.own);
      }
    } else {
      scoreLines(t.clone ? CLONE_STAGE : PRIMITIVE_STAGE, t.id(), scores);
      if (isPrimitiveClone(t)) {
        for (ResourceInstance u : t.instances) {
          if (t.promotable) {
            promotion.addPromotionScores(u);
          }
          scoreLines(CLONE_STAGE, u.id, u.own);
        }
      }
    }
    t.colocationDelta = listing.delta(base, scores);
    if (isGroup(t)) {
      // A group's own score lines are not what it was placed with: keep those for explain.
      Map<String, Score> placed = new LinkedHashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        placed.put(nodes.get(i).name(), Score.of(scores[i]));
      }
      finalScores.put(t.id(), placed);
    }
    if (!t.managed) {
      // Pacemaker assigns an unmanaged resource to where it is active; it counts there as any
      // assigned resource does (the node's load and utilization).
      for (ResourceInstance u : t.instances) {
        u.assigned = u.currentNode();
        u.nextRole = u.currentRole();
        Integer idx = u.assigned == null ? null : nodeIndex.get(u.assigned);
        if (idx != null) {
          for (PrimitiveInstance l : u.primitives) {
            if (l.currentNode() != null) {
              leafCount[idx]++;
              util.consume(idx, List.of(l));
            }
          }
        }
      }
    } else if (t.clone) {
      clones.distributeClone(t, scores);
      if (t.promotable) {
        promotion.choosePromoted(t);
        promotion.promotionScoreLines(t);
      }
    } else {
      assignSingle(t, t.instances.get(0), scores);
      if (isGroup(t)) {
        listing.memberScoreLines(t, base, scores);
      }
    }
    t.assigning = false;
    t.assigned = true;
  }

  static final String PRIMITIVE_STAGE = "pcmk__primitive_assign";
  static final String GROUP_STAGE = "pcmk__group_assign";
  static final String CLONE_STAGE = "pcmk__clone_allocate";

  void scoreLines(String stage, String rsc, int[] scores) {
    scoreLines.addPerNode(stage, rsc, scores);
  }

  int bestNode(int[] scores, String current, boolean[] excluded) {
    int best = -1;
    Integer cur = current == null ? null : nodeIndex.get(current);
    for (int i = 0; i < nodes.size(); i++) {
      if (!available(i) || scores[i] < 0 || (excluded != null && excluded[i])) {
        continue;
      }
      if (best < 0 || better(i, best, scores, cur)) {
        best = i;
      }
    }
    return best;
  }

  boolean better(int i, int best, int[] scores, Integer cur) {
    if (scores[i] != scores[best]) {
      return scores[i] > scores[best];
    }
    // Pacemaker 2.1.5 (compare_nodes): minimal goes by name; balanced prefers more free capacity;
    // then fewer resources assigned so far, then the current node, then the name.
    if (util.strategy.equals("minimal")) {
      return nodes.get(i).name().compareTo(nodes.get(best).name()) < 0;
    }
    if (util.strategy.equals("balanced")) {
      int c = util.compareCapacity(i, best);
      if (c != 0) {
        return c < 0;
      }
    }
    if (leafCount[i] != leafCount[best]) {
      return leafCount[i] < leafCount[best];
    }
    if (cur != null && (i == cur || best == cur)) {
      return i == cur;
    }
    return nodes.get(i).name().compareTo(nodes.get(best).name()) < 0;
  }

  private void assignSingle(TopLevelResource t, ResourceInstance u, int[] scores) {
    if (t.stoppedByRole) {
      return;
    }
    capacity.banInsufficientCapacity(t, u, scores);
    // A member that cannot run anywhere stops itself and every member after it.
    int usable = u.primitives.size();
    Integer pinned = pinnedByUnmanagedFirst(u);
    int node = pinned != null ? pinned : bestNode(scores, u.currentNode(), null);
    if (pinned != null) {
      // The members after it are colocated with it: they run there or nowhere. They also take
      // on the group's mandatory colocations, which no longer reach them through the first member
      // (2.1.5's expand_group_colocations).
      boolean banned =
          asDependent.getOrDefault(t, List.of()).stream()
              .anyMatch(c -> colocationScores.mandatoryBan(c, pinned));
      usable = available(pinned) && !banned ? usable : 1;
    } else if (u.primitives.size() > 1) {
      node = -1;
      for (int k = u.primitives.size(); k >= 1 && node < 0; k--) {
        int[] prefix = t.scores == scores ? scores : scores;
        int[] s = prefixScores(t, u, prefix, k);
        node = bestNode(s, u.currentNode(), null);
        usable = k;
      }
    }
    if (node < 0) {
      return;
    }
    node = keepReplicaNode(u, scores, node);
    u.assigned = nodes.get(node).name();
    for (int k = 0; k < u.primitives.size(); k++) {
      PrimitiveInstance l = u.primitives.get(k);
      Role r = ex.targetRole(l.primitive);
      // An unmanaged member that is stopped stays stopped, and the members after it (colocated
      // with it) cannot start.
      boolean stuck = ResourceExpander.memberUnmanaged(l) && l.currentNode() == null;
      if (k >= usable
          || stuck
          || r == Role.STOPPED
          || status.stoppedByFailure().contains(l.primitive.id())) {
        for (int j = k; j < u.primitives.size(); j++) {
          u.primitives.get(j).blocked = true;
        }
        break;
      }
      leafCount[node]++;
      util.consume(node, List.of(l));
    }
  }

  /**
   * The node a group's first member holds its group to when it is unmanaged (is-managed=false, or
   * blocked by a failure) and active: Pacemaker assigns an unmanaged resource the node it is active
   * on, whatever its scores there (pcmk__primitive_assign), and every later member is colocated
   * with it; null when the first member is managed or inactive.
   */
  private Integer pinnedByUnmanagedFirst(ResourceInstance u) {
    PrimitiveInstance first = u.primitives.get(0);
    if (u.primitives.size() < 2
        || !(first.unmanaged || ResourceExpander.memberUnmanaged(first))
        || first.currentNode() == null) {
      return null;
    }
    return nodeIndex.get(first.currentNode());
  }

  /**
   * pcmk__assign_instances assigns a bundle's replicas like clone instances: a healthy running
   * container first gets its current node as the preferred one (preferred_node), which it keeps
   * while that node scores as well as the best (assign_best_node), whatever the node's load.
   */
  private int keepReplicaNode(ResourceInstance u, int[] scores, int node) {
    PrimitiveInstance l = u.primitives.get(0);
    if (BundleReplicas.container(u.top) == null || !replicas.kept(l)) {
      return node;
    }
    int cur = nodeIndex.get(l.currentNode());
    return scores[cur] >= scores[node] ? cur : node;
  }

  /**
   * Scores of a group restricted to its first k members: member-specific bans of later members are
   * dropped, so that a member that cannot run does not stop those before it.
   */
  private int[] prefixScores(TopLevelResource t, ResourceInstance u, int[] scores, int k) {
    if (k == u.primitives.size()) {
      return scores;
    }
    int[] s = scores.clone();
    for (ScoreContribution c : contributions.getOrDefault(t.id(), List.of())) {
      for (int j = k; j < u.primitives.size(); j++) {
        String pid = u.primitives.get(j).primitive.id();
        if (c.delta().minusInfinite() && c.reason().startsWith(pid + " failed")) {
          Integer idx = nodeIndex.get(c.node());
          if (idx != null) {
            s[idx] = 0;
          }
        }
      }
    }
    return s;
  }

  static boolean failedUnit(ResourceInstance u) {
    for (PrimitiveInstance l : u.primitives) {
      if (l.failed()) {
        return true;
      }
    }
    return false;
  }

  List<NvSet> unusedRscDefaults() {
    return cib.configuration().rscDefaults();
  }
}
