package org.paceline.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.Configuration;
import org.paceline.cib.NvSet;
import org.paceline.cib.Resource;

/**
 * Resolves a resource's meta attribute as Pacemaker does: the resource itself, then its parents
 * (group, clone), then {@code rsc_defaults}. Parents are indexed once, so a lookup is O(depth).
 */
final class MetaLookup {
  private final Map<String, Resource> parent = new HashMap<>();
  private final List<NvSet> defaults;

  MetaLookup(Configuration c) {
    this.defaults = c.rscDefaults();
    for (Resource r : c.resources()) {
      index(r);
    }
  }

  private void index(Resource r) {
    for (Resource child : r.children()) {
      parent.put(child.id(), r);
      index(child);
    }
  }

  Optional<String> meta(Resource r, String name) {
    for (Resource cur = r; cur != null; cur = parent.get(cur.id())) {
      Optional<String> v = cur.meta(name);
      if (v.isPresent()) {
        return v;
      }
    }
    return NvSet.lookup(defaults, name);
  }
}
