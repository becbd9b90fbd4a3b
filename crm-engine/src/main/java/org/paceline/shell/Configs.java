package org.paceline.shell;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.paceline.cib.ColocationConstraint;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.FencingLevel;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.NvSet;
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.Resource;
import org.paceline.cib.ResourceSet;

/** Copies of a {@link Configuration} with one part replaced, and id lookups the shell needs. */
final class Configs {
  private Configs() {}

  static Configuration withResources(Configuration c, List<Resource> rs) {
    return new Configuration(
        c.clusterProperties(),
        c.nodes(),
        rs,
        c.constraints(),
        c.rscDefaults(),
        c.opDefaults(),
        c.fencingLevels(),
        c.tags(),
        c.otherChildren());
  }

  static Configuration withConstraints(Configuration c, List<Constraint> cs) {
    return new Configuration(
        c.clusterProperties(),
        c.nodes(),
        c.resources(),
        cs,
        c.rscDefaults(),
        c.opDefaults(),
        c.fencingLevels(),
        c.tags(),
        c.otherChildren());
  }

  static Configuration withConstraint(Configuration c, Constraint x) {
    List<Constraint> cs = new ArrayList<>(c.constraints());
    cs.add(x);
    return withConstraints(c, cs);
  }

  static Configuration withRscDefaults(Configuration c, List<NvSet> sets) {
    return new Configuration(
        c.clusterProperties(),
        c.nodes(),
        c.resources(),
        c.constraints(),
        sets,
        c.opDefaults(),
        c.fencingLevels(),
        c.tags(),
        c.otherChildren());
  }

  static Configuration withOpDefaults(Configuration c, List<NvSet> sets) {
    return new Configuration(
        c.clusterProperties(),
        c.nodes(),
        c.resources(),
        c.constraints(),
        c.rscDefaults(),
        sets,
        c.fencingLevels(),
        c.tags(),
        c.otherChildren());
  }

  static Configuration withFencingLevels(Configuration c, List<FencingLevel> levels) {
    return new Configuration(
        c.clusterProperties(),
        c.nodes(),
        c.resources(),
        c.constraints(),
        c.rscDefaults(),
        c.opDefaults(),
        levels,
        c.tags(),
        c.otherChildren());
  }

  static Configuration withTags(Configuration c, List<org.paceline.cib.Tag> tags) {
    return new Configuration(
        c.clusterProperties(),
        c.nodes(),
        c.resources(),
        c.constraints(),
        c.rscDefaults(),
        c.opDefaults(),
        c.fencingLevels(),
        tags,
        c.otherChildren());
  }

  /**
   * The configuration with {@code element} in its {@code section} (a child the model keeps
   * verbatim, such as {@code alerts} or {@code acls}): in place of the element of the same name and
   * id, else appended; the section is created when there is none.
   */
  static Configuration withSectionElement(
      Configuration c, String section, org.paceline.cib.XmlNode element) {
    String id = element.attributes().get("id");
    List<org.paceline.cib.XmlNode> others = new java.util.ArrayList<>();
    List<org.paceline.cib.XmlNode> members = new java.util.ArrayList<>();
    boolean placed = false;
    for (org.paceline.cib.XmlNode n : c.otherChildren()) {
      if (!n.name().equals(section)) {
        others.add(n);
        continue;
      }
      for (org.paceline.cib.XmlNode a : n.children()) {
        if (a.name().equals(element.name()) && id != null && id.equals(a.attributes().get("id"))) {
          members.add(element);
          placed = true;
        } else {
          members.add(a);
        }
      }
    }
    if (!placed) {
      members.add(element);
    }
    others.add(new org.paceline.cib.XmlNode(section, java.util.Map.of(), members, null));
    return new Configuration(
        c.clusterProperties(),
        c.nodes(),
        c.resources(),
        c.constraints(),
        c.rscDefaults(),
        c.opDefaults(),
        c.fencingLevels(),
        c.tags(),
        others);
  }

  /** Whether any resource, constraint, node or fencing level already has this id. */
  static boolean idInUse(Configuration c, String id) {
    return c.resource(id).isPresent()
        || c.constraints().stream().anyMatch(x -> id.equals(x.id()))
        || c.nodes().stream().anyMatch(n -> id.equals(n.id()))
        || c.fencingLevels().stream().anyMatch(l -> id.equals(l.id()));
  }

  /** The resource ids a constraint names (directly or in sets). */
  static Set<String> references(Constraint x) {
    Set<String> ids = new HashSet<>();
    List<ResourceSet> sets = List.of();
    if (x instanceof LocationConstraint l) {
      ids.add(l.rsc());
      sets = l.resourceSets();
    } else if (x instanceof ColocationConstraint col) {
      ids.add(col.rsc());
      ids.add(col.withRsc());
      sets = col.resourceSets();
    } else if (x instanceof OrderConstraint o) {
      ids.add(o.first());
      ids.add(o.then());
      sets = o.resourceSets();
    }
    for (ResourceSet s : sets) {
      ids.addAll(s.resourceRefs());
    }
    ids.remove(null);
    return ids;
  }
}
