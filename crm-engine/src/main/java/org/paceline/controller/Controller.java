package org.paceline.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.paceline.cib.Cib;
import org.paceline.cib.CibVersion;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.HistoryIds;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.Node;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.NodeStatus;
import org.paceline.scheduler.OrderEdge;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;

/**
 * The controller of one node. On the DC (Raft leader with quorum) it keeps the status section, runs
 * the scheduler whenever anything changes and walks the resulting transition: it dispatches each
 * action once the actions ordered before it are done, fences unclean nodes and counts their
 * resources as stopped only once fencing is confirmed, and starts a new transition when a result
 * differs from what was expected. Elsewhere it does nothing: non-DC nodes only run what the DC
 * sends (the node adapters do that). Pure: no I/O, no clock, no randomness.
 */
public final class Controller {
  private static final int RC_OK = 0;
  private static final int RC_NOT_RUNNING = 7;
  private static final int RC_PROMOTED = 8;
  private static final int RC_DEGRADED = 190;
  private static final int RC_DEGRADED_PROMOTED = 191;

  private final String self;
  private final ControllerOptions options;

  private Cib config = new Cib(null, null, null, null, null, Map.of(), null, List.of(), List.of());
  private Set<String> members = Set.of();
  private boolean dc;
  private boolean quorate;

  /** Whether this node's view holds a majority of the voters (see {@link #minority()}). */
  private boolean majority = true;

  private boolean minority;

  /**
   * Whether the view ever held a majority since this controller started: a node that starts alone
   * (a daemon restart, a power-on) waits to join; only one that loses the majority acts alone.
   */
  private boolean everMajority;

  private long term = -1;
  private StatusBook book = new StatusBook();
  private final Set<String> awaitingReports = new TreeSet<>();
  private final Set<String> reAsked = new TreeSet<>();
  private final Set<String> shuttingDown = new TreeSet<>();

  /** Nodes an operator asked to fence ({@code crm node fence}) that are not fenced yet. */
  private final Set<String> operatorFencing = new TreeSet<>();

  private final Set<String> shutdownAllowed = new TreeSet<>();
  private Run run;
  private boolean dirty;
  private boolean holdForRetry;
  private long nextTransitionId = 1;
  private long nextConfirmToken = 1;
  private long inputSequence;
  private long transitions;

  public Controller(String self, ControllerOptions options) {
    this.self = self;
    this.options = options;
  }

  /**
   * Whether this node acts as DC: the Raft leader with quorum, or (in {@link #minority} mode) the
   * coordinator of its own partition without quorum, which can only stop and demote there.
   */
  public boolean isDc() {
    return (dc && quorate) || minority;
  }

  /**
   * Whether this node, cut off in a partition without a majority of voters, applies
   * no-quorum-policy to its own resources (Pacemaker's partition without quorum: its DC stops
   * them). The scheduler sees no quorum, so it plans no start, promotion or fencing; the walker
   * could not prove quorum for them either.
   */
  public boolean minority() {
    return minority;
  }

  /** Whether a transition is in flight, reports are awaited, or a new schedule is pending. */
  public boolean busy() {
    return isDc() && (run != null || dirty || holdForRetry || !awaitingReports.isEmpty());
  }

  /** How many transitions this controller started. */
  public long transitionCount() {
    return transitions;
  }

  /** The id of the transition in flight, or -1. */
  public long currentTransitionId() {
    return run == null ? -1 : run.id;
  }

  /** The configuration this controller acts on. */
  public Cib configuration() {
    return config;
  }

  /** Configuration plus the status section as this DC sees it, at {@code nowMs}. */
  public Cib snapshot(long nowMs) {
    long nowSec = nowMs / 1000;
    String dcId =
        config
            .configuration()
            .node(self)
            .map(n -> n.id() == null ? n.uname() : n.id())
            .orElse(null);
    Cib c =
        new Cib(
            config.version(),
            config.validateWith(),
            quorate,
            dcId,
            nowSec,
            config.otherAttributes(),
            config.configuration(),
            List.of(),
            List.of());
    return c.withStatus(book.status(config.configuration().nodes(), members, nowSec, shuttingDown));
  }

  /** Handles one event and returns what to do about it. */
  public List<Effect> step(Event event, long nowMs) {
    List<Effect> out = new ArrayList<>();
    if (event instanceof Event.MembershipChanged m) {
      membership(m.members(), out);
    } else if (event instanceof Event.LeadershipChanged l) {
      leadership(l, nowMs, out);
    } else if (event instanceof Event.PartitionChanged p) {
      partition(p.majority(), out);
    } else if (event instanceof Event.ConfigurationCommitted c) {
      configured(c.cib(), out);
    } else if (event instanceof Event.NodeReport r) {
      report(r, out);
    } else if (event instanceof Event.OperationResult r) {
      result(r, nowMs, out);
    } else if (event instanceof Event.FenceResult f) {
      fenced(f, out);
    } else if (event instanceof Event.TimerFired t) {
      timer(t.id(), nowMs, out);
    } else if (event instanceof Event.AttributeChanged a) {
      attribute(a);
    } else if (event instanceof Event.Cleanup c) {
      cleanup(c, out);
    } else if (event instanceof Event.QuorumConfirmed q) {
      quorumConfirmed(q, out);
    } else if (event instanceof Event.FenceRequested f) {
      if (isDc() && isConfiguredNode(f.node())) {
        book.node(f.node()).mustFence = true;
        operatorFencing.add(f.node());
        out.add(new Effect.Log("fencing of " + f.node() + " requested by " + f.by()));
        dirty = true;
      }
    } else if (event instanceof Event.ShutdownRequested s) {
      if (isDc()) {
        shuttingDown.add(s.node());
        out.add(new Effect.Log(s.node() + " asked to shut down: moving its resources away"));
        dirty = true;
      }
    }
    if (isDc()) {
      advance(nowMs, out);
    }
    return out;
  }

  private void configured(Cib cib, List<Effect> out) {
    config = cib.withStatus(List.of());
    if (isDc()) {
      for (Node n : config.configuration().nodes()) {
        StatusBook.NodeBook b = book.node(n.uname());
        if (!members.contains(n.uname())
            && !b.expectedUp
            && !b.reported
            && !b.mustFence
            && !b.knownDown) {
          // A node this DC has never seen: its state is unknown (startup fencing).
          b.mustFence = true;
        } else if (members.contains(n.uname())
            && !b.reported
            && !b.mustFence
            && !b.fencedWhileMember
            && awaitingReports.add(n.uname())) {
          // A member that just became a configured node: its status is needed first.
          out.add(new Effect.RequestReport(n.uname(), term));
          out.add(new Effect.SetTimer("reports:" + term, options.reportTimeoutMs()));
        }
      }
      dirty = true;
    }
  }

  private void quorumConfirmed(Event.QuorumConfirmed q, List<Effect> out) {
    if (!isDc() || run == null || q.token() != run.confirmToken) {
      return;
    }
    run.confirmToken = -1;
    if (q.ok()) {
      run.quorumConfirmed = true;
    } else {
      out.add(new Effect.Log("quorum not confirmed by a majority: nothing started; will retry"));
      abort("quorum not confirmed", out);
      holdForRetry = true;
      out.add(new Effect.SetTimer("quorum-retry:" + term, 500));
    }
  }

  private void attribute(Event.AttributeChanged a) {
    if (isDc()) {
      Map<String, String> attrs = book.node(a.node()).attributes;
      String old = a.value() == null ? attrs.remove(a.name()) : attrs.put(a.name(), a.value());
      if (!String.valueOf(old).equals(String.valueOf(a.value()))) {
        dirty = true;
      }
    }
  }

  // ---------------------------------------------------------------- membership and leadership

  private void membership(Set<String> now, List<Effect> out) {
    Set<String> left = new TreeSet<>(members);
    left.removeAll(now);
    Set<String> joined = new TreeSet<>(now);
    joined.removeAll(members);
    members = Set.copyOf(now);
    if (!isDc()) {
      return;
    }
    for (String n : left) {
      StatusBook.NodeBook b = book.node(n);
      if (b.fencedWhileMember) {
        b.fencedWhileMember = false;
        b.knownDown = true;
        b.expectedUp = false;
        b.reported = false;
        b.forgetResources();
        out.add(new Effect.Log(n + " left: it was fenced while still a member"));
      } else if (shutdownAllowed.remove(n)) {
        b.knownDown = true;
        b.expectedUp = false;
        b.reported = false;
        b.forgetResources();
        shuttingDown.remove(n);
        out.add(new Effect.Log(n + " left cleanly"));
      } else if (b.expectedUp || !b.reported) {
        if (isConfiguredNode(n) && !b.mustFence) {
          b.mustFence = true;
          out.add(new Effect.Log(n + " left uncleanly: it must be fenced before recovery"));
        }
        b.reported = false;
      }
      awaitingReports.remove(n);
      if (run != null) {
        run.nodeLost(n);
      }
    }
    for (String n : joined) {
      if (!isConfiguredNode(n)) {
        continue;
      }
      StatusBook.NodeBook b = book.node(n);
      b.reported = false;
      b.knownDown = false;
      b.fencedWhileMember = false;
      if (b.mustFence) {
        continue; // back before its fencing: it is fenced anyway; its word counts for nothing
      }
      awaitingReports.add(n);
      reAsked.remove(n);
      out.add(new Effect.RequestReport(n, term));
      out.add(new Effect.SetTimer("reports:" + term, options.reportTimeoutMs()));
    }
    if (!left.isEmpty() || !joined.isEmpty()) {
      abort("membership changed", out);
      dirty = true;
    }
  }

  private boolean isConfiguredNode(String n) {
    return config.configuration().node(n).isPresent();
  }

  private void partition(boolean hasMajority, List<Effect> out) {
    majority = hasMajority;
    everMajority |= hasMajority;
    if (!hasMajority && !minority && everMajority) {
      out.add(new Effect.SetTimer(MINORITY_TIMER, options.minorityGraceMs()));
    } else if (hasMajority && minority) {
      minority = false;
      out.add(new Effect.Log("the partition holds a majority again: no longer acting alone"));
      if (!(dc && quorate)) {
        forgetDcState();
      } else {
        dirty = true;
      }
    }
  }

  private static final String MINORITY_TIMER = "minority";

  /** The view still lacks a majority after the grace period: act on this node's resources. */
  private void enterMinority(List<Effect> out) {
    if (majority || minority || !everMajority || (dc && quorate)) {
      return;
    }
    minority = true;
    forgetDcState();
    out.add(
        new Effect.Log(
            "no majority of voters in view: applying no-quorum-policy to this node's resources"));
    // Out of reach: nothing here can stop, fence or trust what runs on the other nodes.
    askMembersForReports(b -> b.knownDown = true, out);
  }

  /**
   * Starts coordinating anew: asks every member for its report (and waits a while for them), and
   * marks each configured node that is not a member with {@code absent}.
   */
  private void askMembersForReports(
      java.util.function.Consumer<StatusBook.NodeBook> absent, List<Effect> out) {
    for (Node n : config.configuration().nodes()) {
      if (members.contains(n.uname())) {
        awaitingReports.add(n.uname());
        out.add(new Effect.RequestReport(n.uname(), term));
      } else {
        absent.accept(book.node(n.uname()));
      }
    }
    out.add(new Effect.SetTimer("reports:" + term, options.reportTimeoutMs()));
    dirty = true;
  }

  private void leadership(Event.LeadershipChanged l, long nowMs, List<Effect> out) {
    if (minority && !l.quorate()) {
      // Still cut off: Raft terms may move (elections that cannot win); keep acting alone.
      dc = l.dc();
      quorate = false;
      term = l.term();
      return;
    }
    if (minority) {
      minority = false;
      out.add(new Effect.Log("quorum regained: no longer acting alone"));
      forgetDcState();
    }
    boolean wasDc = isDc();
    boolean newTerm = l.term() != term;
    dc = l.dc();
    quorate = l.quorate();
    term = l.term();
    if (!dc) {
      if (wasDc) {
        out.add(new Effect.Log("no longer DC (term " + term + ")"));
      }
      forgetDcState();
      return;
    }
    if (!quorate) {
      if (wasDc) {
        out.add(new Effect.Log("DC lost quorum: no new actions"));
        abort("quorum lost", out);
      }
      return;
    }
    if (wasDc && !newTerm) {
      dirty = true;
      return;
    }
    // A new DC: rebuild the status section from the members' reports; a configured node that is
    // not a member has an unknown state and is fenced before its resources are recovered.
    forgetDcState();
    out.add(new Effect.Log("became DC in term " + term + "; asking members for their status"));
    askMembersForReports(b -> b.mustFence = true, out);
  }

  private void forgetDcState() {
    book = new StatusBook();
    awaitingReports.clear();
    reAsked.clear();
    shutdownAllowed.clear();
    run = null;
    dirty = false;
    holdForRetry = false;
  }

  private void report(Event.NodeReport r, List<Effect> out) {
    if (!isDc() || r.term() != term || !members.contains(r.node())) {
      return;
    }
    StatusBook.NodeBook b = book.node(r.node());
    if (b.mustFence) {
      // Whatever it says, a node that left uncleanly is fenced first.
      awaitingReports.remove(r.node());
      return;
    }
    book.replace(r.node(), r.history(), r.attributes());
    b.expectedUp = true;
    awaitingReports.remove(r.node());
    dirty = true;
  }

  // ---------------------------------------------------------------- results

  private void result(Event.OperationResult r, long nowMs, List<Effect> out) {
    if (!isDc()) {
      return;
    }
    StatusBook.NodeBook b = book.node(r.node());
    if (b.mustFence || !members.contains(r.node())) {
      return; // a lost node's word counts for nothing until it is fenced
    }
    Step step = run == null ? null : run.match(r);
    if (r.task().equals("notify")) {
      // A notification is not resource history, and its failure fails nothing (Pacemaker): the
      // agent was told; what it does about it is its own affair.
      if (step != null) {
        step.state = StepState.DONE;
      }
      if (r.rc() != RC_OK || r.opStatus() != 0) {
        out.add(
            new Effect.Log(
                describe(r)
                    + " notification returned rc "
                    + r.rc()
                    + (r.exitReason().isEmpty() ? "" : " (" + r.exitReason() + ")")
                    + "; ignored"));
      }
      dirty = true;
      return;
    }
    int expected;
    if (step != null) {
      expected = step.expectedRc;
    } else if (r.intervalMs() > 0) {
      expected = monitorExpectedRc(r.resource(), r.intervalMs());
    } else if (r.task().equals("monitor")) {
      expected = RC_NOT_RUNNING;
    } else {
      expected = RC_OK;
    }
    boolean failed = record(r, expected, nowMs);
    if (step != null) {
      step.state = StepState.DONE;
      if (failed) {
        out.add(
            new Effect.Log(
                "transition "
                    + run.id
                    + ": "
                    + describe(r)
                    + " failed (rc "
                    + r.rc()
                    + ", expected "
                    + expected
                    + ")"));
        abort("an action failed", out);
      } else if (r.task().equals("monitor") && r.intervalMs() == 0 && r.rc() != RC_NOT_RUNNING) {
        abort("a probe found " + r.resource() + " active on " + r.node(), out);
      }
    } else if (r.transitionId() < 0 || failed) {
      out.add(
          new Effect.Log(
              describe(r)
                  + " reported rc "
                  + r.rc()
                  + (r.exitReason().isEmpty() ? "" : " (" + r.exitReason() + ")")));
      abort("a resource changed state", out);
    }
    dirty = true;
  }

  private static String describe(Event.OperationResult r) {
    return r.resource() + "_" + r.task() + "_" + r.intervalMs() + "@" + r.node();
  }

  /** Records a result in the status book; returns whether it counts as a failure. */
  private boolean record(Event.OperationResult r, int expected, long nowMs) {
    String hid = historyId(r.resource());
    StatusBook.NodeBook b = book.node(r.node());
    Map<String, LrmRscOp> entries = b.history.computeIfAbsent(hid, k -> new TreeMap<>());
    Primitive p = primitive(hid).orElse(null);
    if (p != null) {
      b.agents.put(hid, new String[] {p.resourceClass(), p.provider(), p.type()});
    }
    boolean probe = r.task().equals("monitor") && r.intervalMs() == 0;
    // OCF 1.1: "degraded" (190) and "degraded promoted" (191) succeed as 0 and 8 do (Pacemaker).
    int rc = r.rc() == RC_DEGRADED ? RC_OK : r.rc() == RC_DEGRADED_PROMOTED ? RC_PROMOTED : r.rc();
    boolean failed;
    if (r.opStatus() != 0 && r.opStatus() != 4) {
      failed = r.opStatus() != 1;
    } else if (probe) {
      failed = rc != RC_OK && rc != RC_NOT_RUNNING && rc != RC_PROMOTED;
    } else {
      failed = rc != expected;
    }
    if (r.task().equals("cancel")) {
      entries.remove(hid + "_monitor_" + r.intervalMs());
      return false;
    }
    long nowSec = nowMs / 1000;
    String opKey = hid + "_" + r.task() + "_" + r.intervalMs();
    String tkey = "0:" + Math.max(r.transitionId(), 0) + ":" + expected + ":paceline";
    LrmRscOp op =
        new LrmRscOp(
            r.intervalMs() > 0 ? hid + "_monitor_" + r.intervalMs() : hid + "_last_0",
            opKey,
            r.task(),
            book.nextCallId(),
            r.rc(),
            r.opStatus(),
            r.intervalMs(),
            nowSec,
            nowSec,
            r.execMs(),
            0L,
            null,
            tkey,
            r.opStatus() + ":" + r.rc() + ";" + tkey,
            migrateAttributes(r));
    entries.put(op.id(), op);
    if (failed) {
      LrmRscOp f =
          new LrmRscOp(
              hid + "_last_failure_0",
              opKey,
              r.task(),
              op.callId(),
              r.rc(),
              r.opStatus(),
              r.intervalMs(),
              nowSec,
              nowSec,
              r.execMs(),
              0L,
              null,
              tkey,
              op.transitionMagic(),
              Map.of());
      entries.put(f.id(), f);
      String suffix = hid + "#" + r.task() + "_" + r.intervalMs();
      String countKey = "fail-count-" + suffix;
      boolean fatalStart =
          r.task().equals("start")
              && ClusterOption.START_FAILURE_IS_FATAL.enabled(config.configuration());
      String count =
          fatalStart ? "INFINITY" : Integer.toString(parseCount(b.attributes.get(countKey)) + 1);
      b.attributes.put(countKey, count);
      b.attributes.put("last-failure-" + suffix, Long.toString(nowSec));
    } else if (r.task().equals("stop")) {
      // The executor cancelled the resource's recurring monitors with the stop.
      entries.keySet().removeIf(k -> k.startsWith(hid + "_monitor_"));
    }
    return failed;
  }

  private Map<String, String> migrateAttributes(Event.OperationResult r) {
    if (run == null || !r.task().startsWith("migrate_")) {
      return Map.of();
    }
    String[] st = run.migrations.get(r.resource());
    if (st == null) {
      return Map.of();
    }
    return Map.of("migrate_source", st[0], "migrate_target", st[1]);
  }

  private static int parseCount(String v) {
    if (v == null) {
      return 0;
    }
    if (v.equalsIgnoreCase("INFINITY") || v.equalsIgnoreCase("+INFINITY")) {
      return 1_000_000;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void fenced(Event.FenceResult f, List<Effect> out) {
    if (!isDc()) {
      return;
    }
    Step step = run == null ? null : run.fencing(f.target());
    if (f.ok()) {
      operatorFencing.remove(f.target());
      StatusBook.NodeBook b = book.node(f.target());
      b.mustFence = false;
      b.knownDown = !members.contains(f.target());
      b.expectedUp = false;
      b.reported = false;
      b.forgetResources();
      shuttingDown.remove(f.target());
      out.add(new Effect.Log(f.target() + " fenced: " + f.detail()));
      if (step != null) {
        step.state = StepState.DONE;
      }
      // Still in the view: what is there is the fenced instance, which runs nothing and will
      // leave. Asking it for a report would only time out and fence it once more.
      b.fencedWhileMember = members.contains(f.target());
      awaitingReports.remove(f.target());
      dirty = true;
    } else {
      out.add(new Effect.Log("fencing " + f.target() + " failed: " + f.detail() + "; will retry"));
      if (step != null) {
        step.state = StepState.DONE;
      }
      abort("fencing failed", out);
      holdForRetry = true;
      out.add(new Effect.SetTimer("fence-retry:" + term, 1_000));
    }
  }

  private void timer(String id, long nowMs, List<Effect> out) {
    if (id.equals(MINORITY_TIMER)) {
      enterMinority(out);
      return;
    }
    if (!isDc()) {
      return;
    }
    if (id.equals("reports:" + term)) {
      // A member that does not answer is asked once more (a request sent while it was still
      // joining may be lost); one that stays silent may still run anything: its state is
      // unknown, so it is fenced before anything it may run is recovered (Pacemaker fences a
      // node that fails to join, too).
      List<String> silent = new ArrayList<>();
      for (String n : List.copyOf(awaitingReports)) {
        if (reAsked.add(n)) {
          out.add(new Effect.RequestReport(n, term));
        } else {
          silent.add(n);
        }
      }
      if (!silent.isEmpty()) {
        out.add(
            new Effect.Log(
                "no status report from "
                    + String.join(",", silent)
                    + ": state unknown, to be fenced"));
        for (String n : silent) {
          book.node(n).mustFence = true;
          awaitingReports.remove(n);
        }
        dirty = true;
      }
      if (!awaitingReports.isEmpty()) {
        out.add(new Effect.SetTimer("reports:" + term, options.reportTimeoutMs()));
      }
    } else if (id.equals("fence-retry:" + term) || id.equals("quorum-retry:" + term)) {
      holdForRetry = false;
      dirty = true;
    } else if (id.equals("recheck")) {
      dirty = true;
    } else if (id.startsWith("op:") && run != null) {
      String[] w = id.split(":");
      if (w.length == 3 && Long.parseLong(w[1]) == run.id) {
        Step s = run.steps.get(Integer.parseInt(w[2]));
        if (s.state == StepState.RUNNING) {
          Action a = s.action;
          out.add(
              new Effect.Log(
                  "transition " + run.id + ": " + a.key() + "@" + a.node() + " timed out"));
          record(
              new Event.OperationResult(
                  a.node(), run.id, a.resource(), a.task(), a.intervalMs(), 1, 2, "timed out", 0),
              s.expectedRc,
              nowMs);
          s.state = StepState.DONE;
          abort("an action timed out", out);
          dirty = true;
        }
      }
    }
  }

  private void cleanup(Event.Cleanup c, List<Effect> out) {
    if (!isDc()) {
      return;
    }
    String hid = historyId(c.resource());
    for (Node n : config.configuration().nodes()) {
      if (c.node() != null && !c.node().equals(n.uname())) {
        continue;
      }
      StatusBook.NodeBook b = book.node(n.uname());
      b.attributes
          .keySet()
          .removeIf(
              k ->
                  k.startsWith("fail-count-" + hid + "#")
                      || k.startsWith("last-failure-" + hid + "#"));
      // Forgetting the history makes the next transition probe it again, as Pacemaker does.
      b.history.remove(hid);
    }
    out.add(new Effect.Log("cleaned up " + hid + (c.node() == null ? "" : " on " + c.node())));
    abort("cleanup", out);
    dirty = true;
  }

  // ---------------------------------------------------------------- transitions

  private void abort(String why, List<Effect> out) {
    if (run != null && !run.aborted) {
      run.aborted = true;
      out.add(new Effect.Log("transition " + run.id + " aborted: " + why));
    }
  }

  /** Dispatches what can run now; schedules anew when the transition is over and needed. */
  private void advance(long nowMs, List<Effect> out) {
    for (int guard = 0; guard < 8; guard++) {
      if (run != null) {
        run.dispatch(out);
        if (!run.finished()) {
          return;
        }
        if (run.ranSomething) {
          dirty = true;
        }
        out.add(
            new Effect.Log(
                "transition " + run.id + (run.aborted ? " stopped (aborted)" : " complete")));
        run = null;
        afterTransition(out);
      }
      if (!dirty || holdForRetry || !awaitingReports.isEmpty()) {
        return;
      }
      dirty = false;
      schedule(nowMs, out);
      if (run == null) {
        return;
      }
    }
  }

  private void afterTransition(List<Effect> out) {
    for (String n : shuttingDown) {
      if (members.contains(n) && !shutdownAllowed.contains(n) && !book.anyActive(n)) {
        shutdownAllowed.add(n);
        out.add(new Effect.Log(n + " has no resources left: it may shut down"));
        out.add(new Effect.AllowShutdown(n));
      }
    }
    // cluster-recheck-interval, as Pacemaker reads it: 15 min by default, 0 disables the recheck.
    long recheckMs = ClusterOption.CLUSTER_RECHECK_INTERVAL.durationMs(config.configuration());
    if (recheckMs > 0) {
      out.add(new Effect.SetTimer("recheck", recheckMs));
    }
  }

  private void schedule(long nowMs, List<Effect> out) {
    Cib input = snapshot(nowMs);
    out.add(new Effect.SaveSchedulerInput(++inputSequence, input));
    Transition t = Scheduler.schedule(input, nowMs / 1000);
    transitions++;
    Run r = new Run(nextTransitionId++, t);
    if (r.steps.isEmpty()) {
      return;
    }
    run = r;
    StringBuilder sb = new StringBuilder();
    for (SummaryItem s : t.summary()) {
      sb.append(sb.length() == 0 ? "" : "; ").append(s.verb()).append(" ").append(s.subject());
    }
    out.add(
        new Effect.Log(
            "transition "
                + r.id
                + " (input "
                + inputSequence
                + "): "
                + r.steps.size()
                + " actions"
                + (r.probesOnly ? " (fencing and probes first)" : "")
                + (sb.length() == 0 ? "" : ": " + sb)));
  }

  private enum StepState {
    WAITING,
    RUNNING,
    DONE
  }

  private static final class Step {
    final int index;
    final Action action;
    final int expectedRc;
    final boolean implied;
    StepState state = StepState.WAITING;

    Step(int index, Action action, int expectedRc, boolean implied) {
      this.index = index;
      this.action = action;
      this.expectedRc = expectedRc;
      this.implied = implied;
    }
  }

  /** One transition being carried out. */
  private final class Run {
    final long id;
    final List<Step> steps = new ArrayList<>();
    final Map<String, List<Step>> byKey = new HashMap<>();
    final Map<String, List<String>> firsts = new HashMap<>();
    final Set<String> uncleanNodes = new HashSet<>();
    final Map<String, String[]> migrations = new HashMap<>();
    final boolean probesOnly;
    boolean aborted;
    boolean ranSomething;

    /** A Raft round trip proved quorum after the last wave was decided: the next may go. */
    boolean quorumConfirmed;

    /** The token of the confirmation asked for, or -1. */
    long confirmToken = -1;

    Run(long id, Transition t) {
      this.id = id;
      for (NodeStatus n : t.nodes()) {
        if (n.unclean()) {
          uncleanNodes.add(n.name());
        }
      }
      List<Action> runnable = t.actions().stream().filter(Action::runnable).toList();
      boolean probes =
          runnable.stream()
              .anyMatch(
                  a ->
                      a.task().equals("monitor")
                          && a.intervalMs() == 0
                          && a.node() != null
                          && !uncleanNodes.contains(a.node()));
      boolean fencing = runnable.stream().anyMatch(a -> a.task().equals("stonith"));
      // Fencing and probes come first, on their own: what they find decides the rest, so the
      // transition after them is computed on confirmed fencing and probed state. Nothing is
      // started or promoted while a node is still to be fenced, even one whose resources this
      // DC does not know (a node it never heard from may run anything).
      this.probesOnly = probes || fencing;
      for (Action a : runnable) {
        boolean isProbe =
            a.task().equals("monitor")
                && a.intervalMs() == 0
                && a.node() != null
                && !uncleanNodes.contains(a.node());
        boolean implied = a.node() != null && uncleanNodes.contains(a.node()) && !isFence(a);
        if (probesOnly && !isProbe && !isFence(a) && !implied) {
          continue;
        }
        Step s = new Step(steps.size(), a, expectedRc(a), implied);
        steps.add(s);
        byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(s);
      }
      for (Action a : runnable) {
        if (a.task().equals("migrate_to") || a.task().equals("migrate_from")) {
          String[] st = migrations.computeIfAbsent(a.resource(), k -> new String[2]);
          st[a.task().equals("migrate_to") ? 0 : 1] = a.node();
        }
      }
      for (OrderEdge e : t.orders()) {
        if (byKey.containsKey(e.first()) && byKey.containsKey(e.then())) {
          firsts.computeIfAbsent(e.then(), k -> new ArrayList<>()).add(e.first());
        }
      }
    }

    boolean isFence(Action a) {
      return a.task().equals("stonith");
    }

    /** Starting, promoting, migrating in or fencing needs quorum proved by a Raft round trip. */
    boolean needsQuorum(Action a) {
      return switch (a.task()) {
        case "start", "promote", "migrate_to", "migrate_from", "stonith" -> true;
        default -> false;
      };
    }

    void dispatch(List<Effect> out) {
      boolean waiting = false;
      boolean sentGated = false;
      boolean progress = true;
      while (progress) {
        progress = false;
        int limit = batchLimit();
        int running = (int) steps.stream().filter(s -> s.state == StepState.RUNNING).count();
        for (Step s : steps) {
          if (s.state != StepState.WAITING || aborted || !ready(s)) {
            continue;
          }
          Action a = s.action;
          if (s.implied) {
            // An action on an unclean node: the node's fencing stands in for it.
            String fence = "stonith-" + a.node() + "-reboot";
            List<Step> f = byKey.get(fence);
            if (f != null && f.stream().allMatch(x -> x.state == StepState.DONE)) {
              s.state = StepState.DONE;
              progress = true;
            }
            continue;
          }
          if (a.node() == null) {
            s.state = StepState.DONE; // pseudo action
            progress = true;
            continue;
          }
          if (limit > 0 && running >= limit) {
            continue;
          }
          if (needsQuorum(a) && !quorumConfirmed) {
            waiting = true; // after the confirmation
            continue;
          }
          if (needsQuorum(a)) {
            sentGated = true;
          }
          if (isFence(a)) {
            out.add(new Effect.Fence(a.node(), stonithAction(), fenceReason(a.node())));
          } else {
            if (!members.contains(a.node())) {
              continue; // it left: the membership change aborted this transition
            }
            out.add(
                new Effect.RunOperation(
                    a.node(),
                    id,
                    a.resource(),
                    a.task(),
                    a.intervalMs(),
                    timeoutMs(a),
                    s.expectedRc,
                    migrations.getOrDefault(a.resource(), new String[2])[0],
                    migrations.getOrDefault(a.resource(), new String[2])[1],
                    config.version(),
                    a.meta()));
            out.add(
                new Effect.SetTimer(
                    "op:" + id + ":" + s.index, timeoutMs(a) + options.operationGraceMs()));
          }
          s.state = StepState.RUNNING;
          ranSomething = true;
          running++;
          progress = true;
        }
      }
      if (sentGated) {
        quorumConfirmed = false; // each wave of starts needs its own proof
      }
      if (waiting && !quorumConfirmed && confirmToken < 0) {
        confirmToken = nextConfirmToken++;
        out.add(new Effect.ConfirmQuorum(confirmToken));
      }
    }

    private boolean ready(Step s) {
      for (String first : firsts.getOrDefault(s.action.key(), List.of())) {
        for (Step f : byKey.get(first)) {
          if (f.state != StepState.DONE) {
            return false;
          }
        }
      }
      return true;
    }

    /** Finished: nothing is running and nothing waiting can run any more. */
    boolean finished() {
      for (Step s : steps) {
        if (s.state == StepState.RUNNING) {
          return false;
        }
      }
      if (confirmToken >= 0 && !aborted) {
        return false;
      }
      if (aborted) {
        return true;
      }
      for (Step s : steps) {
        if (s.state == StepState.WAITING && canEverRun(s, new HashSet<>())) {
          return false;
        }
      }
      return true;
    }

    private boolean canEverRun(Step s, Set<Step> seen) {
      if (s.state == StepState.DONE || s.state == StepState.RUNNING) {
        return true;
      }
      if (!seen.add(s)) {
        return false;
      }
      if (s.implied && byKey.get("stonith-" + s.action.node() + "-reboot") == null) {
        return false;
      }
      if (s.action.node() != null
          && !s.implied
          && !isFence(s.action)
          && !members.contains(s.action.node())) {
        return false;
      }
      for (String first : firsts.getOrDefault(s.action.key(), List.of())) {
        for (Step f : byKey.get(first)) {
          if (!canEverRun(f, seen)) {
            return false;
          }
        }
      }
      if (s.implied) {
        for (Step f : byKey.get("stonith-" + s.action.node() + "-reboot")) {
          if (!canEverRun(f, seen)) {
            return false;
          }
        }
      }
      return true;
    }

    Step match(Event.OperationResult r) {
      if (r.transitionId() != id) {
        return null;
      }
      for (Step s : steps) {
        Action a = s.action;
        if (s.state == StepState.RUNNING
            && r.node().equals(a.node())
            && r.resource().equals(a.resource())
            && r.task().equals(a.task())
            && r.intervalMs() == a.intervalMs()) {
          return s;
        }
      }
      return null;
    }

    Step fencing(String target) {
      List<Step> f = byKey.get("stonith-" + target + "-reboot");
      if (f == null) {
        return null;
      }
      for (Step s : f) {
        if (s.state == StepState.RUNNING) {
          return s;
        }
      }
      return null;
    }

    void nodeLost(String node) {
      for (Step s : steps) {
        if (s.state == StepState.RUNNING && node.equals(s.action.node()) && !isFence(s.action)) {
          s.state = StepState.DONE; // lost with its node; the node is fenced before recovery
        }
      }
    }
  }

  private String fenceReason(String node) {
    if (operatorFencing.contains(node)) {
      return "an operator asked to fence " + node + " (crm node fence)";
    }
    return node + " left the cluster uncleanly or its state is unknown";
  }

  private String stonithAction() {
    return ClusterOption.STONITH_ACTION.word(config.configuration());
  }

  private int batchLimit() {
    return ClusterOption.BATCH_LIMIT.integer(config.configuration());
  }

  private int expectedRc(Action a) {
    if (a.task().equals("monitor")) {
      if (a.intervalMs() == 0) {
        return RC_NOT_RUNNING;
      }
      return monitorExpectedRc(a.resource(), a.intervalMs());
    }
    return RC_OK;
  }

  private int monitorExpectedRc(String resource, long intervalMs) {
    return primitive(historyId(resource))
        .flatMap(p -> op(p, "monitor", intervalMs))
        .map(o -> o.role() == Role.PROMOTED ? RC_PROMOTED : RC_OK)
        .orElse(RC_OK);
  }

  private long timeoutMs(Action a) {
    String task = a.task().equals("cancel") ? "monitor" : a.task();
    Optional<Primitive> p = primitive(historyId(a.resource()));
    long t =
        p.flatMap(x -> op(x, task, a.intervalMs()))
            .map(Op::timeoutMs)
            .filter(v -> v > 0)
            .orElse(-1L);
    if (t > 0) {
      return t;
    }
    return config.configuration().opDefaults().stream()
        .map(s -> NvSet.lookup(List.of(s), "timeout"))
        .flatMap(Optional::stream)
        .findFirst()
        .map(
            v -> {
              try {
                return org.paceline.cib.IntervalSpec.toMs(v);
              } catch (RuntimeException e) {
                return options.defaultOperationTimeoutMs();
              }
            })
        .orElse(options.defaultOperationTimeoutMs());
  }

  private static Optional<Op> op(Primitive p, String name, long intervalMs) {
    return p.operations().stream()
        .filter(o -> name.equals(o.name()) && o.intervalMs() == intervalMs)
        .findFirst();
  }

  private Optional<Primitive> primitive(String id) {
    return config
        .configuration()
        .allResources()
        .filter(r -> r instanceof Primitive && r.id().equals(id))
        .map(r -> (Primitive) r)
        .findFirst();
  }

  /**
   * The status section's id for a resource instance: an anonymous clone's instances share the
   * primitive's id ({@code db:1} is recorded as {@code db}), as in Pacemaker.
   */
  private String historyId(String resource) {
    String base = HistoryIds.baseId(resource);
    return !base.equals(resource) && anonymousClonePrimitives().contains(base) ? base : resource;
  }

  private Set<String> anonymousCache;
  private Cib anonymousCacheFor;

  private Set<String> anonymousClonePrimitives() {
    if (anonymousCacheFor != config) {
      anonymousCache = config.configuration().anonymousClonePrimitiveIds();
      anonymousCacheFor = config;
    }
    return anonymousCache;
  }

  /** For logs and tests: the CIB version this controller acts on. */
  public CibVersion configurationVersion() {
    return config.version();
  }

  /** For the status view: which nodes this DC holds as to be fenced. */
  public Set<String> nodesToFence() {
    Set<String> out = new TreeSet<>();
    for (Node n : config.configuration().nodes()) {
      if (book.node(n.uname()).mustFence) {
        out.add(n.uname());
      }
    }
    return out;
  }
}
