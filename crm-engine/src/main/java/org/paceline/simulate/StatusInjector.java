package org.paceline.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NodeState;

/**
 * Applies crm_simulate-style injections (node up/down/fail, a failed operation) to a CIB's status
 * before scheduling, so the shell can ask "what if". Each throws IllegalArgumentException, naming
 * the input, when the node or the operation spec is unknown or malformed.
 */
public final class StatusInjector {
  private StatusInjector() {}

  /** The node joined: a member with its controller up (crm_simulate --node-up). */
  public static Cib nodeUp(Cib cib, String node) {
    return nodeState(cib, node, "true", "online", "member", "member");
  }

  /** The node left cleanly: down and expected down (crm_simulate --node-down). */
  public static Cib nodeDown(Cib cib, String node) {
    return nodeState(cib, node, "false", "offline", "down", "down");
  }

  /**
   * The node failed: down while still expected to be a member, so the scheduler fences it
   * (crm_simulate --node-fail).
   */
  public static Cib nodeFail(Cib cib, String node) {
    return nodeState(cib, node, "false", "offline", "down", "member");
  }

  private static Cib nodeState(
      Cib cib, String node, String inCcm, String crmd, String join, String expected) {
    if (cib.configuration().node(node).isEmpty()) {
      throw new IllegalArgumentException("no node named '" + node + "' in the configuration");
    }
    String id = cib.configuration().node(node).get().id();
    List<NodeState> out = new ArrayList<>();
    boolean found = false;
    for (NodeState s : cib.status()) {
      if (node.equals(s.uname())) {
        found = true;
        out.add(s.withMembership(inCcm, crmd, join, expected));
      } else {
        out.add(s);
      }
    }
    if (!found) {
      out.add(
          new NodeState(
              id, node, inCcm, crmd, join, expected, null, List.of(), null, null, List.of(),
              Map.of(), List.of()));
    }
    return cib.withStatus(out);
  }

  /** Parses RSC_ACTION_INTERVAL@NODE=RC and records that result as the newest operation. */
  public static Cib opFail(Cib cib, String spec) {
    int at = spec.lastIndexOf('@');
    int eq = spec.lastIndexOf('=');
    if (at < 0 || eq < at) {
      throw new IllegalArgumentException(
          "bad --op-fail '" + spec + "' (expected RSC_ACTION_INTERVAL@NODE=RC)");
    }
    String key = spec.substring(0, at);
    String node = spec.substring(at + 1, eq);
    int rc = Integer.parseInt(spec.substring(eq + 1));
    int u2 = key.lastIndexOf('_');
    int u1 = key.lastIndexOf('_', u2 - 1);
    if (u1 < 0) {
      throw new IllegalArgumentException(
          "bad --op-fail key '" + key + "' (expected RSC_ACTION_INTERVAL)");
    }
    String rsc = key.substring(0, u1);
    String task = key.substring(u1 + 1, u2);
    long interval = Long.parseLong(key.substring(u2 + 1));
    int maxCall = 0;
    for (NodeState s : cib.status()) {
      for (LrmResource r : s.lrmResources()) {
        for (LrmRscOp o : r.ops()) {
          if (o.callId() != null) {
            maxCall = Math.max(maxCall, o.callId());
          }
        }
      }
    }
    LrmRscOp op =
        LrmRscOp.builder(LrmRscOp.lastFailureId(rsc))
            .operationKey(key)
            .operation(task)
            .callId(maxCall + 1)
            .rcCode(rc)
            .opStatus(0)
            .intervalMs(interval)
            .build();
    List<NodeState> out = new ArrayList<>();
    boolean done = false;
    for (NodeState s : cib.status()) {
      if (!node.equals(s.uname())) {
        out.add(s);
        continue;
      }
      List<LrmResource> rs = new ArrayList<>();
      for (LrmResource r : s.lrmResources()) {
        if (r.id().equals(rsc)) {
          List<LrmRscOp> ops = new ArrayList<>(r.ops());
          ops.add(op);
          rs.add(
              new LrmResource(
                  r.id(), r.resourceClass(), r.provider(), r.type(), ops, r.otherAttributes()));
          done = true;
        } else {
          rs.add(r);
        }
      }
      if (!done) {
        rs.add(new LrmResource(rsc, "ocf", "heartbeat", "Dummy", List.of(op), Map.of()));
        done = true;
      }
      out.add(s.withLrm(s.lrmId(), s.lrmResourcesId(), rs));
    }
    if (!done) {
      throw new IllegalArgumentException("no status for node '" + node + "' in the CIB");
    }
    return cib.withStatus(out);
  }
}
