package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;

/**
 * Changed resource definitions: whether a resource that stays where it runs restarts or reloads
 * because its parameters or its agent changed since it started (Pacemaker's
 * pcmk__check_action_config, pcmk__rsc_agent_changed).
 */
final class DefinitionChanges {
  private DefinitionChanges() {}

  /**
   * A resource that stays where it runs restarts, or reloads, when its parameters changed since it
   * started, as Pacemaker 2.1.5's pcmk__check_action_config decides from its last start (or
   * promote, migrate_from, or a probe that found it running): when the entry has an {@code
   * op-restart-digest} (its agent can reload) and the digest of the parameters named in {@code
   * op-force-restart} changed, it restarts; when only the {@code op-digest} of all parameters
   * changed, it reloads if the entry has an op-restart-digest and the start has no parameters of
   * its own, and restarts otherwise. Histories without an op-digest and parameters under rules are
   * left alone.
   */
  static void mark(
      List<TopLevelResource> tops,
      List<NvSet> opDefaults,
      java.util.function.Predicate<PrimitiveInstance> staysActive,
      java.util.function.Predicate<org.paceline.cib.Primitive> requiresNothing) {
    for (TopLevelResource t : tops) {
      if (!t.managed) {
        continue;
      }
      for (PrimitiveInstance l : t.primitives()) {
        if (!staysActive.test(l)
            || l.active.size() != 1
            || org.paceline.unpack.BundleExpansion.generated(l.primitive)) {
          continue;
        }
        if (agentChanged(l.primitive, l.active.get(0).history())) {
          // pcmk__rsc_agent_changed: a new agent cannot take over the old one's instance.
          l.restart = true;
          continue;
        }
        // Every start, promote, migrate_from or probe since the last start is checked
        // (process_rsc_history): a promote after the start can show the change as well.
        boolean reload = false;
        boolean restart = false;
        boolean pendingRestart = false;
        for (LrmRscOp op : definingOpsSinceStart(l.active.get(0).history())) {
          Change c = change(t, l, op, opDefaults);
          restart |= c == Change.RESTART;
          reload |= c == Change.RELOAD;
          pendingRestart |= c == Change.PENDING_RESTART;
          if (restart) {
            break;
          }
        }
        if (restart) {
          l.restart = true;
          l.definitionChanged = true;
          // 2.1.5 gives the start the reason, then clears it again when the start needs nothing
          // to run (update_resource_action_runnable): such a restart is listed without one.
          l.restartReason =
              requiresNothing.test(l.primitive) ? null : "due to resource definition change";
        } else if (pendingRestart) {
          // A change that a reload could take while the start is still pending: 2.1.5's
          // schedule_reload stops it instead (a restart, with no reason given).
          l.restart = true;
        } else if (reload) {
          l.reload = true;
        }
      }
    }
  }

  /** What a changed definition asks of a resource, as one history entry shows it. */
  private enum Change {
    NONE,
    RELOAD,
    /** A reload-able change of a start still in flight: restarted instead, without a reason. */
    PENDING_RESTART,
    RESTART
  }

  private static Change change(
      TopLevelResource t, PrimitiveInstance l, LrmRscOp last, List<NvSet> opDefaults) {
    if (last.opDigest() == null) {
      return Change.NONE;
    }
    List<List<NvSet>> parents = parentSets(t.resource, l.primitive);
    String recordedRestart = last.otherAttributes().get("op-restart-digest");
    if (recordedRestart != null) {
      Optional<String> restartNow =
          OpDigest.restartDigest(
              l.primitive,
              parents,
              last.operation(),
              last.otherAttributes().get("op-force-restart"),
              opDefaults);
      if (restartNow.isEmpty()) {
        return Change.NONE;
      }
      if (!restartNow.get().equals(recordedRestart)) {
        return Change.RESTART;
      }
    }
    Optional<String> now = OpDigest.of(l.primitive, parents, last.operation(), 0, opDefaults);
    if (now.isEmpty() || now.get().equals(last.opDigest())) {
      return Change.NONE;
    }
    if (onlySanitizedChanged(l.primitive, parents, last, opDefaults)) {
      return Change.NONE;
    }
    Op own = OpDigest.configuredOp(l.primitive, last.operation(), 0);
    boolean extraParams = own != null && !own.instanceAttributes().isEmpty();
    if (recordedRestart != null && !extraParams) {
      return pending(last) ? Change.PENDING_RESTART : Change.RELOAD;
    }
    return Change.RESTART;
  }

  /**
   * Whether only private parameters (passwords, masked in a shared CIB) differ from those a history
   * entry ran with: its {@code op-secure-digest} still matches. As in crm_simulate, whose input is
   * sanitized, that is no change (Pacemaker's only_sanitized_changed).
   */
  static boolean onlySanitizedChanged(
      Primitive p, List<List<NvSet>> parents, LrmRscOp entry, List<NvSet> opDefaults) {
    String secure = entry.otherAttributes().get("op-secure-digest");
    return secure != null
        && OpDigest.secureDigest(
                p,
                parents,
                entry.operation(),
                entry.otherAttributes().get("op-secure-params"),
                "stonith".equals(p.resourceClass())
                    && featureSetBefore(entry.otherAttributes().get("crm_feature_set"), 3, 16),
                opDefaults)
            .map(secure::equals)
            .orElse(false);
  }

  /**
   * Whether a history was recorded for another agent than the one configured now: its class,
   * provider or type differs (Pacemaker's pcmk__rsc_agent_changed).
   */
  static boolean agentChanged(Primitive p, LrmResource history) {
    if (p.type() == null || history == null) {
      return false; // a templated primitive's agent is its template's
    }
    return !java.util.Objects.equals(p.resourceClass(), history.resourceClass())
        || !java.util.Objects.equals(p.provider(), history.provider())
        || !p.type().equals(history.type());
  }

  /** Whether a feature set ("3.0.10") is older than major.minor (a missing one counts as old). */
  static boolean featureSetBefore(String set, int major, int minor) {
    if (set == null) {
      return true;
    }
    String[] f = set.trim().split("\\.");
    try {
      int a = Integer.parseInt(f[0]);
      int b = f.length > 1 ? Integer.parseInt(f[1]) : 0;
      return a < major || (a == major && b < minor);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** Instance attribute sets of the resources between top and p, nearest to p first. */
  static List<List<NvSet>> parentSets(Resource top, Primitive p) {
    List<Resource> path = new ArrayList<>();
    if (!pathTo(top, p, path)) {
      return List.of();
    }
    List<List<NvSet>> out = new ArrayList<>();
    for (int i = path.size() - 2; i >= 0; i--) {
      Resource r = path.get(i);
      if (r instanceof org.paceline.cib.Group g) {
        out.add(g.instanceAttributes());
      } else if (r instanceof org.paceline.cib.Clone c) {
        out.add(c.instanceAttributes());
      }
    }
    return out;
  }

  private static boolean pathTo(Resource from, Primitive p, List<Resource> path) {
    path.add(from);
    if (from == p) {
      return true;
    }
    for (Resource c : from.children()) {
      if (pathTo(c, p, path)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  /**
   * The successful one-shot starts, promotes, migrate_froms and probes that found the resource
   * running, from its last start on (calculate_active_ops: the last start, migrate_from, or a probe
   * that found it running after a stop), in call order.
   */
  private static List<LrmRscOp> definingOpsSinceStart(LrmResource r) {
    List<LrmRscOp> ops = new ArrayList<>();
    for (LrmRscOp o : r.ops()) {
      if (o.intervalMs() == 0 && o.callId() != null && o.callId() >= 0) {
        ops.add(o);
      }
    }
    ops.sort(java.util.Comparator.comparingLong(LrmRscOp::callId));
    int start = -1;
    int stop = -1;
    for (int i = 0; i < ops.size(); i++) {
      LrmRscOp o = ops.get(i);
      String task = o.operation() == null ? "" : o.operation();
      if (task.equals("stop") && succeeded(o)) {
        stop = i;
      } else if (task.equals("start") || task.equals("migrate_from")) {
        start = i;
      } else if (start <= stop && task.equals("monitor") && running(o)) {
        start = i;
      }
    }
    List<LrmRscOp> out = new ArrayList<>();
    for (int i = Math.max(start, 0); start >= 0 && i < ops.size(); i++) {
      LrmRscOp o = ops.get(i);
      boolean defining =
          switch (o.operation() == null ? "" : o.operation()) {
            case "start", "migrate_from", "promote" -> succeeded(o);
            case "monitor" -> running(o);
            default -> false;
          };
      if (defining) {
        out.add(o);
      }
    }
    // A start still in flight (call id -1) is the newest entry, as Pacemaker sorts them: its
    // parameters are checked all the same.
    r.ops().stream()
        .filter(o -> pending(o) && "start".equals(o.operation()) && o.opDigest() != null)
        .findFirst()
        .ifPresent(out::add);
    return out;
  }

  /** Whether a history entry is an operation still in flight (call id -1). */
  private static boolean pending(LrmRscOp o) {
    return o.callId() != null && o.callId() == -1;
  }

  private static boolean succeeded(LrmRscOp o) {
    return Integer.valueOf(OcfExitCode.SUCCESS.code()).equals(o.rcCode())
        && Integer.valueOf(ExecStatus.DONE.code()).equals(o.opStatus());
  }

  private static boolean running(LrmRscOp o) {
    return (Integer.valueOf(OcfExitCode.SUCCESS.code()).equals(o.rcCode())
            || Integer.valueOf(OcfExitCode.RUNNING_PROMOTED.code()).equals(o.rcCode()))
        && Integer.valueOf(ExecStatus.DONE.code()).equals(o.opStatus());
  }
}
