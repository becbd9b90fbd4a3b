package org.paceline.simulation;

import java.util.List;
import org.paceline.agents.ActionRequest;
import org.paceline.agents.ActionResult;
import org.paceline.agents.AgentId;
import org.paceline.agents.AgentMetadata;
import org.paceline.agents.OcfExitCode;
import org.paceline.agents.ResourceAgent;
import org.paceline.executor.AgentProvider;
import org.paceline.simulation.SimNode.RState;

/**
 * The simulated agents of one daemon incarnation (ocf:heartbeat:Dummy and ocf:pacemaker:Stateful):
 * an action reads and changes the machine's actual resource state, and takes as long as the
 * simulated worker that runs it was delayed ({@link SimDaemon}). Stateful's crm_master sets {@code
 * master-db} (10 promoted, 5 unpromoted, none stopped) when the configuration leaves promotion to
 * the agent. The fence device is not here: the real {@code FencingDeviceResource} answers it.
 */
final class SimAgents implements AgentProvider {
  private final Simulation sim;
  private final SimNode node;
  private final int daemonInc;

  SimAgents(Simulation sim, SimNode node, int daemonInc) {
    this.sim = sim;
    this.node = node;
    this.daemonInc = daemonInc;
  }

  @Override
  public ResourceAgent agent(AgentId id) {
    return new ResourceAgent() {
      @Override
      public AgentId id() {
        return id;
      }

      @Override
      public ActionResult execute(ActionRequest request) {
        return SimAgents.this.execute(id, request);
      }

      @Override
      public AgentMetadata metadata() {
        return new AgentMetadata(id.type(), "1.0", "simulated " + id, "", List.of(), List.of());
      }
    };
  }

  private static int stateRc(RState s) {
    return switch (s) {
      case STOPPED -> 7;
      case STARTED -> 0;
      case PROMOTED -> 8;
      case FAILED -> 1;
    };
  }

  private ActionResult execute(AgentId id, ActionRequest r) {
    String h = r.resourceId();
    RState s = node.state(h);
    int rc;
    switch (r.action()) {
      case START -> {
        if (s == RState.PROMOTED) {
          rc = 8; // Stateful: start of a promoted instance answers "running promoted"
        } else {
          node.actual.put(h, RState.STARTED);
          rc = 0;
        }
      }
      case STOP -> {
        node.actual.put(h, RState.STOPPED);
        rc = 0;
      }
      case PROMOTE -> {
        rc = s == RState.STOPPED ? 7 : s == RState.FAILED ? 1 : 0;
        if (rc == 0) {
          node.actual.put(h, RState.PROMOTED);
        }
      }
      case DEMOTE -> {
        rc = s == RState.STOPPED ? 7 : s == RState.FAILED ? 1 : 0;
        if (rc == 0) {
          node.actual.put(h, RState.STARTED);
        }
      }
      case MONITOR -> rc = stateRc(s);
      default -> rc = 0;
    }
    sim.trace(
        "exec "
            + node.name
            + ": "
            + h
            + " "
            + r.action().wireName()
            + " "
            + r.intervalMs()
            + " rc="
            + rc
            + " actual "
            + s
            + "->"
            + node.state(h));
    if (id.type().equals("Stateful")) {
      crmMaster(h);
    }
    return ActionResult.of(r.action(), OcfExitCode.fromStatus(rc), "", node.agentRunMs);
  }

  /** Stateful's crm_master, through the daemon that ran it (lost if that daemon died). */
  private void crmMaster(String h) {
    if (!sim.config.attributePromotion() || node.daemonInc != daemonInc || !node.daemonUp) {
      return;
    }
    RState s = node.state(h);
    if (s == RState.FAILED) {
      return;
    }
    String key = "master-" + h;
    if (s == RState.PROMOTED) {
      node.attributes.put(key, "10");
    } else if (s == RState.STARTED) {
      node.attributes.put(key, "5");
    } else {
      node.attributes.remove(key);
    }
  }
}
