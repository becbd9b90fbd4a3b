package org.paceline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook against a real HTTP server on loopback (down at first, then up), and the on-disk
 * queue across a restart of the dispatcher.
 */
@Tag("unit")
class WebhookAndQueueTest {
  private static final byte[] KEY = "k3y-not-for-logs".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + 30_000_000_000L;
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  private record Received(String eventId, String signature, String body) {}

  @Test
  void eventsRaisedWhileTheReceiverIsDownArriveOnceEachSignedWhenItAnswers() throws Exception {
    List<Received> got = new CopyOnWriteArrayList<>();
    AtomicBoolean up = new AtomicBoolean(false);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          if (!up.get()) {
            x.sendResponseHeaders(503, -1); // a receiver that is down for maintenance
          } else {
            got.add(
                new Received(
                    x.getRequestHeaders().getFirst(Webhook.EVENT_HEADER),
                    x.getRequestHeaders().getFirst(Webhook.SIGNATURE_HEADER),
                    new String(body, StandardCharsets.UTF_8)));
            x.sendResponseHeaders(204, -1);
          }
          x.close();
        });
    server.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      try (AlertDispatcher d =
          new AlertDispatcher(
              "hub1",
              new DeliveryQueue(dir.resolve("q")),
              new Webhook(url, KEY, "hubs"),
              lines::add,
              System::currentTimeMillis,
              ZoneOffset.UTC)) {
        d.use(List.of());
        Instant t = Instant.parse("2026-12-07T21:05:09.5Z");
        d.send(AlertEvent.node(t, "hub2", "2", false));
        d.send(AlertEvent.fencing(t, "hub2", "reboot", 0, "Operation reboot of hub2: OK"));
        d.send(AlertEvent.resource(t, "hub1", "vip", "start", 0, 0, 0, 0, 120, "ok"));
        await(
            "a failed attempt logged", () -> lines.stream().anyMatch(l -> l.contains("HTTP 503")));
        assertTrue(got.isEmpty());
        up.set(true);
        await("three events delivered", () -> got.size() == 3 && d.pending() == 0);
        assertEquals(3, got.stream().map(Received::eventId).distinct().count(), got.toString());
        ObjectMapper json = new ObjectMapper();
        for (Received r : got) {
          assertEquals(Webhook.signature(KEY, r.body()), r.signature(), r.body());
          JsonNode n = json.readTree(r.body());
          assertEquals(r.eventId(), n.get("id").asText());
          assertEquals("hubs", n.get("cluster").asText());
          assertEquals("hub1", n.get("sender").asText());
        }
        JsonNode fence =
            got.stream()
                .map(r -> readTree(json, r.body()))
                .filter(n -> n.get("kind").asText().equals("fencing"))
                .findFirst()
                .orElseThrow();
        assertEquals("hub2", fence.get("node").asText());
        assertEquals("reboot", fence.get("task").asText());
        assertEquals("2026-12-07T21:05:09.500Z", fence.get("timestamp").asText());
        // Delivered: nothing is left in the queue, and the key was never logged.
        try (var files = Files.list(dir.resolve("q"))) {
          assertEquals(0, files.count());
        }
        assertFalse(lines.stream().anyMatch(l -> l.contains("k3y")), lines.toString());
      }
    } finally {
      server.stop(0);
    }
  }

  private static JsonNode readTree(ObjectMapper json, String body) {
    try {
      return json.readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anUndeliveredEventSurvivesARestartOfTheDaemon() throws Exception {
    Path out = dir.resolve("out");
    Path agent = dir.resolve("agent.sh");
    Path broken = dir.resolve("broken");
    Files.createFile(broken);
    Files.writeString(
        agent,
        "#!/bin/sh\n[ -e '"
            + broken
            + "' ] && exit 1\necho \"$CRM_alert_node_sequence $CRM_alert_node $CRM_alert_desc\" >> '"
            + out
            + "'\n");
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    Alert a =
        new Alert(
            "a",
            agent.toString(),
            null,
            5_000,
            "%s",
            Map.of(),
            Set.of(AlertEvent.Kind.NODE),
            Set.of());
    List<String> lines = new CopyOnWriteArrayList<>();
    Path q = dir.resolve("q");
    try (AlertDispatcher first = new AlertDispatcher("hub1", q, null, lines::add)) {
      first.use(List.of(a));
      first.send(AlertEvent.node(Instant.now(), "hub3", "3", false));
      await("a failed attempt", () -> lines.stream().anyMatch(l -> l.contains("exit 1")));
    }
    try (var files = Files.list(q)) {
      assertEquals(1, files.filter(f -> f.toString().endsWith(".json")).count());
    }
    Files.delete(broken);
    try (AlertDispatcher second = new AlertDispatcher("hub1", q, null, lines::add)) {
      assertEquals(1, second.pending());
      second.use(List.of(a));
      await("delivered after the restart", () -> second.pending() == 0);
      assertEquals("1 hub3 lost\n", Files.readString(out));
    }
  }
}
