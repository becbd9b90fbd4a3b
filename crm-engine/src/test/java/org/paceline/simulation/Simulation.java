package org.paceline.simulation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.paceline.cib.Cib;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.simulation.SimNode.RState;

/**
 * A deterministic whole-cluster simulation: three nodes, each with the real controller host, node
 * side and executor on simulated ports ({@link SimDaemon}) and actual resource state; a network
 * with delays and partitions; membership views that lag the truth; a Raft stand-in for leadership
 * and configuration commits; a fence device. One seed, one simulated clock, one event queue ordered
 * by (time, insertion sequence), so a seed replays exactly. Invariants are checked after every
 * event and when an effect is issued.
 */
final class Simulation {
  static final List<String> NODES = List.of("n1", "n2", "n3");

  /**
   * Unique resources the safety invariants watch. The fence device is not among them: a stonith
   * resource defaults to {@code requires=quorum} in Pacemaker (it must be startable to fence the
   * node it ran on), and a second registered copy of a fence device harms nothing.
   */
  static final Set<String> UNIQUE = Set.of("vip", "policy");

  static final long T0_MS = 1_700_000_000_000L;
  static final int TRACE_TAIL = 50;
  static final long MAX_EVENTS = 400_000;

  /** How a run is set up. */
  record Options(
      boolean verbose,
      long faultStartMs,
      long faultEndMs,
      long convergeBoundMs,
      boolean randomFaults,
      Boolean attributePromotion,
      boolean keepGoing) {
    static Options campaign() {
      return new Options(false, 3_000, 60_000, 60_000, true, null, false);
    }

    static Options directed() {
      return new Options(false, 0, 0, 60_000, false, false, false);
    }

    Options verbose(boolean v) {
      return new Options(
          v,
          faultStartMs,
          faultEndMs,
          convergeBoundMs,
          randomFaults,
          attributePromotion,
          keepGoing);
    }

    /** Record each safety violation (first per invariant) and run on, instead of stopping. */
    Options keepGoing(boolean k) {
      return new Options(
          verbose, faultStartMs, faultEndMs, convergeBoundMs, randomFaults, attributePromotion, k);
    }
  }

  /** Something that happened, for directed scenarios' assertions. */
  record Happening(long atMs, String kind, String by, String node, String resource, String task) {}

  /** A broken invariant: the run stops. */
  static final class Violation extends AssertionError {
    final String invariant;
    final long seed;

    Violation(String invariant, long seed, String message) {
      super(message);
      this.invariant = invariant;
      this.seed = seed;
    }
  }

  private record Item(long time, long seq, Runnable action) {}

  private enum Change {
    CRASH(300, 600),
    HANG(2_000, 3_000),
    PARTITION(2_000, 3_000),
    JOIN(1_000, 3_000);

    final int minMs;
    final int maxMs;

    Change(int minMs, int maxMs) {
      this.minMs = minMs;
      this.maxMs = maxMs;
    }
  }

  final long seed;
  final Options opts;
  final SplittableRandom rng;
  private final PriorityQueue<Item> queue =
      new PriorityQueue<>(
          (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long seq;
  long now = T0_MS;
  final Map<String, SimNode> nodes = new TreeMap<>();
  final SimChecks checks = new SimChecks(this);

  // Raft stand-in.
  String leader;
  long term;
  private boolean electionPending;

  /** Directed scenarios: who wins an election when it can (null: random). */
  String preferLeader;

  /**
   * Fault-injection tests: breaks a node's side when its daemon (re)starts, given the node's name
   * and the side.
   */
  java.util.function.BiConsumer<String, org.paceline.daemon.RunnerNodeSide> breakNodeSide =
      (node, side) -> {};

  final List<Cib> log = new ArrayList<>();
  SimConfig config;
  final List<Long> ackedEpochs = new ArrayList<>();
  int rejectedEdits;
  int fenceFailuresToInject;
  boolean faultsOver;

  // Observations.
  long events;
  long traceHash = 0xcbf29ce484222325L;
  private final ArrayDeque<String> tail = new ArrayDeque<>();
  final List<Happening> happenings = new ArrayList<>();
  Long convergedAtMs;
  String lastConvergenceProblem = "not checked";
  int fences;
  int minorityFenceRequests;
  int faultsInjected;

  Simulation(long seed, Options opts) {
    this.seed = seed;
    this.opts = opts;
    this.rng = new SplittableRandom(seed);
    for (String n : NODES) {
      nodes.put(n, new SimNode(n));
    }
    boolean attr =
        opts.attributePromotion() == null ? rng.nextBoolean() : opts.attributePromotion();
    config = SimConfig.initial(attr);
    log.add(config.cib(1));
  }

  // ------------------------------------------------------------------ clock and queue

  long elapsed() {
    return now - T0_MS;
  }

  void at(long time, Runnable r) {
    queue.add(new Item(Math.max(time, now), seq++, r));
  }

  void after(long delayMs, Runnable r) {
    at(now + delayMs, r);
  }

  long between(int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  /** Runs events up to simulated elapsed time {@code untilElapsedMs}. */
  void runUntil(long untilElapsedMs) {
    long until = T0_MS + untilElapsedMs;
    while (!queue.isEmpty() && queue.peek().time <= until) {
      Item it = queue.poll();
      now = it.time;
      events++;
      if (events > MAX_EVENTS) {
        throw violation("runaway", "more than " + MAX_EVENTS + " events: a livelock");
      }
      it.action.run();
      checks.checkInvariants();
    }
    now = Math.max(now, until);
  }

  void trace(String line) {
    String l = elapsed() + " " + line;
    for (int i = 0; i < l.length(); i++) {
      traceHash = (traceHash ^ l.charAt(i)) * 0x100000001b3L;
    }
    traceHash = (traceHash ^ '\n') * 0x100000001b3L;
    if (opts.verbose()) {
      System.out.println(l);
    }
    tail.addLast(l);
    if (tail.size() > TRACE_TAIL) {
      tail.removeFirst();
    }
  }

  String tail() {
    return String.join("\n", tail);
  }

  /** With {@link Options#keepGoing}: the first violation of each invariant, by invariant. */
  final Map<String, Violation> recorded = new TreeMap<>();

  void fail(String invariant, String detail) {
    Violation v = violation(invariant, detail);
    if (opts.keepGoing()) {
      if (!recorded.containsKey(invariant)) {
        recorded.put(invariant, v);
        trace("VIOLATION " + invariant + ": " + detail);
      }
      return;
    }
    throw v;
  }

  Violation violation(String invariant, String detail) {
    return new Violation(
        invariant,
        seed,
        "invariant "
            + invariant
            + " broken: "
            + detail
            + "\nseed="
            + seed
            + " t="
            + elapsed()
            + "ms"
            + (opts.randomFaults() ? " (replay: -Dpaceline.sim.seed=" + seed + ")" : " (directed)")
            + "\ntrace tail:\n"
            + tail());
  }

  // ------------------------------------------------------------------ start

  /** Powers on every node, forms the cluster, and (campaign) schedules the random faults. */
  void start() {
    for (SimNode n : nodes.values()) {
      n.daemonUp = true;
      n.daemonInc++;
      newDaemon(n);
      trace(n.name + " daemon starts");
      catchUp(n);
    }
    for (SimNode n : nodes.values()) {
      applyView(n, truthView(n));
    }
    reconcile();
    if (opts.randomFaults()) {
      FaultPlan.schedule(this);
      at(T0_MS + opts.faultEndMs(), this::endFaults);
    }
  }

  /** Faults stop: heal, resume, restart every daemon, fencing works; then convergence is due. */
  void endFaults() {
    faultsOver = true;
    fenceFailuresToInject = 0;
    trace("faults end: heal, resume, restart");
    heal();
    for (SimNode n : nodes.values()) {
      if (n.hung) {
        resume(n.name);
      }
    }
    for (SimNode n : nodes.values()) {
      if (n.powered && !n.daemonUp) {
        restartDaemon(n.name);
      }
    }
  }

  /** Runs a campaign seed to the end: faults, then convergence within the bound. */
  void runCampaign() {
    start();
    long deadline = opts.faultEndMs() + opts.convergeBoundMs();
    runUntil(opts.faultEndMs());
    while (elapsed() < deadline) {
      runUntil(Math.min(deadline, elapsed() + 250));
      if (convergenceProblem() == null) {
        convergedAtMs = elapsed();
        trace("converged");
        checks.checkEveryOperationAnswered();
        return;
      }
    }
    if (lastConvergenceProblem.startsWith("config")) {
      fail("acked-config-on-every-node", lastConvergenceProblem);
    } else {
      fail("convergence", "not converged within bound: " + lastConvergenceProblem);
    }
  }

  /** Runs until converged (after directed faults), or throws. */
  void runToConvergence(long boundMs) {
    long deadline = elapsed() + boundMs;
    while (elapsed() < deadline) {
      runUntil(Math.min(deadline, elapsed() + 250));
      if (convergenceProblem() == null) {
        convergedAtMs = elapsed();
        checks.checkEveryOperationAnswered();
        return;
      }
    }
    throw violation("convergence", "not converged within bound: " + lastConvergenceProblem);
  }

  // ------------------------------------------------------------------ node lifecycle

  void crash(String name) {
    SimNode n = nodes.get(name);
    if (!n.powered || !n.daemonUp) {
      return;
    }
    trace(name + " daemon killed (kill -9); its resources keep running");
    n.daemonUp = false;
    n.hung = false;
    n.daemon = null;
    n.ctl = null;
    n.daemonInc++;
    n.forgetExecutor();
    n.view = Set.of();
    n.viewIncs = Map.of();
    n.believesLeader = false;
    if (name.equals(leader)) {
      leader = null;
    }
    topologyChanged(Change.CRASH);
    reconcile();
  }

  void restartDaemon(String name) {
    SimNode n = nodes.get(name);
    if (!n.powered || n.daemonUp) {
      return;
    }
    trace(name + " daemon restarts");
    startDaemon(n);
  }

  private void startDaemon(SimNode n) {
    n.daemonUp = true;
    n.hung = false;
    n.daemonInc++;
    n.forgetExecutor();
    newDaemon(n);
    n.view = Set.of();
    n.viewIncs = Map.of();
    n.believesLeader = false;
    n.knownTerm = -1;
    n.dcName = null;
    n.lastQuorateTold = null;
    n.configDelivered = -1;
    n.tellScheduled = false;
    n.catchUpScheduled = false;
    n.stepDownScheduled = false;
    // The persisted Raft log replays at start; the rest comes from the leader.
    for (int i = 0; i <= n.persistedIndex; i++) {
      deliverConfig(n, i);
    }
    topologyChanged(Change.JOIN);
    reconcile();
  }

  /** A new daemon incarnation: real host and node side, the persisted configuration to start. */
  private void newDaemon(SimNode n) {
    n.daemon = new SimDaemon(this, n, log.get(Math.min(n.persistedIndex, log.size() - 1)));
    n.ctl = n.daemon.controller;
  }

  void hang(String name) {
    SimNode n = nodes.get(name);
    if (!n.powered || !n.daemonUp || n.hung) {
      return;
    }
    trace(name + " daemon hangs (SIGSTOP)");
    n.hung = true;
    topologyChanged(Change.HANG);
    reconcile();
  }

  void resume(String name) {
    SimNode n = nodes.get(name);
    if (!n.hung) {
      return;
    }
    trace(name + " daemon resumes (SIGCONT), " + n.deferred.size() + " deferred");
    n.hung = false;
    List<Runnable> work = new ArrayList<>(n.deferred);
    n.deferred.clear();
    for (Runnable r : work) {
      r.run();
    }
    topologyChanged(Change.JOIN);
    reconcile();
  }

  void powerOff(SimNode n, String why) {
    trace(n.name + " powered off (" + why + ")");
    happenings.add(new Happening(now, "poweroff", null, n.name, null, null));
    n.powered = false;
    n.daemonUp = false;
    n.hung = false;
    n.daemon = null;
    n.ctl = null;
    n.powerInc++;
    n.daemonInc++;
    n.actual.clear();
    n.forgetExecutor();
    n.view = Set.of();
    n.viewIncs = Map.of();
    n.believesLeader = false;
    if (n.name.equals(leader)) {
      leader = null;
    }
    int inc = n.powerInc;
    after(
        between(1_000, 5_000),
        () -> {
          if (!n.powered && n.powerInc == inc) {
            n.powered = true;
            trace(n.name + " powers on");
            startDaemon(n);
          }
        });
    topologyChanged(Change.CRASH);
    reconcile();
  }

  void partition(List<Set<String>> groups) {
    int g = 1;
    for (Set<String> s : groups) {
      for (String n : s) {
        nodes.get(n).group = g;
      }
      g++;
    }
    // Sorted: an immutable set's order differs between JVMs, and the trace hash must not.
    trace("partition " + groups.stream().map(TreeSet::new).toList());
    topologyChanged(Change.PARTITION);
    reconcile();
  }

  void heal() {
    boolean split = nodes.values().stream().map(n -> n.group).distinct().count() > 1;
    if (!split) {
      return;
    }
    for (SimNode n : nodes.values()) {
      n.group = 0;
    }
    trace("heal");
    topologyChanged(Change.JOIN);
    reconcile();
  }

  void agentFailure(String node, String hid, boolean toFailed) {
    SimNode n = nodes.get(node);
    if (hid.equals(SimNode.FENCE_DEVICE)) {
      // The real node side keeps a fence device's "started" in daemon memory and does not poll the
      // device (FencingDeviceResource), so a failing device is nothing a monitor could see.
      trace("agent failure: " + hid + "@" + node + " not injected: the device is not monitored");
      return;
    }
    RState s = n.state(hid);
    if (!n.powered || (s != RState.STARTED && s != RState.PROMOTED)) {
      return;
    }
    RState to = toFailed ? RState.FAILED : RState.STOPPED;
    trace("agent failure: " + hid + "@" + node + " " + s + " -> " + to);
    n.actual.put(hid, to);
  }

  // ------------------------------------------------------------------ membership views

  private Set<String> truthView(SimNode n) {
    Set<String> v = new TreeSet<>();
    for (SimNode m : nodes.values()) {
      if (m == n || (m.live() && m.group == n.group)) {
        v.add(m.name);
      }
    }
    return v;
  }

  private void topologyChanged(Change kind) {
    for (SimNode n : nodes.values()) {
      if (!n.powered || !n.daemonUp) {
        continue;
      }
      int inc = n.daemonInc;
      long d = between(kind.minMs, kind.maxMs);
      if (kind == Change.PARTITION && truthView(n).size() == 1 && rng.nextInt(7) < 5) {
        // LAB-NOTES: the isolated node briefly installs a majority-sized view with a peer it
        // cannot reach (~0.4 s) before the true one.
        List<String> others = new ArrayList<>(NODES);
        others.remove(n.name);
        String peer = others.get(rng.nextInt(others.size()));
        Set<String> wrong = new TreeSet<>(Set.of(n.name, peer));
        long d1 = between(kind.minMs, kind.maxMs - 500);
        after(d1, () -> onNode(n, inc, () -> applyView(n, wrong)));
        after(d1 + between(300, 500), () -> onNode(n, inc, () -> applyView(n, truthView(n))));
        continue;
      }
      after(d, () -> onNode(n, inc, () -> applyView(n, truthView(n))));
    }
  }

  /**
   * Gives a node's controller a new view. A member whose daemon restarted since the last view
   * (JGroups: a new address under the same name) is shown leaving first, then joining.
   */
  private void applyView(SimNode n, Set<String> v) {
    Map<String, Integer> incs = new TreeMap<>();
    for (String m : v) {
      incs.put(m, nodes.get(m).daemonInc);
    }
    Set<String> restarted = new TreeSet<>();
    for (String m : v) {
      Integer seen = n.viewIncs.get(m);
      if (!m.equals(n.name) && n.view.contains(m) && seen != null && !seen.equals(incs.get(m))) {
        restarted.add(m);
      }
    }
    if (v.equals(n.view) && restarted.isEmpty()) {
      return;
    }
    if (!restarted.isEmpty()) {
      Set<String> without = new TreeSet<>(v);
      without.removeAll(restarted);
      deliverView(n, without);
    }
    deliverView(n, v);
    n.viewIncs = incs;
  }

  private void deliverView(SimNode n, Set<String> v) {
    n.view = Set.copyOf(v);
    // The adapter's safe order: a lost majority is reported before the view that loses it, so the
    // controller never acts on a minority view as quorate; a regained one after the view.
    boolean q = majority(v);
    boolean change = n.believesLeader && (n.lastQuorateTold == null || n.lastQuorateTold != q);
    if (change && !q) {
      n.lastQuorateTold = false;
      step(n, new Event.LeadershipChanged(true, false, n.knownTerm));
    }
    step(n, new Event.MembershipChanged(v));
    if (change && q) {
      n.lastQuorateTold = true;
      step(n, new Event.LeadershipChanged(true, true, n.knownTerm));
    }
  }

  private static boolean majority(Set<String> v) {
    return v.stream().filter(NODES::contains).count() * 2 > NODES.size();
  }

  // ------------------------------------------------------------------ Raft stand-in

  /** The partition group that truly holds a majority of live voters, or null. */
  Integer majorityGroup() {
    Map<Integer, Integer> count = new TreeMap<>();
    for (SimNode n : nodes.values()) {
      if (n.live()) {
        count.merge(n.group, 1, Integer::sum);
      }
    }
    for (Map.Entry<Integer, Integer> e : count.entrySet()) {
      if (e.getValue() * 2 > NODES.size()) {
        return e.getKey();
      }
    }
    return null;
  }

  private boolean hasTrueMajority(SimNode n) {
    Integer g = majorityGroup();
    return g != null && n.live() && n.group == g;
  }

  boolean leaderOk() {
    if (leader == null) {
      return false;
    }
    SimNode l = nodes.get(leader);
    return hasTrueMajority(l);
  }

  void reconcile() {
    Integer g = majorityGroup();
    boolean ok = leaderOk();
    if (!ok && g != null && !electionPending) {
      electionPending = true;
      after(between(300, 600), this::election);
    }
    for (SimNode n : nodes.values()) {
      if (!n.powered || !n.daemonUp) {
        continue;
      }
      if (ok && n.live() && n.group == g) {
        boolean behind = n.knownTerm < term || n.believesLeader != n.name.equals(leader);
        if (behind && !n.tellScheduled) {
          n.tellScheduled = true;
          int inc = n.daemonInc;
          after(between(1, 20), () -> tell(n, inc));
        }
        if (n.configDelivered < log.size() - 1 && !n.catchUpScheduled) {
          n.catchUpScheduled = true;
          int inc = n.daemonInc;
          after(
              between(1, 20),
              () -> {
                n.catchUpScheduled = false;
                if (n.daemonInc == inc && n.daemonUp) {
                  onNode(n, inc, () -> catchUp(n));
                }
              });
        }
      }
      boolean rightful = ok && n.name.equals(leader) && n.knownTerm == term;
      if (n.believesLeader && !rightful && !n.stepDownScheduled) {
        n.stepDownScheduled = true;
        int inc = n.daemonInc;
        long t = n.knownTerm;
        after(between(2_300, 2_700), () -> stepDown(n, inc, t));
      }
    }
  }

  private void election() {
    electionPending = false;
    Integer g = majorityGroup();
    if (g == null || leaderOk()) {
      reconcile();
      return;
    }
    List<SimNode> candidates = new ArrayList<>();
    for (SimNode n : nodes.values()) {
      if (n.live() && n.group == g) {
        candidates.add(n);
      }
    }
    SimNode l = candidates.get(rng.nextInt(candidates.size()));
    for (SimNode c : candidates) {
      if (c.name.equals(preferLeader)) {
        l = c;
      }
    }
    term++;
    leader = l.name;
    trace("raft: " + leader + " elected leader, term " + term);
    reconcile();
  }

  private void tell(SimNode n, int inc) {
    n.tellScheduled = false;
    if (n.daemonInc != inc || !n.daemonUp) {
      return;
    }
    onNode(
        n,
        inc,
        () -> {
          if (!leaderOk() || nodes.get(leader).group != n.group) {
            return;
          }
          boolean isLeader = n.name.equals(leader);
          if (n.knownTerm == term && n.believesLeader == isLeader) {
            return;
          }
          n.knownTerm = term;
          n.believesLeader = isLeader;
          n.dcName = leader;
          boolean q = isLeader && majority(n.view);
          n.lastQuorateTold = q;
          step(n, new Event.LeadershipChanged(isLeader, q, term));
        });
  }

  private void stepDown(SimNode n, int inc, long t) {
    n.stepDownScheduled = false;
    if (n.daemonInc != inc || !n.daemonUp) {
      return;
    }
    onNode(
        n,
        inc,
        () -> {
          boolean rightful = leaderOk() && n.name.equals(leader) && n.knownTerm == term;
          if (!n.believesLeader || n.knownTerm != t || rightful) {
            return;
          }
          trace("raft: " + n.name + " steps down (term " + t + ")");
          n.believesLeader = false;
          n.dcName = null;
          n.lastQuorateTold = false;
          if (n.name.equals(leader)) {
            leader = null;
          }
          step(n, new Event.LeadershipChanged(false, false, t));
          reconcile();
        });
  }

  private void catchUp(SimNode n) {
    for (int i = n.configDelivered + 1; i < log.size(); i++) {
      deliverConfig(n, i);
    }
  }

  private void deliverConfig(SimNode n, int i) {
    if (i <= n.configDelivered) {
      return;
    }
    n.configDelivered = i;
    n.persistedIndex = Math.max(n.persistedIndex, i);
    step(n, new Event.ConfigurationCommitted(log.get(i)));
  }

  /**
   * A user's configuration edit submitted on {@code via}: committed (and acknowledged) only through
   * a leader whose partition truly holds a majority.
   */
  void edit(String via, String what, UnaryOperator<SimConfig> change) {
    SimNode v = nodes.get(via);
    if (!v.live() || !leaderOk() || nodes.get(leader).group != v.group) {
      rejectedEdits++;
      trace("edit '" + what + "' on " + via + " rejected: no quorate leader reachable");
      return;
    }
    after(
        between(5, 30),
        () -> {
          if (!v.live() || !leaderOk() || nodes.get(leader).group != v.group) {
            rejectedEdits++;
            trace("edit '" + what + "' on " + via + " failed before commit");
            return;
          }
          config = change.apply(config);
          long epoch = log.size() + 1L;
          log.add(config.cib(epoch));
          ackedEpochs.add(epoch);
          trace("edit '" + what + "' committed as epoch " + epoch + " and acknowledged");
          reconcile();
        });
  }

  // ------------------------------------------------------------------ controller I/O

  /** Runs daemon work now, or when the hung daemon resumes; dropped if the daemon died. */
  void onNode(SimNode n, int inc, Runnable r) {
    if (!n.daemonUp || n.daemonInc != inc) {
      return;
    }
    if (n.hung) {
      n.deferred.add(
          () -> {
            if (n.daemonUp && n.daemonInc == inc) {
              r.run();
            }
          });
      return;
    }
    r.run();
  }

  /** Hands an event to the node's controller host (it runs on the host's simulated loop). */
  void step(SimNode n, Event e) {
    if (!n.daemonUp || n.daemon == null) {
      return;
    }
    n.daemon.host.post(e);
  }

  /** A step of a node's controller, seen on its host's loop: traced, and issued work checked. */
  void stepped(SimNode n, Event e, List<Effect> effects) {
    trace(n.name + " <- " + describe(e));
    for (Effect f : effects) {
      if (f instanceof Effect.SaveSchedulerInput) {
        continue;
      }
      if (f instanceof Effect.Log l) {
        trace(n.name + " log: " + l.message());
        continue;
      }
      trace(n.name + " -> " + describe(f));
      if (f instanceof Effect.RunOperation r) {
        checks.checkIssue(n, r);
        happenings.add(new Happening(now, "op", n.name, r.node(), hid(r.resource()), r.task()));
      }
    }
  }

  /**
   * An effect for the trace; an operation's meta attributes sorted (an immutable map's order
   * differs between JVMs, and the trace hash must not).
   */
  static String describe(Effect f) {
    if (f instanceof Effect.RunOperation r && !r.meta().isEmpty()) {
      return f.toString().replace("meta=" + r.meta(), "meta=" + new TreeMap<>(r.meta()));
    }
    return f.toString();
  }

  static String describe(Event e) {
    if (e instanceof Event.ConfigurationCommitted c) {
      return "ConfigurationCommitted(epoch " + c.cib().version().epoch() + ")";
    }
    if (e instanceof Event.MembershipChanged m) {
      return "MembershipChanged" + new TreeSet<>(m.members());
    }
    if (e instanceof Event.NodeReport r) {
      List<String> h = new ArrayList<>();
      for (LrmResource x : r.history()) {
        for (LrmRscOp o : x.ops()) {
          h.add(o.id() + "=" + o.operation() + ":" + o.rcCode());
        }
      }
      return "NodeReport("
          + r.node()
          + " term "
          + r.term()
          + " "
          + h
          + " "
          + new TreeMap<>(r.attributes())
          + ")";
    }
    return e.toString();
  }

  /** Retransmission period of a link whose receiver cannot be reached at the moment. */
  static final int RETRANSMIT_MIN_MS = 100;

  static final int RETRANSMIT_MAX_MS = 300;

  private record Message(long dueMs, Runnable atTarget) {}

  /**
   * Per link (sender incarnation to receiver incarnation): messages not yet delivered, in order.
   */
  private final Map<String, ArrayDeque<Message>> links = new TreeMap<>();

  /**
   * A message over the network, as JGroups' reliable unicast (UNICAST3) carries it: each takes 1-20
   * ms, a link delivers in order, and a message the receiver cannot take now (partitioned away,
   * hung) is retransmitted every 100-300 ms; it is lost only when the sender or the receiver daemon
   * dies (a new incarnation is a new address). UNICAST3 keeps a connection to a member that left
   * the view for conn_close_timeout (240 s by default, longer than a run), so a view that drops the
   * receiver for a while loses nothing.
   */
  void send(SimNode from, int fromInc, SimNode to, Runnable atTarget) {
    String link = from.name + "#" + fromInc + ">" + to.name + "#" + to.daemonInc;
    ArrayDeque<Message> q = links.computeIfAbsent(link, k -> new ArrayDeque<>());
    q.addLast(new Message(now + between(1, 20), atTarget));
    if (q.size() == 1) {
      int toInc = to.daemonInc;
      at(q.peekFirst().dueMs(), () -> deliver(link, from, fromInc, to, toInc));
    }
  }

  private void deliver(String link, SimNode from, int fromInc, SimNode to, int toInc) {
    ArrayDeque<Message> q = links.get(link);
    boolean senderGone = !from.daemonUp || from.daemonInc != fromInc;
    boolean receiverGone = !to.daemonUp || to.daemonInc != toInc;
    if (senderGone || receiverGone) {
      links.remove(link);
      return;
    }
    if ((from != to && from.group != to.group) || to.hung) {
      after(
          between(RETRANSMIT_MIN_MS, RETRANSMIT_MAX_MS),
          () -> deliver(link, from, fromInc, to, toInc));
      return;
    }
    q.pollFirst().atTarget().run();
    if (q.isEmpty()) {
      links.remove(link);
      return;
    }
    at(q.peekFirst().dueMs(), () -> deliver(link, from, fromInc, to, toInc));
  }

  /** The history id of a resource instance ({@code db:1} is {@code db}). */
  static String hid(String resource) {
    int colon = resource.lastIndexOf(':');
    return colon > 0 ? resource.substring(0, colon) : resource;
  }

  /** Null when converged, else why not. */
  String convergenceProblem() {
    return checks.convergenceProblem();
  }

  SimNode dc() {
    return checks.dc();
  }

  /** Where each resource actually runs, e.g. {@code vip -> [n1=STARTED]}. */
  Map<String, List<String>> where() {
    Map<String, List<String>> out = new TreeMap<>();
    for (SimNode n : nodes.values()) {
      for (Map.Entry<String, RState> e : n.actual.entrySet()) {
        if (e.getValue() != RState.STOPPED) {
          out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(n.name + "=" + e.getValue());
        }
      }
    }
    return out;
  }

  String holder(String h) {
    for (SimNode n : nodes.values()) {
      if (n.powered && SimChecks.active(n.state(h))) {
        return n.name;
      }
    }
    return null;
  }
}
