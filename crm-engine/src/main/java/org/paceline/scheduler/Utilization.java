package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.Node;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.unpack.NodeStatus;

/**
 * Utilization and the placement strategy, as Pacemaker's scheduler uses them (cluster option
 * placement-strategy): with {@code default} utilization is ignored; with {@code utilization},
 * {@code minimal} or {@code balanced} a resource may only be assigned to a node whose remaining
 * capacity covers what it (and the not yet assigned resources colocated with it) declares in its
 * {@code <utilization>}, and each assignment uses up the node's capacity. {@code balanced} also
 * prefers, among equal scores, the node with more free capacity; {@code minimal} breaks ties by
 * node name only. Values are integers; a node that does not declare an attribute has 0 of it.
 */
final class Utilization {
  final String strategy;
  private final List<Map<String, Integer>> remaining = new ArrayList<>();
  private final Map<PrimitiveInstance, Map<String, Integer>> demands = new HashMap<>();

  Utilization(Cib cib, List<NodeStatus> nodes) {
    this.strategy = ClusterOption.PLACEMENT_STRATEGY.word(cib.configuration());
    Map<String, Node> configured = new HashMap<>();
    for (Node n : cib.configuration().nodes()) {
      configured.putIfAbsent(n.uname(), n);
    }
    for (NodeStatus n : nodes) {
      Node c = configured.get(n.name());
      remaining.add(c == null ? new LinkedHashMap<>() : values(c.utilization()));
    }
  }

  /** Whether utilization counts at all. */
  boolean enabled() {
    return !strategy.equals("default");
  }

  /** The integer values of utilization sets (the first set that names an attribute wins). */
  static Map<String, Integer> values(List<NvSet> sets) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (NvSet s : sets) {
      for (NvPair p : s.nvpairs()) {
        if (p.name() == null || out.containsKey(p.name())) {
          continue;
        }
        int v;
        try {
          v = Integer.parseInt(p.value() == null ? "0" : p.value().trim());
        } catch (NumberFormatException e) {
          v = 0; // Pacemaker: "Using 0 for utilization instead of invalid value"
        }
        out.put(p.name(), v);
      }
    }
    return out;
  }

  /** What a primitive instance declares. */
  Map<String, Integer> demand(PrimitiveInstance l) {
    return demands.computeIfAbsent(l, k -> values(k.primitive.utilization()));
  }

  /** The sum of what {@code primitives} declare. */
  Map<String, Integer> demand(List<PrimitiveInstance> primitives) {
    Map<String, Integer> sum = new LinkedHashMap<>();
    for (PrimitiveInstance l : primitives) {
      demand(l).forEach((k, v) -> sum.merge(k, v, Integer::sum));
    }
    return sum;
  }

  /** Whether node {@code i} has room for {@code demand}. */
  boolean enough(int i, Map<String, Integer> demand) {
    Map<String, Integer> free = remaining.get(i);
    for (Map.Entry<String, Integer> d : demand.entrySet()) {
      if (d.getValue() > free.getOrDefault(d.getKey(), 0)) {
        return false;
      }
    }
    return true;
  }

  /** Uses up node {@code i}'s capacity for what {@code primitives} declare. */
  void consume(int i, List<PrimitiveInstance> primitives) {
    if (!enabled()) {
      return;
    }
    Map<String, Integer> free = remaining.get(i);
    for (PrimitiveInstance l : primitives) {
      demand(l).forEach((k, v) -> free.merge(k, -v, Integer::sum));
    }
  }

  /**
   * Pacemaker's pcmk__compare_node_capacities: negative when node {@code a} has more free capacity
   * than {@code b} (attribute by attribute, one point each), positive when {@code b} has more.
   */
  int compareCapacity(int a, int b) {
    Map<String, Integer> fa = remaining.get(a);
    Map<String, Integer> fb = remaining.get(b);
    int result = 0;
    for (Map.Entry<String, Integer> e : fa.entrySet()) {
      int other = fb.getOrDefault(e.getKey(), 0);
      result += Integer.compare(other, e.getValue());
    }
    for (Map.Entry<String, Integer> e : fb.entrySet()) {
      if (!fa.containsKey(e.getKey())) {
        result += Integer.compare(e.getValue(), 0);
      }
    }
    return result;
  }
}
