package org.paceline.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.paceline.agents.AgentId;
import org.paceline.agents.OcfAction;
import org.paceline.agents.OcfAgentDirectory;
import org.paceline.agents.OcfExitCode;
import org.paceline.agents.OcfRunnerLimits;
import org.paceline.cib.Cib;
import org.paceline.cib.Clone;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.executor.ExecutorLimits;
import org.paceline.executor.LocalExecutor;
import org.paceline.executor.OperationRecord;
import org.paceline.executor.ResourceSpec;
import org.paceline.executor.SystemTimers;
import org.paceline.fencing.DelayRandom;
import org.paceline.fencing.FenceAction;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceHistory;
import org.paceline.fencing.FenceOutcome;
import org.paceline.fencing.FenceRequest;
import org.paceline.fencing.Fencer;
import org.paceline.fencing.config.CibFencing;
import org.paceline.fencing.config.FencingConfig;
import org.paceline.fencing.config.FencingConfigLoad;

/**
 * What a real node does for the controller: runs the DC's operations on the {@link LocalExecutor}
 * (OCF agents from the node's OCF root), reports its history to a new DC, notices changes found by
 * recurring monitors, and, on the DC, fences through the {@link Fencer} configured from the CIB.
 * Fencing devices themselves ({@code class="stonith"} primitives) are not agents the executor runs:
 * their start/stop/monitor only record where the device is "running", as in Pacemaker.
 */
final class ExecutorNodeSide implements ControllerHost.NodeSide {
  private final String self;
  private final Path fenceAgentDir;
  private final FenceHistory fenceHistory;
  private final DaemonLog log;
  private final ExecutorService workers = Executors.newFixedThreadPool(4, daemon("executor"));
  private final ExecutorService fencing = Executors.newSingleThreadExecutor(daemon("fencer"));
  private final SystemTimers timers = new SystemTimers();
  private final LocalExecutor lrm;
  private final Object lock = new Object();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<Long, OperationRecord> early = new HashMap<>();
  private final Map<String, Pending> firstMonitor = new HashMap<>();
  private final Map<String, Integer> lastMonitorRc = new HashMap<>();
  private final Map<String, AgentId> agents = new TreeMap<>();
  private final Map<String, Boolean> devices = new TreeMap<>();
  private volatile Consumer<Event.OperationResult> monitorSink = r -> {};

  private record Pending(Effect.RunOperation op, Consumer<Event.OperationResult> done) {}

  ExecutorNodeSide(String self, Path ocfRoot, Path fenceAgentDir, Path dataDir, DaemonLog log) {
    this.self = self;
    this.fenceAgentDir = fenceAgentDir;
    this.fenceHistory = new FenceHistory(dataDir.resolve("fencing").resolve("history.jsonl"));
    this.log = log;
    OcfAgentDirectory dir = new OcfAgentDirectory(ocfRoot, OcfRunnerLimits.DEFAULTS);
    this.lrm =
        new LocalExecutor(
            dir::agent, workers, timers, timers, ExecutorLimits.DEFAULTS, this::onResult);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void onMonitorChange(Consumer<Event.OperationResult> sink) {
    this.monitorSink = sink;
  }

  @Override
  public void run(Effect.RunOperation op, Cib cib, Consumer<Event.OperationResult> done) {
    String id = baseId(op.resource(), cib);
    Optional<Primitive> p = primitive(cib, id);
    if (p.isEmpty()) {
      done.accept(result(op, 5, 0, "no resource '" + id + "' in the configuration", 0));
      return;
    }
    if ("stonith".equals(p.get().resourceClass())) {
      device(op, id, done);
      return;
    }
    AgentId agent =
        new AgentId(
            p.get().resourceClass(),
            p.get().provider() == null ? "heartbeat" : p.get().provider(),
            p.get().type());
    synchronized (lock) {
      agents.put(id, agent);
    }
    ResourceSpec spec =
        new ResourceSpec(id, agent, new TreeMap<>(parameters(p.get())), meta(cib, op, id));
    Optional<OcfAction> action = OcfAction.parse(op.task());
    OcfExitCode expected = OcfExitCode.of(op.expectedRc()).orElse(OcfExitCode.SUCCESS);
    if (op.task().equals("cancel")) {
      lrm.cancelRecurring(id, op.intervalMs());
      synchronized (lock) {
        lastMonitorRc.remove(id + "\0" + op.intervalMs());
      }
      done.accept(result(op, 0, 0, "", 0));
      return;
    }
    if (action.isEmpty()) {
      done.accept(result(op, 3, 0, "unsupported action " + op.task(), 0));
      return;
    }
    if (action.get() == OcfAction.MONITOR && op.intervalMs() > 0) {
      synchronized (lock) {
        firstMonitor.put(id + "\0" + op.intervalMs(), new Pending(op, done));
        lastMonitorRc.remove(id + "\0" + op.intervalMs());
      }
      lrm.startRecurring(spec, op.intervalMs(), op.timeoutMs(), expected);
      return;
    }
    synchronized (lock) {
      long call = lrm.submit(spec, action.get(), 0, op.timeoutMs(), expected);
      OperationRecord r = early.remove(call);
      if (r != null) {
        done.accept(toResult(op, r));
      } else {
        pending.put(call, new Pending(op, done));
      }
    }
  }

  private void device(Effect.RunOperation op, String id, Consumer<Event.OperationResult> done) {
    int rc;
    synchronized (lock) {
      switch (op.task()) {
        case "start" -> {
          devices.put(id, true);
          rc = 0;
        }
        case "stop" -> {
          devices.remove(id);
          rc = 0;
        }
        case "monitor" -> rc = devices.containsKey(id) ? 0 : 7;
        default -> rc = 0;
      }
    }
    done.accept(result(op, rc, 0, "", 0));
  }

  private void onResult(OperationRecord r) {
    Consumer<Event.OperationResult> sink = null;
    Event.OperationResult event = null;
    synchronized (lock) {
      Pending p = pending.remove(r.callId());
      if (p != null) {
        p.done().accept(toResult(p.op(), r));
        return;
      }
      if (r.key().intervalMs() == 0) {
        early.put(r.callId(), r);
        return;
      }
      String key = r.key().resourceId() + "\0" + r.key().intervalMs();
      Pending first = firstMonitor.remove(key);
      Integer last = lastMonitorRc.put(key, r.rc().code());
      if (first != null) {
        first.done().accept(toResult(first.op(), r));
        return;
      }
      if (last != null && last != r.rc().code()) {
        event =
            new Event.OperationResult(
                self,
                -1,
                r.key().resourceId(),
                "monitor",
                r.key().intervalMs(),
                r.rc().code(),
                r.result().timedOut() ? 2 : 0,
                r.result().exitReason(),
                r.execTimeMs());
        sink = monitorSink;
      }
    }
    if (sink != null) {
      log.info(
          "monitor changed",
          "resource",
          r.key().resourceId(),
          "interval_ms",
          r.key().intervalMs(),
          "rc",
          r.rc().code());
      sink.accept(event);
    }
  }

  private Event.OperationResult toResult(Effect.RunOperation op, OperationRecord r) {
    return result(
        op, r.rc().code(), r.result().timedOut() ? 2 : 0, r.result().exitReason(), r.execTimeMs());
  }

  private Event.OperationResult result(
      Effect.RunOperation op, int rc, int status, String reason, long ms) {
    return new Event.OperationResult(
        self,
        op.transitionId(),
        op.resource(),
        op.task(),
        op.intervalMs(),
        rc,
        status,
        reason == null ? "" : reason,
        ms);
  }

  @Override
  public Event.NodeReport report(long term) {
    List<LrmResource> out = new ArrayList<>();
    synchronized (lock) {
      devices.forEach(
          (id, on) ->
              out.add(
                  new LrmResource(
                      id,
                      "stonith",
                      null,
                      "device",
                      List.of(op(id + "_last_0", id, "start", 0, 0, 1, 0)),
                      Map.of())));
    }
    int call = 1;
    for (String id : lrm.resources()) {
      AgentId agent;
      synchronized (lock) {
        agent = agents.get(id);
      }
      if (agent == null) {
        continue;
      }
      List<OperationRecord> h = lrm.history(id);
      OperationRecord lastOneShot = null;
      OperationRecord lastFailure = null;
      Map<Long, OperationRecord> monitors = new TreeMap<>();
      for (OperationRecord r : h) {
        if (r.key().intervalMs() == 0) {
          lastOneShot = r;
        } else {
          monitors.put(r.key().intervalMs(), r);
        }
        if (r.failed()) {
          lastFailure = r;
        }
      }
      List<LrmRscOp> ops = new ArrayList<>();
      if (lastFailure != null) {
        ops.add(record(id + "_last_failure_0", id, lastFailure, call++));
      }
      if (lastOneShot != null) {
        ops.add(record(id + "_last_0", id, lastOneShot, call++));
      }
      for (long interval : lrm.recurringIntervals(id)) {
        OperationRecord m = monitors.get(interval);
        if (m != null) {
          ops.add(record(id + "_monitor_" + interval, id, m, call++));
        }
      }
      if (!ops.isEmpty()) {
        out.add(
            new LrmResource(id, agent.standard(), agent.provider(), agent.type(), ops, Map.of()));
      }
    }
    return new Event.NodeReport(self, term, out, Map.of());
  }

  private static LrmRscOp record(String entry, String id, OperationRecord r, int call) {
    return op(
        entry,
        id,
        r.key().action().wireName(),
        r.key().intervalMs(),
        r.rc().code(),
        call,
        r.expectedRc().code());
  }

  private static LrmRscOp op(
      String entry, String id, String task, long interval, int rc, int call, int expected) {
    String tkey = "0:0:" + expected + ":paceline";
    return new LrmRscOp(
        entry,
        id + "_" + task + "_" + interval,
        task,
        call,
        rc,
        0,
        interval,
        null,
        null,
        null,
        null,
        null,
        tkey,
        "0:" + rc + ";" + tkey,
        Map.of());
  }

  @Override
  public void fence(Effect.Fence f, Cib cib, Consumer<Event.FenceResult> done) {
    fencing.execute(
        () -> {
          FencingConfigLoad load = CibFencing.load(cib, fenceAgentDir);
          if (load.config() == null) {
            done.accept(
                new Event.FenceResult(
                    f.target(), false, "fencing not configured: " + load.problems()));
            return;
          }
          FencingConfig c = load.config();
          FenceAction action = f.action().equals("off") ? FenceAction.OFF : FenceAction.REBOOT;
          try (Fencer fencer =
              new Fencer(
                  c.devices(),
                  c.settings(),
                  c.topology(),
                  c.fencerSettings(),
                  FenceClock.system(),
                  DelayRandom.threadLocal(),
                  fenceHistory)) {
            FenceOutcome o = fencer.fence(new FenceRequest(f.target(), action, "DC " + self));
            done.accept(new Event.FenceResult(f.target(), o.fenced(), o.message()));
          } catch (RuntimeException e) {
            done.accept(new Event.FenceResult(f.target(), false, "fencer failed: " + e));
          }
        });
  }

  private static Optional<Primitive> primitive(Cib cib, String id) {
    return cib.configuration()
        .allResources()
        .filter(r -> r instanceof Primitive && r.id().equals(id))
        .map(r -> (Primitive) r)
        .findFirst();
  }

  /** {@code db:1} runs as {@code db} when db is an anonymous clone's primitive. */
  private static String baseId(String resource, Cib cib) {
    int colon = resource.lastIndexOf(':');
    if (colon < 0) {
      return resource;
    }
    String base = resource.substring(0, colon);
    Optional<Clone> c = parentClone(cib, base);
    if (c.isPresent()
        && !c.get().meta("globally-unique").map(v -> v.equalsIgnoreCase("true")).orElse(false)) {
      return base;
    }
    return primitive(cib, base).isPresent() && primitive(cib, resource).isEmpty() ? base : resource;
  }

  private static Optional<Clone> parentClone(Cib cib, String primitiveId) {
    for (Resource r : cib.configuration().resources()) {
      if (r instanceof Clone c && contains(c, primitiveId)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static boolean contains(Resource r, String id) {
    if (r.id().equals(id)) {
      return true;
    }
    for (Resource c : r.children()) {
      if (contains(c, id)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> parameters(Primitive p) {
    Map<String, String> out = new TreeMap<>();
    for (NvSet set : p.instanceAttributes()) {
      for (NvPair pair : set.nvpairs()) {
        if (pair.value() != null) {
          out.putIfAbsent(pair.name(), pair.value());
        }
      }
    }
    return out;
  }

  private TreeMap<String, String> meta(Cib cib, Effect.RunOperation op, String id) {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("on_node", self);
    parentClone(cib, id)
        .ifPresent(
            c -> {
              for (String k :
                  List.of(
                      "clone-max",
                      "clone-node-max",
                      "promoted-max",
                      "promoted-node-max",
                      "promotable",
                      "globally-unique",
                      "notify",
                      "interleave")) {
                c.meta(k).ifPresent(v -> m.put(k, v));
              }
              int colon = op.resource().lastIndexOf(':');
              m.put("clone", colon < 0 ? "0" : op.resource().substring(colon + 1));
              if (c.promotable()) {
                // Older agents read the old names too (LAB-NOTES: set both).
                c.meta("promoted-max").ifPresent(v -> m.put("master-max", v));
                c.meta("promoted-node-max").ifPresent(v -> m.put("master-node-max", v));
              }
            });
    if (op.migrateSource() != null) {
      m.put("migrate_source", op.migrateSource());
    }
    if (op.migrateTarget() != null) {
      m.put("migrate_target", op.migrateTarget());
    }
    return m;
  }

  @Override
  public void close() {
    lrm.close();
    fencing.shutdownNow();
    workers.shutdownNow();
    timers.close();
  }
}
