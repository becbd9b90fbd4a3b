package org.paceline.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.simulation.SimNode.RState;

/**
 * The simulated nodes' executors: operations change a node's actual resource state after 5-200 ms
 * and answer the DC; recurring monitors report a change of the actual state; a node report
 * describes the executor's history as the status section's {@code lrm_rsc_op} entries; the Stateful
 * agent's promotion scores.
 */
final class SimExecutor {
  private final Simulation sim;

  SimExecutor(Simulation sim) {
    this.sim = sim;
  }

  private static int stateRc(String hid, RState s) {
    return switch (s) {
      case STOPPED -> 7;
      case STARTED -> 0;
      case PROMOTED -> 8;
      case FAILED -> 1;
    };
  }

  void receiveOperation(SimNode t, SimNode dc, int dcInc, Effect.RunOperation r) {
    int pinc = t.powerInc;
    int dinc = t.daemonInc;
    long dur = sim.between(5, 200);
    sim.after(dur, () -> completeOperation(t, pinc, dinc, dc, dcInc, r, dur));
  }

  private void completeOperation(
      SimNode t, int pinc, int dinc, SimNode dc, int dcInc, Effect.RunOperation r, long dur) {
    if (!t.powered || t.powerInc != pinc) {
      return;
    }
    String h = Simulation.hid(r.resource());
    RState s = t.state(h);
    int rc;
    switch (r.task()) {
      case "start" -> {
        if (s == RState.PROMOTED) {
          rc = 8; // Stateful: start of a promoted instance answers "running promoted"
        } else {
          t.actual.put(h, RState.STARTED);
          rc = 0;
        }
      }
      case "stop" -> {
        t.actual.put(h, RState.STOPPED);
        rc = 0;
      }
      case "promote" -> {
        rc = s == RState.STOPPED ? 7 : s == RState.FAILED ? 1 : 0;
        if (rc == 0) {
          t.actual.put(h, RState.PROMOTED);
        }
      }
      case "demote" -> {
        rc = s == RState.STOPPED ? 7 : s == RState.FAILED ? 1 : 0;
        if (rc == 0) {
          t.actual.put(h, RState.STARTED);
        }
      }
      case "monitor" -> rc = stateRc(h, s);
      default -> rc = 0;
    }
    sim.trace(
        "exec "
            + t.name
            + ": "
            + r.resource()
            + " "
            + r.task()
            + " "
            + r.intervalMs()
            + " rc="
            + rc
            + " actual "
            + s
            + "->"
            + t.state(h));
    sim.onNode(
        t,
        dinc,
        () -> {
          int call = ++t.callId;
          if (r.task().equals("stop")) {
            t.monitors.keySet().removeIf(k -> k.startsWith(h + "#"));
          }
          if (r.task().equals("cancel")) {
            t.monitors.remove(h + "#" + r.intervalMs());
          } else if (r.task().equals("monitor") && r.intervalMs() > 0) {
            SimNode.Monitor m =
                new SimNode.Monitor(
                    r.resource(), r.intervalMs(), r.expectedRc(), r.transitionId(), call, rc);
            t.monitors.put(h + "#" + r.intervalMs(), m);
            scheduleMonitor(t, dinc, h, m);
          } else if (!r.task().equals("notify")) { // notifications are no history
            t.history.put(
                h,
                new SimNode.LastOp(
                    r.task(), rc, r.expectedRc(), r.transitionId(), call, sim.now / 1000, dur));
          }
          agentAttributes(t, dinc, h);
          Event.OperationResult res =
              new Event.OperationResult(
                  t.name, r.transitionId(), r.resource(), r.task(), r.intervalMs(), rc, 0, "", dur);
          sim.sendTo(t, dc, dcInc, () -> sim.step(dc, res));
        });
  }

  /** Stateful's crm_master: 10 when promoted, 5 when unpromoted, none when stopped. */
  private void agentAttributes(SimNode t, int dinc, String h) {
    if (!sim.config.attributePromotion() || !h.equals("db")) {
      return;
    }
    RState s = t.state(h);
    String want =
        s == RState.PROMOTED ? "10" : s == RState.STARTED ? "5" : s == RState.STOPPED ? null : "";
    if ("".equals(want)) {
      return;
    }
    String old = t.attributes.get("master-db");
    if (want == null ? old == null : want.equals(old)) {
      return;
    }
    if (want == null) {
      t.attributes.remove("master-db");
    } else {
      t.attributes.put("master-db", want);
    }
    if (t.dcName != null) {
      SimNode dc = sim.nodes.get(t.dcName);
      Event.AttributeChanged a = new Event.AttributeChanged(t.name, "master-db", want);
      sim.send(t, dc, () -> sim.step(dc, a));
    }
  }

  private void scheduleMonitor(SimNode t, int dinc, String h, SimNode.Monitor m) {
    String key = h + "#" + m.intervalMs;
    sim.after(
        m.intervalMs,
        () -> {
          if (!t.daemonUp || t.daemonInc != dinc || t.monitors.get(key) != m) {
            return;
          }
          if (!t.hung) {
            int rc = stateRc(h, t.state(h));
            m.lastObserved = rc;
            if (rc != m.lastReported && t.dcName != null) {
              SimNode dc = sim.nodes.get(t.dcName);
              Event.OperationResult res =
                  new Event.OperationResult(
                      t.name, -1, m.instance, "monitor", m.intervalMs, rc, 0, "", 3);
              sim.trace(
                  "exec " + t.name + ": monitor " + m.instance + " " + m.intervalMs + " rc=" + rc);
              sim.send(
                  t,
                  dc,
                  () -> {
                    m.lastReported = rc;
                    sim.step(dc, res);
                  });
            }
          }
          scheduleMonitor(t, dinc, h, m);
        });
  }

  void answerReport(SimNode t, SimNode dc, int dcInc, long term) {
    List<LrmResource> lrm = new ArrayList<>();
    Set<String> ids = new TreeSet<>(t.history.keySet());
    for (String k : t.monitors.keySet()) {
      ids.add(k.substring(0, k.indexOf('#')));
    }
    long nowSec = sim.now / 1000;
    for (String h : ids) {
      List<LrmRscOp> ops = new ArrayList<>();
      SimNode.LastOp last = t.history.get(h);
      LrmRscOp failure = null;
      if (last != null) {
        String key =
            "0:" + Math.max(0, last.transitionId()) + ":" + last.expectedRc() + ":paceline";
        LrmRscOp op =
            new LrmRscOp(
                h + "_last_0",
                h + "_" + last.task() + "_0",
                last.task(),
                last.callId(),
                last.rc(),
                0,
                0,
                last.atSec(),
                last.atSec(),
                last.execMs(),
                0L,
                null,
                key,
                "0:" + last.rc() + ";" + key,
                Map.of());
        ops.add(op);
        if (last.failed()) {
          failure = withId(op, h + "_last_failure_0");
        }
      }
      for (SimNode.Monitor m : t.monitors.values()) {
        if (!Simulation.hid(m.instance).equals(h)) {
          continue;
        }
        String key = "0:" + Math.max(0, m.transitionId) + ":" + m.expectedRc + ":paceline";
        LrmRscOp op =
            new LrmRscOp(
                h + "_monitor_" + m.intervalMs,
                h + "_monitor_" + m.intervalMs,
                "monitor",
                m.callId,
                m.lastObserved,
                0,
                m.intervalMs,
                nowSec,
                nowSec,
                3L,
                0L,
                null,
                key,
                "0:" + m.lastObserved + ";" + key,
                Map.of());
        ops.add(op);
        if (m.lastObserved != m.expectedRc) {
          failure = withId(op, h + "_last_failure_0");
        }
      }
      if (failure != null) {
        ops.add(failure);
      }
      String[] agent = agent(h);
      lrm.add(new LrmResource(h, agent[0], agent[1], agent[2], ops, Map.of()));
    }
    Event.NodeReport rep = new Event.NodeReport(t.name, term, lrm, t.attributes);
    sim.sendTo(t, dc, dcInc, () -> sim.step(dc, rep));
  }

  private static LrmRscOp withId(LrmRscOp o, String id) {
    return new LrmRscOp(
        id,
        o.operationKey(),
        o.operation(),
        o.callId(),
        o.rcCode(),
        o.opStatus(),
        o.intervalMs(),
        o.lastRun(),
        o.lastRcChange(),
        o.execTimeMs(),
        o.queueTimeMs(),
        o.opDigest(),
        o.transitionKey(),
        o.transitionMagic(),
        o.otherAttributes());
  }

  private static String[] agent(String h) {
    return switch (h) {
      case "fence" -> new String[] {"stonith", null, "fence_dummy"};
      case "db" -> new String[] {"ocf", "pacemaker", "Stateful"};
      default -> new String[] {"ocf", "heartbeat", "Dummy"};
    };
  }
}
