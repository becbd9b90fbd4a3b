package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.Clone;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.ResourceSet;
import org.paceline.cib.Role;
import org.paceline.cib.Rule;
import org.paceline.cib.Score;
import org.paceline.unpack.ActiveInstance;
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
  private final RuleEvaluator rules;
  private final MetaLookup meta;
  final List<NodeStatus> nodes;
  final Map<String, Integer> nodeIndex = new HashMap<>();
  final int[] leafCount;
  final Utilization util;
  private final boolean symmetric;
  final Map<Top, List<Colocation>> asDependent = new HashMap<>();
  final Map<Top, List<Colocation>> asPrimary = new HashMap<>();
  final Map<String, List<ScoreContribution>> contributions = new LinkedHashMap<>();
  final ScoreTable scoreLines;
  final Map<String, Map<String, Score>> finalScores = new LinkedHashMap<>();

  /** Location preferences derived from other rules (tickets, node health), after the CIB's. */
  private final List<LocationConstraint> derivedLocations;

  /** Resources a rule leaves unmanaged (a lost ticket with loss-policy=freeze). */
  private final Set<String> frozen;

  final ScoreListing listing = new ScoreListing(this);

  final CapacityPlacement capacity = new CapacityPlacement(this);

  private final CloneAssignment clones = new CloneAssignment(this);

  private final Promotion promotion = new Promotion(this);

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

  void contribute(Top t, int[] scores, int node, int delta, String reason) {
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
    Top connection = ex.topOf.get(n.name());
    return !n.unclean()
        && !n.standby()
        && connection != null
        && connection.assigned
        && !connection.units.isEmpty()
        && connection.units.get(0).assigned != null
        && connection.leaves().stream().noneMatch(Leaf::failed);
  }

  // ---------------------------------------------------------------- base scores

  void computeBaseScores() {
    boolean maintenanceMode = ClusterOption.MAINTENANCE_MODE.enabled(cib.configuration());
    boolean stopAll = ClusterOption.STOP_ALL_RESOURCES.enabled(cib.configuration());
    for (Top t : ex.tops) {
      t.scores = new int[nodes.size()];
      t.promotionBonus = new int[nodes.size()];
      if (!symmetric) {
        Arrays.fill(t.scores, -INF);
      }
      if (isGroup(t)) {
        t.groupOwn = initialScores();
        for (Leaf l : t.units.get(0).leaves) {
          l.own = initialScores();
        }
      }
      if (isPrimitiveClone(t)) {
        for (Unit u : t.units) {
          u.own = initialScores();
        }
      }
      t.managed =
          !maintenanceMode
              && ex.meta(t.resource, "is-managed").map(CibBooleans::isTrue).orElse(true)
              && !ex.meta(t.resource, "maintenance").map(CibBooleans::isTrue).orElse(false)
              && !frozen.contains(t.id());
      for (Leaf l : t.leaves()) {
        for (ActiveInstance a : l.active) {
          NodeStatus where = status.node(a.node());
          boolean fenced = where != null && where.unclean() && status.stonithEnabled();
          if (a.blocked() && !fenced) {
            l.unmanaged = true; // on-fail=block: Pacemaker leaves the primitive alone, not
            t.managed &= isGroup(t); // its group (pe_rsc_block is the primitive's flag)
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
      Role target = ex.targetRole(t.resource);
      // stop-all-resources, and a failure with on-fail=stop, set the next role to Stopped.
      t.stoppedByRole =
          target == Role.STOPPED
              || stopAll
              || "stop_only".equals(multipleActive)
              || t.resource instanceof Primitive p && status.stoppedByFailure().contains(p.id());
      t.promotionDisallowed = target == Role.UNPROMOTED;
      if (t.clone && ((Clone) t.resource).child() != null) {
        // The child's own target-role overrides the one it would inherit from the clone.
        Role childTarget = ex.targetRole(((Clone) t.resource).child());
        if (childTarget != null) {
          t.stoppedByRole = childTarget == Role.STOPPED || stopAll;
          t.promotionDisallowed = childTarget == Role.UNPROMOTED;
        }
      }
    }
    applyLocations();
    for (Top t : ex.tops) {
      applyFailures(t);
      if (!t.clone) {
        applyStickiness(t, t.units.get(0), t.scores);
      } else if (isPrimitiveClone(t) && t.managed) {
        for (Unit u : t.units) {
          for (Leaf l : u.leaves) {
            Integer idx = l.currentNode() == null ? null : nodeIndex.get(l.currentNode());
            if (idx != null) {
              u.own[idx] = add(u.own[idx], stickiness(t, l.primitive));
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
  private String multipleActivePolicy(Top t) {
    if (t.clone) {
      return null;
    }
    for (Leaf l : t.leaves()) {
      if (l.active.size() > 1) {
        return ex.inheritedMeta(l.primitive, "multiple-active").orElse("stop_start");
      }
    }
    return null;
  }

  private static boolean isRemoteConnection(Top t) {
    return t.resource instanceof Primitive p && StatusUnpacker.isRemoteConnection(p);
  }

  static boolean isPrimitiveClone(Top t) {
    return t.clone
        && ((Clone) t.resource).child() instanceof Primitive
        && !t.units.isEmpty()
        && t.units.get(0).leaves.size() == 1;
  }

  private int[] initialScores() {
    int[] s = new int[nodes.size()];
    if (!symmetric) {
      Arrays.fill(s, -INF);
    }
    return s;
  }

  private static boolean isGroup(Top t) {
    return !t.clone && t.resource instanceof org.paceline.cib.Group && !t.units.isEmpty();
  }

  /**
   * Keeps a group's and its members' own scores as Pacemaker prints them (pcmk__group_assign): a
   * constraint on the group scores the group and its first member; later members only gain the node
   * (Pacemaker resets the constraint's score to 0 for them); a constraint on a member scores that
   * member.
   */
  private void ownLocation(Top t, String rsc, int idx, int v) {
    if (isPrimitiveClone(t) && t.units.get(0).own != null) {
      // A clone's constraint is copied to every instance in full.
      for (Unit u : t.units) {
        u.own[idx] = ownAdd(u.own[idx], v);
      }
      return;
    }
    if (t.groupOwn == null) {
      return;
    }
    boolean whole = rsc == null || rsc.equals(t.id());
    if (whole) {
      t.groupOwn[idx] = ownAdd(t.groupOwn[idx], v);
    }
    List<Leaf> members = t.units.get(0).leaves;
    for (int k = 0; k < members.size(); k++) {
      Leaf l = members.get(k);
      if (whole) {
        l.own[idx] = ownAdd(l.own[idx], k == 0 ? v : 0);
      } else if (l.primitive.id().equals(rsc)) {
        l.own[idx] = ownAdd(l.own[idx], v);
      }
    }
  }

  private int ownAdd(int cur, int v) {
    return add(!symmetric && cur == -INF ? 0 : cur, v);
  }

  private static void ownLeaf(Leaf l, int idx, int v) {
    if (l.own != null) {
      l.own[idx] = add(l.own[idx], v);
    }
    if (l.unit.own != null) {
      for (Unit u : l.unit.top.units) {
        u.own[idx] = add(u.own[idx], v); // an anonymous clone's failure bans every instance
      }
    }
  }

  int stickiness(Top t, Primitive p) {
    Optional<String> v = meta.meta(p, "resource-stickiness");
    if (v.isEmpty()) {
      v = meta.meta(p, "default-resource-stickiness");
    }
    if (v.isEmpty()) {
      // Pacemaker 1.x's cluster-wide default, still honoured after the resource's own.
      v = Optional.ofNullable(ClusterOption.DEFAULT_RESOURCE_STICKINESS.value(cib.configuration()));
    }
    if (v.isEmpty() && t.clone) {
      return MetaLookup.CLONE_STICKINESS;
    }
    return MetaLookup.intOf(v, 0);
  }

  void applyStickiness(Top t, Unit u, int[] scores) {
    if (!t.managed) {
      return;
    }
    for (Leaf l : u.leaves) {
      String cur = l.currentNode();
      if (cur == null) {
        continue;
      }
      int s = stickiness(t, l.primitive);
      Integer idx = nodeIndex.get(cur);
      if (s != 0 && idx != null) {
        contribute(t, scores, idx, s, "stickiness of " + l.name + " (running there)");
        if (scores == t.scores) {
          ownLeaf(l, idx, s);
        }
      }
    }
  }

  private void applyFailures(Top t) {
    for (Leaf l : t.units.isEmpty() ? List.<Leaf>of() : t.units.get(0).leaves) {
      String pid = l.primitive.id();
      // Pacemaker: a resource whose failures are ignored ignores its migration-threshold too.
      int threshold =
          status.failureIgnored().contains(pid)
              ? 0
              : MetaLookup.intOf(meta.meta(l.primitive, "migration-threshold"), INF);
      Map<String, Integer> fails = status.failCounts().getOrDefault(pid, Map.of());
      for (Map.Entry<String, Integer> e : fails.entrySet()) {
        Integer idx = nodeIndex.get(e.getKey());
        if (idx != null && threshold > 0 && e.getValue() >= threshold) {
          ownLeaf(l, idx, -INF);
          contribute(
              t,
              t.scores,
              idx,
              -INF,
              pid
                  + " failed "
                  + e.getValue()
                  + " times there (migration-threshold "
                  + threshold
                  + ")");
        }
      }
      for (String n : status.hardErrors().getOrDefault(pid, List.of())) {
        Integer idx = nodeIndex.get(n);
        if (idx != null) {
          ownLeaf(l, idx, -INF);
          contribute(t, t.scores, idx, -INF, pid + " reported a hard error there");
        }
      }
      for (String n : status.startFailed().getOrDefault(pid, List.of())) {
        Integer idx = nodeIndex.get(n);
        boolean fatal = ClusterOption.START_FAILURE_IS_FATAL.enabled(cib.configuration());
        if (idx != null && fatal && fails.getOrDefault(n, 0) < threshold) {
          ownLeaf(l, idx, -INF);
          contribute(t, t.scores, idx, -INF, pid + " failed to start there");
        }
      }
    }
  }

  private void applyLocations() {
    List<org.paceline.cib.Constraint> all = new ArrayList<>(cib.configuration().constraints());
    all.addAll(derivedLocations);
    for (var c : all) {
      if (!(c instanceof LocationConstraint lc)) {
        continue;
      }
      List<Top> targets = new ArrayList<>();
      Map<Top, java.util.regex.MatchResult> matches = new HashMap<>();
      if (lc.rsc() != null) {
        Top t = ex.topOf.get(lc.rsc());
        if (t != null) {
          targets.add(t);
        }
      } else if (lc.rscPattern() != null) {
        // Pacemaker: a POSIX regular expression searched in each top-level resource's id; a
        // leading "!" takes the resources it does not match. Its groups fill %N in rules.
        boolean invert = lc.rscPattern().startsWith("!");
        Pattern p;
        try {
          p = Pattern.compile(invert ? lc.rscPattern().substring(1) : lc.rscPattern());
        } catch (java.util.regex.PatternSyntaxException e) {
          continue; // Pacemaker ignores a constraint whose pattern does not compile
        }
        for (Top t : ex.tops) {
          java.util.regex.Matcher m = p.matcher(t.id());
          boolean found = m.find();
          if (found != invert) {
            targets.add(t);
            if (found) {
              matches.put(t, m.toMatchResult());
            }
          }
        }
      }
      for (ResourceSet s : lc.resourceSets()) {
        for (String r : s.resourceRefs()) {
          Top t = ex.topOf.get(r);
          if (t != null && !targets.contains(t)) {
            targets.add(t);
          }
        }
      }
      for (Top t : targets) {
        int weight = weightFor(t, lc.rsc());
        Resource placed = lc.rsc() != null ? resourceById(t, lc.rsc()) : t.resource;
        RuleEvaluator.Target target =
            lc.rules().isEmpty()
                ? RuleEvaluator.Target.NONE
                : new RuleEvaluator.Target(
                    (name, nodeAttrs) -> params(placed, name, nodeAttrs),
                    name -> ex.meta(placed, name).orElse(null),
                    matches.get(t));
        applyLocation(t, lc, weight, target);
        if ("exclusive".equals(lc.resourceDiscovery())) {
          boolean[] on = exclusive.computeIfAbsent(t, k -> new boolean[nodes.size()]);
          for (int i = 0; i < nodes.size(); i++) {
            on[i] |= locationNames(lc, i, target);
          }
        }
      }
    }
    // resource-discovery=exclusive: a resource with such constraints may run only on the nodes
    // they name (Pacemaker sets the others to -INFINITY, whatever their score).
    for (Map.Entry<Top, boolean[]> e : exclusive.entrySet()) {
      Top t = e.getKey();
      for (int i = 0; i < nodes.size(); i++) {
        if (!e.getValue()[i] && t.scores[i] != -INF) {
          contribute(t, t.scores, i, -INF, "resource-discovery=exclusive elsewhere");
        }
      }
    }
  }

  /** Nodes where a resource has resource-discovery=exclusive constraints that name them. */
  private final Map<Top, boolean[]> exclusive = new HashMap<>();

  /** Whether a location constraint names node {@code i} (its node, or a rule that matches). */
  private boolean locationNames(LocationConstraint lc, int i, RuleEvaluator.Target target) {
    if (lc.node() != null) {
      return lc.node().equals(nodes.get(i).name());
    }
    for (Rule r : lc.rules()) {
      if (rules.matches(r, nodes.get(i).attributes(), target)) {
        return true;
      }
    }
    return false;
  }

  /** Group members each carry a group's constraint, so a group sums it once per member. */
  private static int weightFor(Top t, String rsc) {
    if (t.units.isEmpty()) {
      return 1;
    }
    int members = t.units.get(0).leaves.size();
    if (rsc == null || rsc.equals(t.id())) {
      return t.clone ? Math.max(1, members) : 1;
    }
    if (t.clone
        && ((Clone) t.resource).child() != null
        && rsc.equals(((Clone) t.resource).child().id())) {
      return Math.max(1, members);
    }
    return 1;
  }

  /**
   * A resource's parameter (instance attribute) as it is on one node: its sets by precedence, each
   * while its rule holds for that node's attributes; null when it has none.
   */
  private String params(Resource r, String name, Map<String, String> nodeAttrs) {
    List<NvSet> sets = List.of();
    if (r instanceof Primitive p) {
      sets = p.instanceAttributes();
    } else if (r instanceof org.paceline.cib.Group g) {
      sets = g.instanceAttributes();
    } else if (r instanceof Clone c) {
      sets = c.instanceAttributes();
    }
    for (NvSet set : NvSet.byPrecedence(sets)) {
      if (set.rule() != null && !rules.matches(set.rule(), nodeAttrs)) {
        continue;
      }
      Optional<String> v = set.value(name);
      if (v.isPresent()) {
        return v.get();
      }
    }
    return null;
  }

  /** The resource a constraint names inside top {@code t} (a member, a clone's child), or t's. */
  private static Resource resourceById(Top t, String id) {
    for (Leaf l : t.leaves()) {
      if (l.primitive.id().equals(id)) {
        return l.primitive;
      }
    }
    if (t.resource instanceof Clone c && c.child() != null && c.child().id().equals(id)) {
      return c.child();
    }
    return t.resource;
  }

  private void applyLocation(Top t, LocationConstraint lc, int weight, RuleEvaluator.Target rt) {
    boolean promotedOnly = lc.role() == Role.PROMOTED;
    if (lc.node() != null && lc.score() != null) {
      Integer idx = nodeIndex.get(lc.node());
      if (idx == null) {
        return;
      }
      int v = lc.score().value();
      int[] target = promotedOnly ? t.promotionBonus : t.scores;
      if (!promotedOnly && !symmetric && target[idx] == -INF) {
        target[idx] = 0;
      }
      contribute(
          t, target, idx, scaled(v, promotedOnly ? 1 : weight), "location constraint " + lc.id());
      if (!promotedOnly) {
        ownLocation(t, lc.rsc(), idx, v);
      }
      return;
    }
    for (Rule r : lc.rules()) {
      boolean rulePromoted = promotedOnly || r.role() == Role.PROMOTED;
      int[] target = rulePromoted ? t.promotionBonus : t.scores;
      for (int i = 0; i < nodes.size(); i++) {
        if (!rules.matches(r, nodes.get(i).attributes(), rt)) {
          continue;
        }
        int v;
        if (r.score() != null) {
          v = r.score().value();
        } else if (r.scoreAttribute() != null) {
          String a = nodes.get(i).attributes().get(r.scoreAttribute());
          if (a == null) {
            continue;
          }
          v = MetaLookup.intOf(Optional.of(a), 0);
        } else {
          v = 0;
        }
        if (!rulePromoted && !symmetric && target[i] == -INF) {
          target[i] = 0;
        }
        contribute(
            t,
            target,
            i,
            scaled(v, rulePromoted ? 1 : weight),
            "location constraint " + lc.id() + " rule " + r.id());
        if (!rulePromoted) {
          ownLocation(t, lc.rsc(), i, v);
        }
      }
    }
  }

  private static int scaled(int v, int weight) {
    if (v == INF || v == -INF || weight == 1) {
      return v;
    }
    return (int) Math.max(-INF, Math.min(INF, (long) v * weight));
  }

  // ---------------------------------------------------------------- assignment

  void assignAll() {
    List<Top> order = new ArrayList<>(ex.tops);
    order.sort(
        (a, b) ->
            a.priority != b.priority
                ? Integer.compare(b.priority, a.priority)
                : Integer.compare(a.configOrder, b.configOrder));
    if (util.enabled()) {
      order.sort(capacity::utilizationOrder);
    }
    // Pacemaker Remote connections first: the remote nodes' availability depends on them.
    order.sort((a, b) -> Boolean.compare(!isRemoteConnection(a), !isRemoteConnection(b)));
    for (Top t : order) {
      assign(t);
    }
  }

  private void assign(Top t) {
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
    for (Colocation c : asDependent.getOrDefault(t, List.of())) {
      assign(c.primary());
      if (t.clone && Math.abs(c.score()) < INF && c.dependentRole() == null) {
        int[] before = scores.clone();
        applyPrimary(t, c, scores);
        int[] delta = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
          delta[i] = scores[i] - before[i];
        }
        t.finiteColocations.add(delta);
      } else {
        applyPrimary(t, c, scores);
      }
    }
    addDependentInfluence(t, scores, 1.0f, 0, new ArrayList<>(List.of(t)));
    t.scores = scores;
    if (isGroup(t)) {
      scoreLines(GROUP_STAGE, t.id(), t.groupOwn);
      for (Leaf l : t.units.get(0).leaves) {
        scoreLines(GROUP_STAGE, l.name, l.own);
      }
    } else {
      scoreLines(t.clone ? CLONE_STAGE : PRIMITIVE_STAGE, t.id(), scores);
      if (isPrimitiveClone(t)) {
        for (Unit u : t.units) {
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
      for (Unit u : t.units) {
        u.assigned = u.currentNode();
        u.nextRole = u.currentRole();
        Integer idx = u.assigned == null ? null : nodeIndex.get(u.assigned);
        if (idx != null) {
          for (Leaf l : u.leaves) {
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
      assignSingle(t, t.units.get(0), scores);
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

  /** Node set where the primary (in the constraint's role) will be. */
  private List<Integer> primaryNodes(Colocation c) {
    List<Integer> out = new ArrayList<>();
    for (Unit u : c.primary().units) {
      if (u.assigned == null || (!c.primary().managed && failedUnit(u))) {
        continue; // a failed copy left blocked in place is no place to follow
      }
      if (c.primaryRole() == Role.PROMOTED && u.nextRole != Role.PROMOTED) {
        continue;
      }
      if (c.primaryRole() == Role.UNPROMOTED && u.nextRole == Role.PROMOTED) {
        continue;
      }
      Integer idx = nodeIndex.get(u.assigned);
      if (idx != null && !out.contains(idx)) {
        out.add(idx);
      }
    }
    if (c.nodeAttribute() != null && !c.nodeAttribute().equals("#uname")) {
      List<Integer> same = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        String v = nodes.get(i).attributes().get(c.nodeAttribute());
        for (int p : out) {
          if (v != null && v.equals(nodes.get(p).attributes().get(c.nodeAttribute()))) {
            same.add(i);
            break;
          }
        }
      }
      return same;
    }
    return out;
  }

  private void applyPrimary(Top t, Colocation c, int[] scores) {
    if (!c.primary().assigned) {
      // A primary not assigned yet (a colocation loop broken here) constrains nothing:
      // Pacemaker's colocation_affects says so for a provisional primary.
      return;
    }
    List<Integer> where = primaryNodes(c);
    if (c.dependentRole() == Role.PROMOTED && t.promotable) {
      applyColocationScores(t, c, t.promotionBonus, where);
      return;
    }
    if (c.dependentRole() == Role.UNPROMOTED && t.promotable && c.score() > 0) {
      // Unpromoted instances belong with the primary: the one there should not be promoted.
      String why = "colocation " + c.id() + " (unpromoted with " + c.primary().id() + ")";
      for (int i : where) {
        contribute(t, t.promotionBonus, i, c.score() >= INF ? -INF : -c.score(), why);
      }
      return;
    }
    if (c.dependentRole() != null && t.promotable) {
      return; // other role-specific constraints on instances only affect roles
    }
    applyColocationScores(t, c, scores, where);
  }

  private void applyColocationScores(Top t, Colocation c, int[] scores, List<Integer> where) {
    String why = "colocation " + c.id() + " with " + c.primary().id();
    String whyNotThere = why + " (not there)";
    String whyThere = why + " (there)";
    for (int i = 0; i < nodes.size(); i++) {
      boolean there = where.contains(i);
      if (c.score() >= INF) {
        if (!there) {
          contribute(t, scores, i, -INF, whyNotThere);
        }
      } else if (c.score() <= -INF) {
        if (there) {
          contribute(t, scores, i, -INF, whyThere);
        }
      } else if (there && scores == t.promotionBonus) {
        contribute(t, scores, i, c.score(), why);
      }
    }
    if (Math.abs(c.score()) >= INF || scores == t.promotionBonus) {
      return;
    }
    // A finite score is applied once per place the primary runs, each application rolled back
    // when it would leave the dependent no usable node (Pacemaker's "Rolling back scores").
    for (int p : where) {
      if (!wouldLeaveANode(scores, p, c.score())) {
        continue;
      }
      contribute(t, scores, p, c.score(), why);
    }
  }

  /** Whether adding {@code score} on node {@code p} still leaves some usable node at 0 or more. */
  private boolean wouldLeaveANode(int[] scores, int p, int score) {
    for (int i = 0; i < nodes.size(); i++) {
      int v = i == p ? add(scores[i], score) : scores[i];
      if (v >= 0 && available(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Pacemaker lets resources that must follow this one pull it toward where they can run: their
   * scores, scaled by the colocation score over INFINITY, are added unless that leaves no node.
   */
  private void addDependentInfluence(Top t, int[] scores, float factor, int depth, List<Top> seen) {
    if (depth > 4) {
      return;
    }
    for (Colocation c : asPrimary.getOrDefault(t, List.of())) {
      Top d = c.dependent();
      if (d.assigned || seen.contains(d) || c.dependentRole() != null || c.primaryRole() != null) {
        continue;
      }
      float f = factor * c.score() / (float) INF;
      int[] trial = scores.clone();
      boolean[] hacked = new boolean[nodes.size()];
      for (int i = 0; i < nodes.size(); i++) {
        int ds = dependentScore(d, c, i);
        int delta;
        if (ds == -INF || ds == INF) {
          delta = f > 0 ? ds : (f < 0 ? -ds : 0);
          if (f < 0 && ds < 0) {
            delta = 0; // a ban on the dependent does not attract the primary
          }
        } else {
          delta = (int) (f * ds);
        }
        int merged = add(trial[i], delta);
        if (t.clone && merged < 0 && trial[i] >= 0) {
          // A clone takes only its dependents' positive preferences (Pacemaker merges them
          // with pe_weights_positive): a node they would push below zero keeps a score of 0,
          // and one that had a positive score counts as unusable until the rollback check
          // below, then gets 1.
          hacked[i] = trial[i] > 0;
          merged = trial[i];
        }
        trial[i] = merged;
      }
      boolean any = false;
      for (int i = 0; i < nodes.size(); i++) {
        if (trial[i] >= 0 && !hacked[i] && available(i)) {
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      for (int i = 0; i < nodes.size(); i++) {
        if (hacked[i]) {
          trial[i] = 1;
        }
      }
      for (int i = 0; i < nodes.size(); i++) {
        if (trial[i] != scores[i]) {
          int delta = trial[i] == -INF ? -INF : trial[i] == INF ? INF : trial[i] - scores[i];
          contribute(t, scores, i, delta, "preference of " + d.id() + " (colocated with it)");
        }
      }
      seen.add(d);
      addDependentInfluence(d, scores, f, depth + 1, seen);
    }
  }

  /**
   * The dependent's score that counts for node {@code i}: its own there, or with a colocation by
   * node attribute the best it has on any usable node with the same value of that attribute
   * (-INFINITY if none), as Pacemaker's add_node_scores_matching_attr has it.
   */
  private int dependentScore(Top d, Colocation c, int i) {
    String attr = c.nodeAttribute();
    if (attr == null || attr.equals("#uname")) {
      return d.scores[i];
    }
    String value = nodes.get(i).attributes().get(attr);
    int best = -INF;
    for (int j = 0; j < nodes.size(); j++) {
      if (available(j)
          && d.scores[j] > best
          && java.util.Objects.equals(value, nodes.get(j).attributes().get(attr))) {
        best = d.scores[j];
      }
    }
    return best;
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

  private void assignSingle(Top t, Unit u, int[] scores) {
    if (t.stoppedByRole) {
      return;
    }
    capacity.banInsufficientCapacity(t, u, scores);
    // A member that cannot run anywhere stops itself and every member after it.
    int usable = u.leaves.size();
    int node = bestNode(scores, u.currentNode(), null);
    if (u.leaves.size() > 1) {
      node = -1;
      for (int k = u.leaves.size(); k >= 1 && node < 0; k--) {
        int[] prefix = t.scores == scores ? scores : scores;
        int[] s = prefixScores(t, u, prefix, k);
        node = bestNode(s, u.currentNode(), null);
        usable = k;
      }
    }
    if (node < 0) {
      return;
    }
    u.assigned = nodes.get(node).name();
    for (int k = 0; k < u.leaves.size(); k++) {
      Leaf l = u.leaves.get(k);
      Role r = ex.targetRole(l.primitive);
      // An unmanaged member that is stopped stays stopped, and the members after it (colocated
      // with it) cannot start.
      boolean stuck = ResourceExpander.memberUnmanaged(l) && l.currentNode() == null;
      if (k >= usable
          || stuck
          || r == Role.STOPPED
          || status.stoppedByFailure().contains(l.primitive.id())) {
        for (int j = k; j < u.leaves.size(); j++) {
          u.leaves.get(j).blocked = true;
        }
        break;
      }
      leafCount[node]++;
      util.consume(node, List.of(l));
    }
  }

  /**
   * Scores of a group restricted to its first k members: member-specific bans of later members are
   * dropped, so that a member that cannot run does not stop those before it.
   */
  private int[] prefixScores(Top t, Unit u, int[] scores, int k) {
    if (k == u.leaves.size()) {
      return scores;
    }
    int[] s = scores.clone();
    for (ScoreContribution c : contributions.getOrDefault(t.id(), List.of())) {
      for (int j = k; j < u.leaves.size(); j++) {
        String pid = u.leaves.get(j).primitive.id();
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

  static boolean failedUnit(Unit u) {
    for (Leaf l : u.leaves) {
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
