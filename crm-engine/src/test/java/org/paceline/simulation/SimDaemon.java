package org.paceline.simulation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.paceline.cib.Cib;
import org.paceline.controller.Controller;
import org.paceline.controller.ControllerOptions;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.daemon.ClusterPort;
import org.paceline.daemon.ControllerHost;
import org.paceline.daemon.DaemonLog;
import org.paceline.daemon.HostRuntime;
import org.paceline.daemon.RunnerNodeSide;
import org.paceline.executor.Clock;
import org.paceline.simulation.SimNode.RState;

/**
 * One incarnation of a simulated node's daemon: the REAL {@link ControllerHost}, {@link
 * RunnerNodeSide} and executor, on simulated ports. Its event loop, timers and agent workers are
 * events on the simulation's queue, run only while this incarnation lives and deferred while the
 * daemon is hung (SIGSTOP); agents ({@link SimAgents}) act on the machine's actual state, which
 * outlives the daemon; messages go over the simulated network; the leader and quorum proofs come
 * from the Raft stand-in; fencing from {@link SimFenceDevice}. A dead incarnation's worker still
 * finishes its agent action (the agent process survives a kill -9), but nothing it sends arrives.
 */
final class SimDaemon implements HostRuntime, ClusterPort {
  private final Simulation sim;
  private final SimNode node;
  private final int inc;
  final Controller controller;
  final ControllerHost host;
  RunnerNodeSide side;

  SimDaemon(Simulation sim, SimNode node, Cib initial) {
    this.sim = sim;
    this.node = node;
    this.inc = node.daemonInc;
    this.controller = new Controller(node.name, ControllerOptions.DEFAULTS);
    DaemonLog log =
        new DaemonLog(
            node.name,
            line -> {
              if (sim.opts.verbose()) {
                System.out.println(sim.elapsed() + " log " + line);
              }
            });
    Executor workers =
        task -> {
          int powerInc = node.powerInc;
          long ms = sim.between(5, 200);
          sim.after(
              ms,
              () -> {
                if (node.powered && node.powerInc == powerInc) {
                  node.agentRunMs = ms;
                  task.run();
                }
              });
        };
    RunnerNodeSide.Ports ports =
        new RunnerNodeSide.Ports(
            this::now,
            this::now,
            this,
            this,
            workers,
            new SimAgents(sim, node, inc),
            () -> new TreeMap<>(node.attributes),
            Map::of,
            sink -> new SimFenceDevice(sim, node, sink),
            () -> {});
    this.host =
        new ControllerHost(
            node.name,
            controller,
            this,
            this,
            () -> sim.log.get(Math.max(0, node.configDelivered)),
            sink -> {
              side = new RunnerNodeSide(node.name, initial, observed(sink), ports, log);
              sim.breakNodeSide.accept(node.name, side);
              return new ObservedSide(side);
            },
            input -> {},
            log,
            name -> {});
    host.onStep(
        new ControllerHost.StepListener() {
          @Override
          public void stepped(Event event, List<Effect> effects) {
            sim.stepped(node, event, effects);
          }

          @Override
          public void failed(Event event, RuntimeException error) {
            Simulation.Violation v =
                sim.violation("controller-exception", node.name + ": " + error);
            v.initCause(error);
            throw v;
          }
        });
  }

  private boolean current() {
    return node.daemonUp && node.daemonInc == inc;
  }

  /**
   * What the node side sends its host, seen by the checks first: the answer ledger, and the fence
   * device's registration (the real {@code FencingDeviceResource} keeps it in daemon memory).
   */
  private Consumer<Event> observed(Consumer<Event> sink) {
    return e -> {
      if (current() && e instanceof Event.OperationResult r) {
        sim.checks.answered(node, inc, r);
        if (r.resource().equals(SimNode.FENCE_DEVICE) && r.rc() == 0) {
          if (r.task().equals("start")) {
            node.actual.put(SimNode.FENCE_DEVICE, RState.STARTED);
          } else if (r.task().equals("stop")) {
            node.actual.remove(SimNode.FENCE_DEVICE);
          }
        }
      }
      sink.accept(e);
    };
  }

  /** The node side as the host sees it; the checks see each operation it is asked to run. */
  private final class ObservedSide implements ControllerHost.NodeSide {
    private final RunnerNodeSide real;

    ObservedSide(RunnerNodeSide real) {
      this.real = real;
    }

    @Override
    public void configure(Cib configuration) {
      real.configure(configuration);
    }

    @Override
    public void run(Effect.RunOperation op) {
      if (current()) {
        sim.checks.asked(node, inc, op);
      }
      real.run(op);
    }

    @Override
    public Event.NodeReport report(long term) {
      return real.report(term);
    }

    @Override
    public void fence(Effect.Fence f) {
      real.fence(f);
    }

    @Override
    public void close() {
      real.close();
    }
  }

  // ------------------------------------------------------------------ HostRuntime

  private long now() {
    return sim.now;
  }

  @Override
  public void execute(Runnable task) {
    sim.after(0, () -> sim.onNode(node, inc, task));
  }

  @Override
  public Cancellable schedule(long delayMs, Runnable task) {
    boolean[] cancelled = {false};
    sim.after(
        delayMs,
        () ->
            sim.onNode(
                node,
                inc,
                () -> {
                  if (!cancelled[0]) {
                    task.run();
                  }
                }));
    return () -> cancelled[0] = true;
  }

  @Override
  public Clock wallClock() {
    return this::now;
  }

  @Override
  public Clock monotonicClock() {
    return this::now;
  }

  // ------------------------------------------------------------------ ClusterPort

  @Override
  public boolean send(String to, Object message) {
    if (!current() || !node.view.contains(to)) {
      return false;
    }
    SimNode t = sim.nodes.get(to);
    // A hung daemon sends nothing until it resumes.
    sim.onNode(
        node, inc, () -> sim.send(node, inc, t, () -> t.daemon.host.received(node.name, message)));
    return true;
  }

  @Override
  public String leader() {
    return node.dcName;
  }

  /**
   * A Raft round trip (a no-op commit): it succeeds only when this node is the true leader of a
   * partition that truly holds a majority, both when it is sent and when a majority has
   * acknowledged it (2-40 ms later); otherwise it fails (jgroups-raft: "not the leader", or the
   * commit times out).
   */
  @Override
  public void confirmQuorum(Consumer<Boolean> answer) {
    boolean sent = node.name.equals(sim.leader) && sim.leaderOk();
    sim.after(
        sim.between(2, 40),
        () -> answer.accept(sent && node.name.equals(sim.leader) && sim.leaderOk()));
  }

  @Override
  public void close() {
    // Nothing to stop: a dead incarnation's queued work is dropped by its incarnation number.
  }
}
