package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.Score;
import org.paceline.unpack.NodeStatus;

/**
 * Node health, as Pacemaker's node-health-strategy applies it: each node's {@code #health-*}
 * attributes (red, yellow, green or an integer) add up to a health score, which every top-level
 * resource receives as a location preference for that node. The strategy decides what the colours
 * are worth: {@code migrate-on-red} red -INFINITY, yellow and green 0; {@code only-green} red and
 * yellow -INFINITY; {@code progressive} and {@code custom} the node-health-red, -yellow and -green
 * cluster options (progressive also starts from node-health-base); {@code none} (the default)
 * ignores health. A negative score spares resources with allow-unhealthy-nodes=true.
 */
final class NodeHealth {
  private NodeHealth() {}

  /**
   * Location preferences of -INFINITY..INFINITY, one per top-level resource and unhealthy or
   * healthy-scored node (none when the strategy is none or no node has a score).
   */
  static List<LocationConstraint> locations(
      Cib cib, List<NodeStatus> nodes, List<TopLevelResource> tops, ResourceExpander ex) {
    String strategy = ClusterOption.NODE_HEALTH_STRATEGY.word(cib.configuration());
    int red;
    int yellow;
    int green;
    int base = 0;
    switch (strategy) {
      case "migrate-on-red" -> {
        red = -Placement.INF;
        yellow = 0;
        green = 0;
      }
      case "only-green" -> {
        red = -Placement.INF;
        yellow = -Placement.INF;
        green = 0;
      }
      case "progressive", "custom" -> {
        red = ClusterOption.NODE_HEALTH_RED.score(cib.configuration());
        yellow = ClusterOption.NODE_HEALTH_YELLOW.score(cib.configuration());
        green = ClusterOption.NODE_HEALTH_GREEN.score(cib.configuration());
        base =
            strategy.equals("progressive")
                ? ClusterOption.NODE_HEALTH_BASE.score(cib.configuration())
                : 0;
      }
      default -> {
        return List.of();
      }
    }
    List<LocationConstraint> out = new ArrayList<>();
    for (NodeStatus n : nodes) {
      int health = base;
      for (Map.Entry<String, String> a : n.attributes().entrySet()) {
        if (a.getKey().startsWith("#health")) {
          health = Placement.add(health, value(a.getValue(), red, yellow, green));
        }
      }
      if (health == 0) {
        continue;
      }
      for (TopLevelResource t : tops) {
        if (health < 0
            && ex.meta(t.resource, "allow-unhealthy-nodes")
                .map(CibBooleans::isTrue)
                .orElse(false)) {
          continue;
        }
        out.add(
            new LocationConstraint(
                "node-health-" + strategy,
                t.id(),
                null,
                null,
                Score.of(health),
                n.name(),
                List.of(),
                null,
                List.of(),
                Map.of()));
      }
    }
    return out;
  }

  private static int value(String v, int red, int yellow, int green) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "red":
        return red;
      case "yellow":
        return yellow;
      case "green":
        return green;
      default:
        try {
          return Score.parse(v).value();
        } catch (IllegalArgumentException e) {
          return 0;
        }
    }
  }
}
