package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.Clone;
import org.paceline.cib.Group;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Role;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.Containers;
import org.paceline.unpack.MetaLookup;

/**
 * Expands configured resources into placeable instances (clone instances included) and attaches the
 * unpacked history to them, the way Pacemaker maps {@code lrm_resource} ids to instances.
 */
final class ResourceExpander {
  private final Cib cib;
  private final ClusterStatus status;
  final List<TopLevelResource> tops = new ArrayList<>();

  /** Any resource id (primitive, group, clone, member) to its top-level resource. */
  final Map<String, TopLevelResource> topOf = new HashMap<>();

  /** History ids no configured resource claims, with where they are active. */
  final Map<String, List<ActiveInstance>> orphans = new LinkedHashMap<>();

  private final MetaLookup lookup;
  private Map<String, String> fillers;

  ResourceExpander(Cib cib, ClusterStatus status, long now) {
    this.cib = cib;
    this.lookup = new MetaLookup(cib.configuration(), now);
    this.status = status;
  }

  /** Each filler's container ({@link Containers}), read once. */
  Map<String, String> fillers() {
    if (fillers == null) {
      fillers = Containers.fillers(cib.configuration(), lookup);
    }
    return fillers;
  }

  Optional<String> meta(Resource r, String name) {
    Optional<String> v = r.meta(name);
    return v.isPresent() ? v : lookup.defaults(r, name);
  }

  /** A meta attribute inherited through parents (target-role on a group applies to members). */
  Optional<String> inheritedMeta(Resource r, String name) {
    return lookup.meta(r, name);
  }

  /**
   * Whether a group member is unmanaged on its own (is-managed=false or maintenance=true on the
   * member, not on its group): Pacemaker leaves it where it is, or stopped, and the members after
   * it are colocated with it.
   */
  static boolean memberUnmanaged(PrimitiveInstance l) {
    return l.instance.primitives.size() > 1
        && (l.primitive.meta("is-managed").map(v -> !CibBooleans.isTrue(v)).orElse(false)
            || l.primitive.meta("maintenance").map(CibBooleans::isTrue).orElse(false));
  }

  void expand() {
    int order = 0;
    int nodeCount = status.nodes().size();
    Set<String> claimed = new HashSet<>();
    for (Resource r : cib.configuration().resources()) {
      int prio = MetaLookup.intOf(meta(r, "priority"), 0);
      {
        if (r instanceof Primitive p) {
          TopLevelResource t = new TopLevelResource(p, order++, false, false, false, prio);
          ResourceInstance u = new ResourceInstance(p.id(), t, -1);
          u.primitives.add(new PrimitiveInstance(p.id(), p, u));
          t.instances.add(u);
          register(t);
        } else if (r instanceof Group g) {
          TopLevelResource t = new TopLevelResource(g, order++, false, false, false, prio);
          ResourceInstance u = new ResourceInstance(g.id(), t, -1);
          for (Resource m : g.members()) {
            if (m instanceof Primitive p) {
              u.primitives.add(new PrimitiveInstance(p.id(), p, u));
            }
          }
          t.instances.add(u);
          register(t);
        } else if (r instanceof Clone c) {
          boolean unique = meta(c, "globally-unique").map(CibBooleans::isTrue).orElse(false);
          boolean forcedAnonymous = unique && c.forcedAnonymous();
          TopLevelResource t =
              new TopLevelResource(
                  c, order++, true, c.promotable(), unique && !forcedAnonymous, prio);
          t.cloneMax = MetaLookup.intOf(meta(c, "clone-max"), nodeCount);
          t.cloneNodeMax = MetaLookup.intOf(meta(c, "clone-node-max"), 1);
          if (forcedAnonymous) {
            // pe__force_anon: one instance per node, and no more instances than nodes.
            t.cloneNodeMax = 1;
            t.cloneMax = Math.min(t.cloneMax, nodeCount);
          }
          t.promotedMax =
              MetaLookup.intOf(meta(c, "promoted-max").or(() -> meta(c, "master-max")), 1);
          t.promotedNodeMax =
              MetaLookup.intOf(
                  meta(c, "promoted-node-max").or(() -> meta(c, "master-node-max")), 1);
          t.interleave = meta(c, "interleave").map(CibBooleans::isTrue).orElse(false);
          t.notify = meta(c, "notify").map(CibBooleans::isTrue).orElse(false);
          List<Primitive> prims = new ArrayList<>();
          if (c.child() instanceof Primitive p) {
            prims.add(p);
          } else if (c.child() instanceof Group g) {
            for (Resource m : g.members()) {
              if (m instanceof Primitive p) {
                prims.add(p);
              }
            }
          }
          for (int i = 0; i < Math.max(0, t.cloneMax); i++) {
            ResourceInstance u =
                new ResourceInstance(
                    c.child() == null ? c.id() + ":" + i : c.child().id() + ":" + i, t, i);
            for (Primitive p : prims) {
              u.primitives.add(new PrimitiveInstance(p.id() + ":" + i, p, u));
            }
            t.instances.add(u);
          }
          register(t);
          attachCloneHistory(t, prims, claimed);
        }
      }
    }
    for (TopLevelResource t : tops) {
      if (t.clone) {
        continue;
      }
      for (PrimitiveInstance l : t.instances.get(0).primitives) {
        List<ActiveInstance> a = status.active().get(l.primitive.id());
        if (a != null) {
          l.active.addAll(a);
          claimed.add(l.primitive.id());
        }
      }
    }
    for (Map.Entry<String, List<ActiveInstance>> e : status.active().entrySet()) {
      if (!claimed.contains(e.getKey())) {
        orphans.put(e.getKey(), e.getValue());
      }
    }
  }

  private void register(TopLevelResource t) {
    tops.add(t);
    registerIds(t.resource, t);
  }

  private void registerIds(Resource r, TopLevelResource t) {
    topOf.put(r.id(), t);
    for (Resource c : r.children()) {
      registerIds(c, t);
    }
  }

  /**
   * Unique clones keep their instance number ({@code rsc:N}); anonymous clones number their active
   * copies as Pacemaker's unpack meets them ({@link AnonymousInstances}).
   */
  private void attachCloneHistory(TopLevelResource t, List<Primitive> prims, Set<String> claimed) {
    List<AnonymousInstances.Copy> copies = new ArrayList<>();
    for (int m = 0; m < prims.size(); m++) {
      Primitive p = prims.get(m);
      for (Map.Entry<String, List<ActiveInstance>> e : status.active().entrySet()) {
        String hid = e.getKey();
        if (!org.paceline.cib.HistoryIds.baseId(hid).equals(p.id())) {
          continue;
        }
        if (t.unique) {
          int suffix = -1;
          if (!hid.equals(p.id())) {
            suffix = Integer.parseInt(hid.substring(hid.lastIndexOf(':') + 1));
          }
          if (suffix >= 0 && suffix < t.instances.size()) {
            t.instances.get(suffix).primitives.get(m).active.addAll(e.getValue());
            claimed.add(hid);
          }
          continue;
        }
        claimed.add(hid);
        for (ActiveInstance a : e.getValue()) {
          copies.add(new AnonymousInstances.Copy(m, p, a));
        }
      }
    }
    new AnonymousInstances(
            t,
            status,
            cib.status(),
            this::needsFencing,
            orphans,
            org.paceline.unpack.GuestNodes.containers(cib.configuration()))
        .attach(copies, prims.size());
  }

  /**
   * Whether a primitive needs fencing before it can be recovered elsewhere (Pacemaker's
   * pe_rsc_needs_fencing): requires=fencing or unfencing, the default with fencing enabled except
   * for fencing devices.
   */
  private boolean needsFencing(Primitive p) {
    if (!status.stonithEnabled()) {
      return false;
    }
    String dflt =
        "stonith".equals(p.resourceClass())
            ? "quorum"
            : Unfencing.enabled(cib) ? "unfencing" : "fencing";
    String requires = inheritedMeta(p, "requires").orElse(dflt);
    return requires.equals("fencing") || requires.equals("unfencing");
  }

  /**
   * Whether a primitive's start needs nothing before it can run (Pacemaker's unpack_requires):
   * requires=nothing, or by default where fencing is off and no-quorum-policy=ignore (fencing
   * devices and remote connections need quorum by default).
   */
  boolean requiresNothing(Primitive p) {
    Optional<String> v = inheritedMeta(p, "requires");
    if (v.isPresent()) {
      return v.get().equalsIgnoreCase("nothing");
    }
    if ("stonith".equals(p.resourceClass())
        || org.paceline.unpack.StatusUnpacker.isRemoteConnection(p)
        || status.stonithEnabled()
        || Unfencing.enabled(cib)) {
      return false;
    }
    return org.paceline.cib.ClusterOption.noQuorumPolicy(cib.configuration())
        == org.paceline.cib.NoQuorumPolicy.IGNORE;
  }

  /** Role a resource's target-role asks for, or null when not set. */
  Role targetRole(Resource r) {
    Optional<String> v = meta(r, "target-role"); // rsc_defaults (and their rules) included
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Role.parse(v.get());
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }
}
