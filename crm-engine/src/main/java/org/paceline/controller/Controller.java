package org.paceline.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.Cib;
import org.paceline.cib.CibVersion;
import org.paceline.cib.Node;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;
import org.paceline.transition.Migration;
import org.paceline.transition.Step;
import org.paceline.transition.StepState;
import org.paceline.transition.TransitionWalker;
import org.paceline.transition.Wave;

/**
 * The controller of one node. On the DC (Raft leader with quorum) it keeps the status section, runs
 * the scheduler whenever anything changes and walks the resulting transition: it dispatches each
 * action once the actions ordered before it are done, fences unclean nodes and counts their
 * resources as stopped only once fencing is confirmed, and starts a new transition when a result
 * differs from what was expected. Elsewhere it does nothing: non-DC nodes only run what the DC
 * sends (the node adapters do that). Pure: no I/O, no clock, no randomness.
 */
public final class Controller {
  private static final int RC_OK = OcfExitCode.SUCCESS.code();
  private static final int RC_NOT_RUNNING = OcfExitCode.NOT_RUNNING.code();

  private final String self;
  private final ControllerOptions options;

  private Cib config = new Cib(null, null, null, null, null, Map.of(), null, List.of(), List.of());
  private ActionSettings settings;

  /**
   * The nodes this controller coordinates: the view's members, or (in {@link #minority} mode) this
   * node alone.
   */
  private Set<String> members = Set.of();

  /** The view's members as membership last said, whatever this controller coordinates. */
  private Set<String> view = Set.of();

  private boolean dc;
  private boolean quorate;

  /** Whether this node is cut off from the majority, and acts alone. */
  private final ActingAlone alone = new ActingAlone();

  private long term = -1;
  private StatusBook book = new StatusBook();
  private final Set<String> awaitingReports = new TreeSet<>();
  private final Set<String> reAsked = new TreeSet<>();
  private final Set<String> shuttingDown = new TreeSet<>();

  /** Nodes an operator asked to fence ({@code crm node fence}) that are not fenced yet. */
  private final Set<String> operatorFencing = new TreeSet<>();

  private final Set<String> shutdownAllowed = new TreeSet<>();
  private TransitionWalker run;
  private boolean dirty;
  private boolean holdForRetry;
  private long nextTransitionId = 1;
  private long nextConfirmToken = 1;
  private long inputSequence;
  private long transitions;

  public Controller(String self, ControllerOptions options) {
    this.self = self;
    this.options = options;
    this.settings = new ActionSettings(config, options.defaultOperationTimeoutMs());
  }

  /**
   * Whether this node acts as DC: the Raft leader with quorum, or (in {@link #minority} mode) the
   * coordinator of its own partition without quorum, which can only stop and demote there.
   */
  public boolean isDc() {
    return (dc && quorate) || alone.active();
  }

  /**
   * Whether this node, cut off in a partition without a majority of voters, applies
   * no-quorum-policy to its own resources (Pacemaker's partition without quorum: its DC stops
   * them). The scheduler sees no quorum, so it plans no start, promotion or fencing; the walker
   * could not prove quorum for them either.
   */
  public boolean minority() {
    return alone.active();
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
    return run == null ? -1 : run.id();
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
    Map<String, String> attrs = alone.cibAttributes(config.otherAttributes());
    Cib c =
        new Cib(
            config.version(),
            config.validateWith(),
            quorate,
            dcId,
            nowSec,
            attrs,
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
    settings = new ActionSettings(config, options.defaultOperationTimeoutMs());
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
    if (!isDc() || run == null || q.token() != run.confirmToken()) {
      return;
    }
    run.quorumAnswered(q.ok());
    if (!q.ok()) {
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
    view = Set.copyOf(now);
    if (alone.active()) {
      // Acting alone coordinates this node only: a peer that comes into view (the majority
      // healing, or another cut-off node) has its own DC or coordinates itself, and a node
      // without quorum must not run operations there (it would stop the majority's resources).
      members = view.contains(self) ? Set.of(self) : Set.of();
      return;
    }
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
    ActingAlone.Change change = alone.view(hasMajority);
    if (change == ActingAlone.Change.START_GRACE) {
      out.add(new Effect.SetTimer(ActingAlone.TIMER, options.minorityGraceMs()));
    } else if (change == ActingAlone.Change.LEFT) {
      members = view;
      out.add(new Effect.Log("the partition holds a majority again: no longer acting alone"));
      if (!(dc && quorate)) {
        forgetDcState();
      } else {
        dirty = true;
      }
    }
  }

  /** The view still lacks a majority after the grace period: act on this node's resources. */
  private void enterMinority(List<Effect> out) {
    if (!alone.enter(dc && quorate)) {
      return;
    }
    members = view.contains(self) ? Set.of(self) : Set.of();
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
    if (alone.active() && !l.quorate()) {
      // Still cut off: Raft terms may move (elections that cannot win); keep acting alone.
      dc = l.dc();
      quorate = false;
      term = l.term();
      return;
    }
    if (alone.active() && alone.leave()) {
      members = view;
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
    alone.reset();
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
    Step step =
        run == null
            ? null
            : run.match(r.transitionId(), r.node(), r.resource(), r.task(), r.intervalMs())
                .orElse(null);
    if (r.task().equals("notify")) {
      // A notification is not resource history, and its failure fails nothing (Pacemaker): the
      // agent was told; what it does about it is its own affair.
      if (step != null) {
        run.complete(step);
      }
      if (r.rc() != RC_OK || r.opStatus() != ExecStatus.DONE.code()) {
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
      expected = step.expectedRc();
    } else if (r.intervalMs() > 0) {
      expected = settings.monitorExpectedRc(r.resource(), r.intervalMs());
    } else if (r.task().equals("monitor")) {
      expected = RC_NOT_RUNNING;
    } else {
      expected = RC_OK;
    }
    boolean failed = record(r, expected, nowMs);
    if (step != null) {
      run.complete(step);
      if (failed) {
        out.add(
            new Effect.Log(
                "transition "
                    + run.id()
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
    Map<String, String> migrate = Map.of();
    if (run != null && r.task().startsWith("migrate_")) {
      migrate =
          run.migration(r.resource())
              .map(m -> Map.of("migrate_source", m.source(), "migrate_target", m.target()))
              .orElse(Map.of());
    }
    return book.record(r, expected, nowMs, settings, migrate);
  }

  private void fenced(Event.FenceResult f, List<Effect> out) {
    if (!isDc()) {
      return;
    }
    Step step = run == null ? null : run.runningFencing(f.target()).orElse(null);
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
        run.complete(step);
      }
      // Still in the view: what is there is the fenced instance, which runs nothing and will
      // leave. Asking it for a report would only time out and fence it once more.
      b.fencedWhileMember = members.contains(f.target());
      awaitingReports.remove(f.target());
      dirty = true;
    } else {
      out.add(new Effect.Log("fencing " + f.target() + " failed: " + f.detail() + "; will retry"));
      if (step != null) {
        run.complete(step);
      }
      abort("fencing failed", out);
      holdForRetry = true;
      out.add(new Effect.SetTimer("fence-retry:" + term, 1_000));
    }
  }

  private void timer(String id, long nowMs, List<Effect> out) {
    if (id.equals(ActingAlone.TIMER)) {
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
      if (w.length == 3 && Long.parseLong(w[1]) == run.id()) {
        Step s = run.step(Integer.parseInt(w[2]));
        if (s.state() == StepState.RUNNING) {
          Action a = s.action();
          out.add(
              new Effect.Log(
                  "transition " + run.id() + ": " + a.key() + "@" + a.node() + " timed out"));
          record(
              new Event.OperationResult(
                  a.node(),
                  run.id(),
                  a.resource(),
                  a.task().pacemakerName(),
                  a.intervalMs(),
                  OcfExitCode.GENERIC_ERROR.code(),
                  ExecStatus.TIMEOUT.code(),
                  "timed out",
                  0),
              s.expectedRc(),
              nowMs);
          run.complete(s);
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
    String hid = settings.historyId(c.resource());
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
    if (run != null && run.abort()) {
      out.add(new Effect.Log("transition " + run.id() + " aborted: " + why));
    }
  }

  /** Dispatches what can run now; schedules anew when the transition is over and needed. */
  private void advance(long nowMs, List<Effect> out) {
    for (int guard = 0; guard < 8; guard++) {
      if (run != null) {
        dispatch(out);
        if (!run.finished(members)) {
          return;
        }
        if (run.ranSomething()) {
          dirty = true;
        }
        out.add(
            new Effect.Log(
                "transition " + run.id() + (run.aborted() ? " stopped (aborted)" : " complete")));
        run = null;
        afterTransition(out);
      }
      if (!dirty || holdForRetry || alone.selfFenced() || !awaitingReports.isEmpty()) {
        return;
      }
      dirty = false;
      schedule(nowMs, out);
      if (run == null && !alone.armPanic(config.configuration())) {
        return;
      }
      if (run == null) {
        dirty = true;
        out.add(new Effect.Log("no-quorum-policy=suicide: resources stopped; fencing this node"));
      }
    }
  }

  /** Carries out what the walker may run now: operations to nodes' executors, fencing. */
  private void dispatch(List<Effect> out) {
    Wave wave = run.dispatch(members, settings.batchLimit());
    for (Step s : wave.started()) {
      Action a = s.action();
      if (TransitionWalker.isFence(a)) {
        out.add(new Effect.Fence(a.node(), settings.stonithAction(), fenceReason(a.node())));
        continue;
      }
      long timeoutMs = settings.timeoutMs(a);
      Migration m = run.migration(a.resource()).orElse(new Migration(null, null));
      out.add(
          new Effect.RunOperation(
              a.node(),
              run.id(),
              a.resource(),
              a.task().pacemakerName(),
              a.intervalMs(),
              timeoutMs,
              s.expectedRc(),
              m.source(),
              m.target(),
              config.version(),
              a.meta()));
      out.add(
          new Effect.SetTimer(
              "op:" + run.id() + ":" + s.index(), timeoutMs + options.operationGraceMs()));
    }
    if (wave.confirmQuorum()) {
      long token = nextConfirmToken++;
      run.confirmationAsked(token);
      out.add(new Effect.ConfirmQuorum(token));
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
    long recheckMs = settings.recheckMs();
    if (recheckMs > 0) {
      out.add(new Effect.SetTimer("recheck", recheckMs));
    }
  }

  private void schedule(long nowMs, List<Effect> out) {
    Cib input = snapshot(nowMs);
    out.add(new Effect.SaveSchedulerInput(++inputSequence, input));
    Transition t = Scheduler.schedule(input, nowMs / 1000);
    transitions++;
    String selfFencing = alone.selfFencing(t, self);
    if (selfFencing != null) {
      // No device, no quorum proof: a node cut off may always take itself down, and nothing
      // after it counts (its fencing is confirmed by no one).
      String why =
          "cut off without quorum, and the scheduler fences this node (" + selfFencing + ")";
      out.add(new Effect.Log("fencing this node itself: " + why));
      out.add(new Effect.SelfFence(why));
      return;
    }
    TransitionWalker r = new TransitionWalker(nextTransitionId++, t, settings::expectedRc);
    if (r.isEmpty()) {
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
                + r.id()
                + " (input "
                + inputSequence
                + "): "
                + r.steps().size()
                + " actions"
                + (r.probesOnly() ? " (fencing and probes first)" : "")
                + (sb.length() == 0 ? "" : ": " + sb)));
  }

  private String fenceReason(String node) {
    if (operatorFencing.contains(node)) {
      return "an operator asked to fence " + node + " (crm node fence)";
    }
    return node + " left the cluster uncleanly or its state is unknown";
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
