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
      List<Top> tops, List<NvSet> opDefaults, java.util.function.Predicate<Leaf> staysActive) {
    for (Top t : tops) {
      if (!t.managed) {
        continue;
      }
      for (Leaf l : t.leaves()) {
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
        LrmRscOp last = lastDefiningOp(l.active.get(0).history());
        if (last == null || last.opDigest() == null) {
          continue;
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
            continue;
          }
          if (!restartNow.get().equals(recordedRestart)) {
            l.restart = true;
            l.restartReason = "due to resource definition change";
            continue;
          }
        }
        Optional<String> now = OpDigest.of(l.primitive, parents, last.operation(), 0, opDefaults);
        if (now.isEmpty() || now.get().equals(last.opDigest())) {
          continue;
        }
        if (onlySanitizedChanged(l.primitive, parents, last, opDefaults)) {
          continue;
        }
        Op own = OpDigest.configuredOp(l.primitive, last.operation(), 0);
        boolean extraParams = own != null && !own.instanceAttributes().isEmpty();
        if (recordedRestart != null && !extraParams && pending(last)) {
          // A change that a reload could take while the start is still pending: 2.1.5's
          // schedule_reload stops it instead (a restart, with no reason given).
          l.restart = true;
        } else if (recordedRestart != null && !extraParams) {
          l.reload = true;
        } else {
          l.restart = true;
          l.restartReason = "due to resource definition change";
        }
      }
    }
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
   * The newest one-shot entry of a history if it is a successful start, promote, migrate_from or a
   * probe that found the resource running; null otherwise.
   */
  private static LrmRscOp lastDefiningOp(LrmResource r) {
    LrmRscOp newest = null;
    for (LrmRscOp o : r.ops()) {
      if (o.intervalMs() == 0
          && o.callId() != null
          && (newest == null || !pending(newest) && (pending(o) || o.callId() > newest.callId()))) {
        newest = o; // a pending entry (call id -1) is the newest, as Pacemaker sorts them
      }
    }
    if (newest != null && pending(newest) && "start".equals(newest.operation())) {
      return newest; // a start in flight: its parameters are checked all the same
    }
    if (newest == null || newest.rcCode() == null || newest.opStatus() == null) {
      return null;
    }
    boolean ok =
        switch (newest.operation()) {
          case "start", "migrate_from" -> newest.rcCode() == OcfExitCode.SUCCESS.code();
          case "promote" -> newest.rcCode() == OcfExitCode.SUCCESS.code();
          case "monitor" ->
              newest.rcCode() == OcfExitCode.SUCCESS.code()
                  || newest.rcCode() == OcfExitCode.RUNNING_PROMOTED.code();
          default -> false;
        };
    return ok && newest.opStatus() == ExecStatus.DONE.code() ? newest : null;
  }

  /** Whether a history entry is an operation still in flight (call id -1). */
  private static boolean pending(LrmRscOp o) {
    return o.callId() != null && o.callId() == -1;
  }
}
