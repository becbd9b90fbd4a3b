package org.paceline.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.Cib;
import org.paceline.cib.HistoryIds;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NodeState;
import org.paceline.cib.Primitive;
import org.paceline.cib.TransitionKey;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.OpDigest;
import org.paceline.scheduler.Transition;

/**
 * Applies a transition to a CIB as if every action succeeded (crm_simulate -S -O): records each
 * start, stop, promote, demote, migrate_to and migrate_from in the node's resource history, with
 * the op-digest Pacemaker would record (so crm_simulate accepts the result as unchanged), and takes
 * each fenced node down with its resource history and transient attributes cleared.
 */
public final class SimulatedExecution {
  private SimulatedExecution() {}

  /** The CIB after every runnable action of {@code t} succeeded. */
  public static Cib apply(Cib cib, Transition t) {
    int callId = 1;
    for (NodeState s : cib.status()) {
      for (LrmResource r : s.lrmResources()) {
        for (LrmRscOp o : r.ops()) {
          if (o.callId() != null) {
            callId = Math.max(callId, o.callId() + 1);
          }
        }
      }
    }
    Map<String, Primitive> primitives = cib.configuration().primitivesById();
    Set<String> fenced = new HashSet<>();
    for (Action a : t.actions()) {
      if (a.runnable() && a.task() == ActionTask.STONITH && a.node() != null) {
        fenced.add(a.node());
      }
    }
    Set<String> anonymous = cib.configuration().anonymousClonePrimitiveIds();
    Map<String, Set<String>> historyIds = new HashMap<>();
    for (NodeState s : cib.status()) {
      Set<String> ids = historyIds.computeIfAbsent(s.uname(), k -> new HashSet<>());
      s.lrmResources().forEach(r -> ids.add(r.id()));
    }
    Map<String, Map<String, List<LrmRscOp>>> added = new LinkedHashMap<>();
    Set<String> cancelled = new HashSet<>();
    Map<String, Optional<String>> digests = new HashMap<>();
    for (Action a : t.actions()) {
      if (a.node() == null || a.resource() == null || !a.runnable() || fenced.contains(a.node())) {
        continue; // pseudo, blocked, or on a node whose fencing stands in for it
      }
      String historyId =
          historyId(a.resource(), historyIds.getOrDefault(a.node(), Set.of()), anonymous);
      if (a.task() == ActionTask.CANCEL) {
        cancelled.add(a.node() + "\0" + historyId + "\0" + a.intervalMs());
        continue;
      }
      boolean oneShot =
          switch (a.task()) {
            case START, STOP, PROMOTE, DEMOTE, MIGRATE_TO, MIGRATE_FROM -> true;
            default -> false;
          };
      boolean probe = a.task() == ActionTask.MONITOR && a.intervalMs() == 0;
      if (!oneShot && a.task() != ActionTask.MONITOR) {
        continue;
      }
      // Keyed by the history id, as Pacemaker does for an anonymous clone (db_start_0, not db:1).
      String key = LrmRscOp.operationKey(historyId, a.task().pacemakerName(), a.intervalMs());
      if (probe && added.getOrDefault(a.node(), Map.of()).containsKey(historyId)) {
        continue; // the resource starts here: its start supersedes the probe
      }
      // The same on every node: computed once per resource, task and interval.
      String digest =
          digests
              .computeIfAbsent(
                  key, k -> digest(primitives.get(HistoryIds.baseId(historyId)), a, cib))
              .orElse(null);
      // A simulated action succeeds: a probe finds the resource stopped, the rest get ok.
      int rc = probe ? OcfExitCode.NOT_RUNNING.code() : OcfExitCode.SUCCESS.code();
      LrmRscOp op =
          LrmRscOp.of(
                  a.intervalMs() > 0 ? key : LrmRscOp.lastId(historyId),
                  historyId,
                  a.task().pacemakerName(),
                  a.intervalMs())
              .callId(callId++)
              .result(
                  new TransitionKey(1, 1, rc, TransitionKey.ZERO_UUID), ExecStatus.DONE.code(), rc)
              .opDigest(digest)
              .build();
      added
          .computeIfAbsent(a.node(), k -> new LinkedHashMap<>())
          .computeIfAbsent(historyId, k -> new ArrayList<>())
          .add(op);
    }
    Map<String, String[]> agents = new java.util.HashMap<>();
    cib.configuration()
        .allResources()
        .forEach(
            r -> {
              if (r instanceof org.paceline.cib.Primitive p) {
                agents.put(p.id(), new String[] {p.resourceClass(), p.provider(), p.type()});
              }
            });
    List<NodeState> out = new ArrayList<>();
    for (NodeState s : cib.status()) {
      if (fenced.contains(s.uname())) {
        out.add(
            s.withMembership("false", "offline", "down", "down")
                .withTransientAttributes(List.of())
                .withLrm(s.lrmId(), s.lrmResourcesId(), List.of()));
        continue;
      }
      Map<String, List<LrmRscOp>> mine = added.getOrDefault(s.uname(), new LinkedHashMap<>());
      if (mine.isEmpty() && cancelled.isEmpty()) {
        out.add(s);
        continue;
      }
      List<LrmResource> rs = new ArrayList<>();
      for (LrmResource r : s.lrmResources()) {
        List<LrmRscOp> extra = mine.remove(r.id());
        if (extra == null && cancelled.isEmpty()) {
          rs.add(r);
        } else {
          List<LrmRscOp> ops = new ArrayList<>(r.ops());
          ops.removeIf(
              o ->
                  cancelled.contains(s.uname() + "\0" + r.id() + "\0" + o.intervalMs())
                      && o.intervalMs() > 0);
          if (extra != null) {
            ops.removeIf(o -> o.intervalMs() == 0 && !o.operation().equals("monitor"));
            ops.addAll(extra);
          }
          rs.add(
              new LrmResource(
                  r.id(), r.resourceClass(), r.provider(), r.type(), ops, r.otherAttributes()));
        }
      }
      for (Map.Entry<String, List<LrmRscOp>> e : mine.entrySet()) {
        String base = HistoryIds.baseId(e.getKey());
        String[] agent = agents.getOrDefault(base, new String[] {"ocf", "heartbeat", "Dummy"});
        rs.add(new LrmResource(e.getKey(), agent[0], agent[1], agent[2], e.getValue(), Map.of()));
      }
      out.add(
          s.withLrm(
              s.lrmId() == null ? "lrm-" + s.id() : s.lrmId(),
              s.lrmResourcesId() == null ? "lrm_resources-" + s.id() : s.lrmResourcesId(),
              rs));
    }
    return cib.withStatus(out);
  }

  private static Optional<String> digest(Primitive p, Action a, Cib cib) {
    return p == null
        ? Optional.empty()
        : OpDigest.of(
            p, a.task().pacemakerName(), a.intervalMs(), cib.configuration().opDefaults());
  }

  /**
   * The id a node's history keeps an action's resource under: the one it has already, else, for an
   * instance of an anonymous clone, the primitive's id (as Pacemaker records it).
   */
  private static String historyId(String resource, Set<String> known, Set<String> anonymous) {
    if (known.contains(resource)) {
      return resource;
    }
    String base = HistoryIds.baseId(resource);
    if (base.equals(resource) || !anonymous.contains(base)) {
      return resource;
    }
    return base;
  }
}
