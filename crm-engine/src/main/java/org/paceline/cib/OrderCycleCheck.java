package org.paceline.cib;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds cycles among mandatory orders (A before B before A), which would make a transition that
 * could never run.
 */
final class OrderCycleCheck {
  private final ValidationContext ctx;

  OrderCycleCheck(ValidationContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Mandatory orders must not form a cycle (A before B before A): such a transition could never
   * run. Nodes are resource actions ("db:start"); edges come from single orders and sequential
   * resource sets.
   */
  void check() {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    Map<String, String> edgeConstraint = new HashMap<>();
    for (Constraint c : ctx.config.constraints()) {
      if (!(c instanceof OrderConstraint o) || o.effectiveKind() != OrderKind.MANDATORY) {
        continue;
      }
      if (o.resourceSets().isEmpty()) {
        if (o.first() != null && o.then() != null) {
          edge(
              edges,
              edgeConstraint,
              o.first() + ":" + o.effectiveFirstAction(),
              o.then() + ":" + o.effectiveThenAction(),
              o.id());
        }
        continue;
      }
      List<String> previousSet = List.of();
      for (ResourceSet s : o.resourceSets()) {
        String action = s.action() == null ? "start" : s.action();
        List<String> members = s.resourceRefs().stream().map(r -> r + ":" + action).toList();
        for (String from : previousSet) {
          for (String to : members) {
            edge(edges, edgeConstraint, from, to, o.id());
          }
        }
        boolean sequential = s.sequential() == null || s.sequential();
        if (sequential) {
          for (int i = 1; i < members.size(); i++) {
            edge(edges, edgeConstraint, members.get(i - 1), members.get(i), o.id());
          }
          previousSet = members.isEmpty() ? previousSet : List.of(members.get(members.size() - 1));
        } else {
          previousSet = members;
        }
      }
    }
    Set<String> done = new HashSet<>();
    Set<String> reported = new HashSet<>();
    for (String start : edges.keySet()) {
      List<String> cycle = findCycle(start, edges, done);
      if (cycle != null) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < cycle.size(); i++) {
          ids.add(edgeConstraint.get(cycle.get(i - 1) + ">" + cycle.get(i)));
        }
        String first = ids.get(0);
        if (reported.add(String.join(",", ids.stream().sorted().toList()))) {
          ctx.error(
              "rsc_order",
              first,
              "mandatory orders form a cycle: "
                  + String.join(" -> ", cycle)
                  + " (constraints "
                  + String.join(", ", ids)
                  + ")");
        }
      }
    }
  }

  private static void edge(
      Map<String, List<String>> edges,
      Map<String, String> edgeConstraint,
      String from,
      String to,
      String constraintId) {
    edges.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    edgeConstraint.putIfAbsent(from + ">" + to, constraintId);
  }

  /** Iterative DFS from {@code start}; returns a cycle as a closed path, or null. */
  private static List<String> findCycle(
      String start, Map<String, List<String>> edges, Set<String> done) {
    if (done.contains(start)) {
      return null;
    }
    Deque<String> path = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    Set<String> onPath = new HashSet<>();
    path.push(start);
    next.push(0);
    onPath.add(start);
    while (!path.isEmpty()) {
      String node = path.peek();
      int i = next.pop();
      List<String> out = edges.getOrDefault(node, List.of());
      if (i < out.size()) {
        next.push(i + 1);
        String to = out.get(i);
        if (onPath.contains(to)) {
          List<String> cycle = new ArrayList<>();
          List<String> stack = new ArrayList<>(path);
          java.util.Collections.reverse(stack);
          cycle.addAll(stack.subList(stack.indexOf(to), stack.size()));
          cycle.add(to);
          return cycle;
        }
        if (!done.contains(to)) {
          path.push(to);
          next.push(0);
          onPath.add(to);
        }
      } else {
        path.pop();
        onPath.remove(node);
        done.add(node);
      }
    }
    return null;
  }
}
