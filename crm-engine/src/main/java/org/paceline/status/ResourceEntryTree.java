package org.paceline.status;

import java.util.ArrayList;
import java.util.List;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.ResourceEntry;

/**
 * Lookups over the report's tree of resource entries: an entry by id, its instances, where it is
 * active, and crm_mon's instance counts.
 */
final class ResourceEntryTree {
  private ResourceEntryTree() {}

  /** Nodes where {@code id} is active: Promoted for a promotable clone, else Started. */
  static List<String> activeNodes(String id, List<ResourceEntry> resources) {
    return nodesIn(id, resources, Want.ACTIVE);
  }

  /**
   * Which instances a lookup counts: {@link #ACTIVE} the promoted ones of a promotable clone (else
   * every running one), {@link #RUNNING} every running one in any role, {@link #UNPROMOTED} the
   * unpromoted ones of a promotable clone (none of anything else).
   */
  enum Want {
    ACTIVE,
    RUNNING,
    UNPROMOTED
  }

  /**
   * Nodes where {@code id} runs as {@code want} says, without failed instances: a group where all
   * its members run.
   */
  static List<String> nodesIn(String id, List<ResourceEntry> resources, Want want) {
    if (id == null) {
      return List.of();
    }
    ResourceEntry e = find(id, resources);
    if (e == null) {
      return List.of();
    }
    boolean promotable =
        e.kind().equals("clone") ? e.promotable() : isPromotableChild(id, resources);
    List<String> out = new ArrayList<>();
    if (e.kind().equals("group")) {
      List<String> common = null;
      for (ResourceEntry m : e.children()) {
        List<String> here = new ArrayList<>();
        for (Instance i : m.instances()) {
          if (!i.failed() && want != Want.UNPROMOTED) {
            here.add(i.node());
          }
        }
        if (common == null) {
          common = here;
        } else {
          common.retainAll(here);
        }
      }
      if (common != null) {
        out.addAll(common);
      }
    } else {
      List<Instance> instances = e.kind().equals("clone") ? allInstances(e) : e.instances();
      for (Instance i : instances) {
        boolean wanted =
            switch (want) {
              case ACTIVE -> !promotable || i.role().equals("Promoted");
              case RUNNING -> true;
              case UNPROMOTED -> promotable && !i.role().equals("Promoted");
            };
        if (wanted && !i.failed() && !out.contains(i.node())) {
          out.add(i.node());
        }
      }
    }
    out.sort(StatusReportBuilder.NATURAL);
    return out;
  }

  private static boolean isPromotableChild(String id, List<ResourceEntry> resources) {
    for (ResourceEntry r : resources) {
      if (r.kind().equals("clone") && r.promotable()) {
        for (ResourceEntry c : r.children()) {
          if (c.id().equals(id)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A resource entry by id, searched through groups and clones. */
  static ResourceEntry find(String id, List<ResourceEntry> resources) {
    for (ResourceEntry r : resources) {
      if (r.id().equals(id)) {
        return r;
      }
      ResourceEntry inner = find(id, r.children());
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  /** Every primitive instance below {@code e}. */
  static List<Instance> allInstances(ResourceEntry e) {
    List<Instance> out = new ArrayList<>(e.instances());
    for (ResourceEntry c : e.children()) {
      out.addAll(allInstances(c));
    }
    return out;
  }

  static void countInstances(
      ResourceEntry r, int nodeCount, int multiplier, boolean disabled, int[] counts) {
    boolean off = disabled || r.disabled();
    switch (r.kind()) {
      case "primitive" -> {
        counts[0] += multiplier;
        if (off) {
          counts[1] += multiplier;
        }
        counts[2] += (int) r.instances().stream().filter(Instance::blocked).count();
      }
      case "clone" -> {
        for (ResourceEntry c : r.children()) {
          countInstances(c, nodeCount, multiplier * r.cloneMax(), off, counts);
        }
      }
      case "orphan" -> counts[0] += 1; // Pacemaker makes a resource of each orphaned history
      default -> {
        for (ResourceEntry c : r.children()) {
          countInstances(c, nodeCount, multiplier, off, counts);
        }
      }
    }
  }
}
