package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/** Properties of the scheduler that hold for any input: determinism and explained scores. */
@Tag("unit")
class SchedulerUnitTest {
  private static Cib load(String name) throws Exception {
    return CibXmlReader.read(Path.of("src/test/resources/scheduler", name + ".xml")).cib();
  }

  @Test
  void sameInputGivesSameTransition() throws Exception {
    Cib cib = load("group-location-start");
    assertEquals(Scheduler.schedule(cib, 0), Scheduler.schedule(cib, 0));
  }

  @Test
  void everyLocationScoreCarriesItsConstraintId() throws Exception {
    Transition t = Scheduler.schedule(load("group-location-start"), 0);
    List<ScoreContribution> hub = t.contributions().get("hub");
    assertTrue(
        hub.stream().anyMatch(c -> c.reason().contains("hub-prefers-n2") && c.node().equals("n2")),
        "contributions: " + hub);
  }

  @Test
  void anOrderOnAGroupMemberBindsThatMemberOnly() throws Exception {
    // promote pg-clone, then start app (the group's second member): the group's first member,
    // the VIP, does not wait for the promotion (Pacemaker's graph for this CIB says the same).
    Transition t = Scheduler.schedule(load("promote-orders-group-member"), 0);
    List<String> edges =
        t.orders().stream()
            .filter(e -> e.mandatory())
            .map(e -> e.first() + " -> " + e.then())
            .toList();
    assertTrue(edges.contains("pg:1_promote_0 -> app_start_0"), edges.toString());
    assertTrue(edges.contains("pg-vip_start_0 -> app_start_0"), edges.toString());
    assertTrue(
        edges.stream().noneMatch(e -> e.endsWith("-> pg-vip_start_0") && e.contains("promote")),
        edges.toString());
  }

  @Test
  void uncleanNodeIsFencedBeforeItsResourceMoves() throws Exception {
    Transition t = Scheduler.schedule(load("failover-fence"), 0);
    assertEquals("Fence (reboot)", t.summary().get(0).verb());
    assertTrue(t.summary().stream().anyMatch(i -> i.verb().equals("Move")));
  }

  @Test
  void allowMigratePrimitiveMigratesInsteadOfStopStart() throws Exception {
    Transition t = Scheduler.schedule(load("migrate-standby"), 0);
    java.util.List<String> vm =
        t.actions().stream()
            .filter(a -> "vm".equals(a.resource()) && a.intervalMs() == 0)
            .map(a -> a.task() + "@" + a.node())
            .toList();
    assertEquals(
        java.util.List.of("migrate_to@node1", "migrate_from@node2", "stop@node1", "start@null"),
        vm.stream().filter(s -> !s.startsWith("monitor@")).toList());
    assertTrue(
        t.actions().stream()
            .anyMatch(a -> a.key().equals("vm_monitor_10000") && "node2".equals(a.node())));
    assertTrue(
        t.orders().stream()
            .anyMatch(
                e ->
                    e.toString().contains("vm_migrate_to_0")
                        && e.toString().contains("vm_migrate_from_0")));
    assertTrue(
        t.actions().stream()
            .noneMatch(a -> "plain".equals(a.resource()) && a.task().isMigration()));
  }

  @Test
  void danglingMigrationStopsOnlyTheSource() throws Exception {
    Transition t = Scheduler.schedule(load("migrate-dangling"), 0);
    java.util.List<String> vm =
        t.actions().stream()
            .filter(a -> "vm".equals(a.resource()) && a.task() != ActionTask.MONITOR)
            .map(a -> a.task() + "@" + a.node())
            .toList();
    assertEquals(java.util.List.of("stop@node1"), vm);
    assertTrue(t.summary().isEmpty());
  }
}
