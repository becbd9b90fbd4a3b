package org.paceline.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clone meta attributes Pacemaker's scheduler adds to every action of a clone instance ({@code
 * clone_append_meta}), as the clone was unpacked, defaults included: {@code clone} (the instance
 * number), {@code clone_max}, {@code clone_node_max}, {@code globally_unique}, {@code notify} and,
 * for a promotable clone, {@code promoted_max} and {@code promoted_node_max} with the legacy {@code
 * master_max} and {@code master_node_max}. Agents read them ({@code OCF_RESKEY_CRM_meta_clone_max}:
 * IPaddr2, pgsql; {@code OCF_RESKEY_CRM_meta_notify} and {@code master_max}: PAF) and must see the
 * values the scheduler used, not recompute them.
 */
final class CloneActionMeta {
  private CloneActionMeta() {}

  static void add(List<TopLevelResource> tops, List<Action> actions) {
    java.util.Set<String> wanted = new java.util.HashSet<>();
    for (Action a : actions) {
      if (a.resource() != null && a.node() != null) {
        wanted.add(a.resource());
      }
    }
    Map<String, Map<String, String>> byResource = new HashMap<>();
    for (TopLevelResource t : tops) {
      if (!t.clone) {
        continue;
      }
      Map<String, String> common = null;
      for (ResourceInstance u : t.instances) {
        for (PrimitiveInstance l : u.primitives) {
          boolean instance = wanted.contains(l.name);
          // A probe of an anonymous instance names the primitive.
          boolean primitive =
              wanted.contains(l.primitive.id()) && !byResource.containsKey(l.primitive.id());
          if (!instance && !primitive) {
            continue;
          }
          if (common == null) {
            common = common(t);
          }
          if (instance) {
            Map<String, String> m = new TreeMap<>(common);
            if (u.instance >= 0) {
              m.put("clone", Integer.toString(u.instance));
            }
            byResource.put(l.name, Map.copyOf(m));
          }
          if (primitive) {
            byResource.put(l.primitive.id(), common);
          }
        }
      }
    }
    if (byResource.isEmpty()) {
      return;
    }
    for (ListIterator<Action> it = actions.listIterator(); it.hasNext(); ) {
      Action a = it.next();
      Map<String, String> m =
          a.resource() == null || a.node() == null ? null : byResource.get(a.resource());
      if (m == null) {
        continue;
      }
      Map<String, String> meta = m;
      if (!a.meta().isEmpty()) {
        meta = new TreeMap<>(m);
        meta.putAll(a.meta());
      }
      it.set(
          new Action(
              a.key(), a.resource(), a.task(), a.intervalMs(), a.node(), a.runnable(), meta));
    }
  }

  private static Map<String, String> common(TopLevelResource t) {
    Map<String, String> common = new TreeMap<>();
    common.put("clone_max", Integer.toString(t.cloneMax));
    common.put("clone_node_max", Integer.toString(t.cloneNodeMax));
    common.put("globally_unique", Boolean.toString(t.unique));
    common.put("notify", Boolean.toString(t.notify));
    if (t.promotable) {
      common.put("promoted_max", Integer.toString(t.promotedMax));
      common.put("promoted_node_max", Integer.toString(t.promotedNodeMax));
      common.put("master_max", Integer.toString(t.promotedMax));
      common.put("master_node_max", Integer.toString(t.promotedNodeMax));
    }
    return Map.copyOf(common);
  }
}
