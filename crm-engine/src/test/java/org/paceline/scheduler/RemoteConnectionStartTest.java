package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.CibXmlReader;

/**
 * What a remote node whose connection starts in the transition gets (Pacemaker 2.1.5's
 * remote_connection_assigned and apply_remote_ordering): probes of what it has not seen, and the
 * recurring monitors of what stays there, which run again although its history shows them. The
 * CIB's transition is crm_simulate's: the same executed actions.
 */
@Tag("unit")
class RemoteConnectionStartTest {
  private static Transition schedule() throws Exception {
    return Scheduler.schedule(
        CibXmlReader.read(Path.of("src/test/resources/scheduler", "remote-connection-start.xml"))
            .cib(),
        0);
  }

  private static List<String> actions(Transition t) {
    return t.actions().stream()
        .filter(Action::runnable)
        .map(a -> a.key() + "@" + a.node())
        .toList();
  }

  @Test
  void aRemoteNodeThatComesUpIsProbed() throws Exception {
    List<String> actions = actions(schedule());
    assertTrue(actions.contains("other_monitor_0@r1"), actions.toString());
    // No probe of a remote connection on a remote node, and none of fake: r1's history knows it.
    assertTrue(
        actions.stream().noneMatch(a -> a.startsWith("r1_monitor_0@r1")), actions.toString());
    assertTrue(
        actions.stream().noneMatch(a -> a.startsWith("fake_monitor_0@")), actions.toString());
  }

  @Test
  void aMonitorRecordedOnTheRemoteNodeRunsAgainAfterTheConnectionStarts() throws Exception {
    Transition t = schedule();
    assertTrue(actions(t).contains("fake_monitor_10000@r1"), actions(t).toString());
    assertTrue(
        t.orders().stream()
            .anyMatch(e -> e.first().equals("r1_start_0") && e.then().equals("fake_monitor_10000")),
        t.orders().toString());
  }
}
