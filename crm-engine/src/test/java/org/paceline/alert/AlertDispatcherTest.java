package org.paceline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher running real agents: Pacemaker's own {@code alert_file.sh.sample}, unmodified, and
 * an agent that fails before it succeeds (the retry Pacemaker does not have).
 */
@Tag("unit")
class AlertDispatcherTest {
  private static final Path ALERT_FILE =
      Path.of("/usr/share/pacemaker/alerts/alert_file.sh.sample");

  @TempDir Path dir;

  private static final Set<AlertEvent.Kind> ALL = Set.of(AlertEvent.Kind.values());

  private static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + 20_000_000_000L;
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static String read(Path f) {
    try {
      return Files.exists(f) ? Files.readString(f) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void pacemakersFileAgentRecordsEveryKindOfEvent() throws Exception {
    Assumptions.assumeTrue(
        Files.isRegularFile(ALERT_FILE), "pacemaker-common (alert_file.sh.sample) not installed");
    // The sample is not executable as packaged; an operator copies it, as Pacemaker's docs say.
    Path agent = dir.resolve("alert_file.sh");
    Files.copy(ALERT_FILE, agent);
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = dir.resolve("alerts.log");
    List<String> lines = new CopyOnWriteArrayList<>();
    try (AlertDispatcher d =
        new AlertDispatcher(
            "hub1", null, null, lines::add, System::currentTimeMillis, ZoneOffset.UTC)) {
      Alert a =
          new Alert(
              "file/r",
              agent.toString(),
              log.toString(),
              10_000,
              "%H:%M:%S.%06N",
              Map.of(),
              ALL,
              Set.of());
      d.use(List.of(a));
      Instant t = Instant.parse("2026-12-07T21:05:09.5Z");
      d.send(AlertEvent.node(t, "hub2", "2", false));
      d.send(
          AlertEvent.fencing(
              t,
              "hub2",
              "reboot",
              0,
              "Operation reboot of hub2 by hub1 for paceline-controld@hub1: OK"));
      d.send(AlertEvent.resource(t, "hub1", "vip", "start", 0, 0, 0, 0, 120, "ok"));
      d.send(AlertEvent.resource(t, "hub1", "db", "monitor", 10_000, 8, 8, 0, 30, "promoted"));
      d.send(AlertEvent.attribute(t, "hub1", "master-db", "1000"));
      await("five lines in " + log, () -> read(log).lines().count() == 5);
      List<String> got = read(log).lines().sorted().toList();
      assertEquals(
          List.of(
              "21:05:09.500000: Attribute 'master-db' on node 'hub1' was updated to '1000'",
              "21:05:09.500000: Fencing Operation reboot of hub2 by hub1 for"
                  + " paceline-controld@hub1: OK",
              "21:05:09.500000: Node 'hub2' is now 'lost'",
              "21:05:09.500000: Resource operation 'monitor (10000)' for 'db' on 'hub1': promoted"
                  + " (target: 8)",
              "21:05:09.500000: Resource operation 'start' for 'vip' on 'hub1': ok"),
          got);
      await("nothing pending", () -> d.pending() == 0);
      assertEquals(List.of(), lines);
    }
  }

  @Test
  void aFailingAgentIsRetriedUntilItSucceedsAndItsParametersAreNotLogged() throws Exception {
    Path marker = dir.resolve("failed-once");
    Path out = dir.resolve("out");
    Path agent = dir.resolve("flaky.sh");
    Files.writeString(
        agent,
        "#!/bin/sh\n"
            + "if [ ! -e '"
            + marker
            + "' ]; then touch '"
            + marker
            + "'; exit 3; fi\n"
            + "echo \"$CRM_alert_kind $CRM_alert_node_sequence $CRM_alert_desc $token\" >> '"
            + out
            + "'\n");
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> lines = new CopyOnWriteArrayList<>();
    try (AlertDispatcher d = new AlertDispatcher("hub1", null, null, lines::add)) {
      d.use(
          List.of(
              new Alert(
                  "flaky",
                  agent.toString(),
                  null,
                  5_000,
                  "%s",
                  Map.of("token", "s3cret"),
                  Set.of(AlertEvent.Kind.NODE),
                  Set.of())));
      d.send(AlertEvent.node(Instant.now(), "hub3", "3", true));
      await("delivered after a retry", () -> read(out).equals("node 1 member s3cret\n"));
      await("nothing pending", () -> d.pending() == 0);
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(
          lines.get(0).contains("exit 3") && lines.get(0).contains("retrying"), lines.get(0));
      assertFalse(lines.get(0).contains("s3cret"), lines.get(0));
    }
  }

  @Test
  void theCallerNeverWaitsForAHangingAgent() throws Exception {
    Path agent = dir.resolve("hang.sh");
    Files.writeString(agent, "#!/bin/sh\nexec sleep 30\n");
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> lines = new CopyOnWriteArrayList<>();
    try (AlertDispatcher d = new AlertDispatcher("hub1", null, null, lines::add)) {
      d.use(List.of(new Alert("hang", agent.toString(), null, 300, "%s", Map.of(), ALL, Set.of())));
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        d.send(AlertEvent.node(Instant.now(), "n" + i, null, true));
      }
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMs < 1_000, "send took " + tookMs + " ms");
      await(
          "a timeout logged",
          () -> lines.stream().anyMatch(l -> l.contains("timed out after 300 ms")));
    }
  }
}
