package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.OrderEdge;
import org.paceline.scheduler.SchedulerAllCasesTestAccess;
import org.paceline.scheduler.Transition;

/**
 * No transition the scheduler plans for any of Pacemaker 2.1.5's 697 corpus cases has an ordering
 * cycle among its runnable actions: the DC would wait forever on one (the controller runs an action
 * only when every action ordered before it is done). Found necessary: promote notifications once
 * ordered a role's monitor cancel after the promotion they must precede.
 */
@Tag("unit")
class OrderingCycleCorpusTest {
  private static Path dir() {
    String configured = System.getProperty("paceline.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("../../shared");
    return shared.resolve("scheduler-cases").normalize();
  }

  /** The runnable actions left in a cycle (empty when the graph is acyclic). */
  static List<String> cycle(Transition t) {
    Set<String> keys = new HashSet<>();
    for (Action a : t.actions()) {
      if (a.runnable()) {
        keys.add(a.key());
      }
    }
    Map<String, Set<String>> next = new HashMap<>();
    Map<String, Integer> indegree = new HashMap<>();
    keys.forEach(k -> indegree.put(k, 0));
    for (OrderEdge e : t.orders()) {
      if (keys.contains(e.first())
          && keys.contains(e.then())
          && !e.first().equals(e.then())
          && next.computeIfAbsent(e.first(), k -> new HashSet<>()).add(e.then())) {
        indegree.merge(e.then(), 1, Integer::sum);
      }
    }
    Deque<String> ready = new ArrayDeque<>();
    indegree.forEach(
        (k, v) -> {
          if (v == 0) {
            ready.add(k);
          }
        });
    while (!ready.isEmpty()) {
      for (String n : next.getOrDefault(ready.poll(), Set.of())) {
        if (indegree.merge(n, -1, Integer::sum) == 0) {
          ready.add(n);
        }
      }
    }
    List<String> left = new ArrayList<>();
    indegree.forEach(
        (k, v) -> {
          if (v > 0) {
            left.add(k);
          }
        });
    left.sort(null);
    return left;
  }

  @Test
  void noCorpusTransitionHasAnOrderingCycle() throws Exception {
    Path d = dir();
    Path list = d.resolve("all-cases.txt");
    Assumptions.assumeTrue(Files.isRegularFile(list), "no Pacemaker corpus at " + d);
    Map<String, Long> now = SchedulerAllCasesTestAccess.nowByCase(d);
    List<String> cyclic = new ArrayList<>();
    for (String name : Files.readAllLines(list)) {
      name = name.trim();
      if (name.isEmpty()) {
        continue;
      }
      Transition t = SchedulerAllCasesTestAccess.schedule(d, name, now);
      List<String> left = cycle(t);
      if (!left.isEmpty()) {
        cyclic.add(name + " " + left.subList(0, Math.min(6, left.size())));
      }
    }
    assertEquals(List.of(), cyclic, "transitions with an ordering cycle");
  }
}
