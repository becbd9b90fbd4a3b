package org.paceline.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.paceline.agents.AgentId;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.Clone;
import org.paceline.cib.IntervalSpec;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.executor.ResourceSpec;

/**
 * Turns a resource instance id of the DC ({@code vip}, {@code db:1}) and the configuration into
 * what the local executor runs: the primitive's agent, its parameters (a clone's instance
 * attributes are inherited, the primitive's win) and the meta attributes Pacemaker hands agents as
 * {@code OCF_RESKEY_CRM_meta_*} (the clone's, the group's and the primitive's own, nearest winning;
 * plus {@code clone} = the instance number). A {@code stonith} primitive becomes the reserved agent
 * of {@link FencingDeviceResource}. Pure: no I/O. Attribute sets are read as {@link NvSet#lookup}
 * reads them: highest score first, rules ignored.
 */
public final class ResourceDefinitions {
  /** The operation timeout when neither the op nor {@code op_defaults} sets one (Pacemaker's). */
  public static final long DEFAULT_TIMEOUT_MS = 20_000;

  // Meta names that cannot become environment variable names are not passed (the OCF runner
  // would refuse the whole action for them).
  private static final Pattern META_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private ResourceDefinitions() {}

  /**
   * Resolves an instance id; empty when no primitive of that id exists (or it is not an OCF agent),
   * with the reason in {@code why}.
   */
  public static Optional<ResolvedResource> resolve(Cib raw, String instanceId, List<String> why) {
    // A primitive made from a resource template runs with the template's agent, parameters and
    // operations (and its own on top), as Pacemaker reads it.
    Cib cib = org.paceline.cib.TemplateExpansion.expand(raw);
    String base = instanceId;
    String instance = null;
    int colon = instanceId.lastIndexOf(':');
    if (colon > 0 && instanceId.substring(colon + 1).matches("[0-9]+")) {
      base = instanceId.substring(0, colon);
      instance = instanceId.substring(colon + 1);
    }
    List<Resource> path = new ArrayList<>();
    for (Resource top : cib.configuration().resources()) {
      if (find(top, base, path)) {
        break;
      }
    }
    if (path.isEmpty() || !(path.get(path.size() - 1) instanceof Primitive p)) {
      why.add("resource " + instanceId + " is not a primitive of the configuration");
      return Optional.empty();
    }
    Clone clone =
        path.stream().filter(r -> r instanceof Clone).map(r -> (Clone) r).findFirst().orElse(null);
    if (clone == null) {
      instance = null; // a plain primitive whose id merely ends in :N
      base = instanceId;
      if (!p.id().equals(instanceId)) {
        why.add("resource " + instanceId + " is not a primitive of the configuration");
        return Optional.empty();
      }
    }
    boolean stonith = "stonith".equals(p.resourceClass()) && p.type() != null;
    if (!stonith
        && (!"ocf".equals(p.resourceClass()) || p.provider() == null || p.type() == null)) {
      why.add(
          "resource "
              + instanceId
              + " uses agent "
              + p.agent()
              + "; the local executor runs ocf agents (and stonith devices) only");
      return Optional.empty();
    }
    AgentId agent;
    try {
      agent =
          stonith
              ? AgentId.ocf(FencingDeviceResource.PROVIDER, p.type())
              : AgentId.ocf(p.provider(), p.type());
    } catch (IllegalArgumentException e) {
      why.add("resource " + instanceId + ": " + e.getMessage());
      return Optional.empty();
    }
    boolean unique =
        clone != null && clone.meta("globally-unique").map(CibBooleans::parse).orElse(false);
    String historyId = clone != null && !unique ? base : instanceId;
    TreeMap<String, String> params = new TreeMap<>();
    TreeMap<String, String> meta = new TreeMap<>();
    // Outermost first, so the primitive's own values win.
    for (Resource r : path) {
      if (r instanceof Clone c) {
        putAll(params, c.instanceAttributes());
      }
      putAllMeta(meta, r.metaAttributes());
    }
    putAll(params, p.instanceAttributes());
    if (instance != null) {
      meta.put("clone", instance);
    }
    if (clone != null && clone.promotable()) {
      meta.putIfAbsent("promotable", "true");
    }
    return Optional.of(
        new ResolvedResource(
            instanceId, historyId, p, instance, new ResourceSpec(historyId, agent, params, meta)));
  }

  /**
   * The configured timeout of {@code task} with {@code intervalMs} (a monitor's op of that
   * interval; for other tasks the op of that name), else {@code op_defaults}, else 20 s.
   */
  public static long timeoutMs(Cib cib, Primitive p, String task, long intervalMs) {
    for (Op op : p.operations()) {
      try {
        if (op.name().equals(task) && op.intervalMs() == intervalMs && op.timeoutMs() > 0) {
          return op.timeoutMs();
        }
      } catch (IllegalArgumentException e) {
        // A malformed interval or timeout: the validator reports it; fall through to defaults.
      }
    }
    for (NvSet s : cib.configuration().opDefaults()) {
      Optional<String> t = s.value("timeout");
      if (t.isPresent()) {
        try {
          return IntervalSpec.toMs(t.get());
        } catch (IllegalArgumentException e) {
          break;
        }
      }
    }
    return DEFAULT_TIMEOUT_MS;
  }

  private static boolean find(Resource r, String id, List<Resource> path) {
    path.add(r);
    if (r.id().equals(id) && r instanceof Primitive) {
      return true;
    }
    for (Resource c : r.children()) {
      if (find(c, id, path)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  private static List<NvSet> byScore(List<NvSet> sets) {
    return sets.stream()
        .sorted(
            Comparator.comparingInt((NvSet s) -> s.score() == null ? 0 : s.score().value())
                .reversed())
        .toList();
  }

  /** Adds the sets' pairs; a later call overrides, within one call the first set wins. */
  private static void putAll(TreeMap<String, String> into, List<NvSet> sets) {
    TreeMap<String, String> these = new TreeMap<>();
    for (NvSet s : byScore(sets)) {
      for (NvPair pair : s.nvpairs()) {
        if (pair.value() != null) {
          these.putIfAbsent(pair.name(), pair.value());
        }
      }
    }
    into.putAll(these);
  }

  private static void putAllMeta(TreeMap<String, String> into, List<NvSet> sets) {
    TreeMap<String, String> these = new TreeMap<>();
    putAll(these, sets);
    these.forEach(
        (k, v) -> {
          if (META_NAME.matcher(k).matches()) {
            into.put(k, v);
          }
        });
  }
}
