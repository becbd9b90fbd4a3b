package org.paceline.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert deliveries not yet done, one small JSON file each in the daemon's data directory, so
 * that a delivery survives a restart of the daemon: written before the first attempt, deleted once
 * delivered or given up. Files are written whole (a temporary file renamed over), so a crash leaves
 * either the old state or the new one.
 */
final class DeliveryQueue {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  /** A queue in {@code dir}, created when missing (inside the data directory, which is 0700). */
  DeliveryQueue(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  /**
   * One delivery: an event for one target.
   *
   * @param target the alert target's id ({@link Alert#id()}), or {@link AlertDispatcher#WEBHOOK}
   * @param eventId the event's id, the same for all of its deliveries and retries
   * @param sequence the event's number on this node (CRM_alert_node_sequence)
   * @param event the event
   * @param attempt how many attempts failed so far
   * @param firstEpochMs when the event was first queued (for the expiry)
   */
  record Delivery(
      String target,
      String eventId,
      long sequence,
      AlertEvent event,
      int attempt,
      long firstEpochMs) {
    Delivery next() {
      return new Delivery(target, eventId, sequence, event, attempt + 1, firstEpochMs);
    }

    String fileName() {
      return (eventId + "--" + target).replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }
  }

  void save(Delivery d) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("target", d.target());
    n.put("event_id", d.eventId());
    n.put("sequence", d.sequence());
    n.put("attempt", d.attempt());
    n.put("first_epoch_ms", d.firstEpochMs());
    AlertEvent e = d.event();
    n.put("kind", e.kind().name());
    n.put("at", e.at().toString());
    n.put("node", e.node());
    n.put("nodeid", e.nodeId());
    n.put("desc", e.desc());
    n.put("task", e.task());
    n.put("rsc", e.rsc());
    n.put("interval_ms", e.intervalMs());
    n.put("rc", e.rc());
    n.put("target_rc", e.targetRc());
    n.put("status", e.status());
    n.put("exec_ms", e.execMs());
    n.put("attribute_name", e.attributeName());
    n.put("attribute_value", e.attributeValue());
    Path f = dir.resolve(d.fileName());
    Path tmp = dir.resolve(d.fileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(n));
    try {
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException x) {
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  void remove(Delivery d) throws IOException {
    Files.deleteIfExists(dir.resolve(d.fileName()));
  }

  /** Every delivery in the queue; files that cannot be read are reported and removed. */
  List<Delivery> load(List<String> problems) throws IOException {
    List<Delivery> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          out.add(read(JSON.readTree(f.toFile())));
        } catch (IOException | RuntimeException x) {
          problems.add("unreadable queued alert " + f + " removed: " + x.getMessage());
          Files.deleteIfExists(f);
        }
      }
    }
    out.sort(
        java.util.Comparator.comparingLong(Delivery::firstEpochMs)
            .thenComparingLong(Delivery::sequence));
    return out;
  }

  private static Delivery read(JsonNode n) {
    AlertEvent e =
        new AlertEvent(
            AlertEvent.Kind.valueOf(n.get("kind").asText()),
            Instant.parse(n.get("at").asText()),
            text(n, "node"),
            text(n, "nodeid"),
            text(n, "desc"),
            text(n, "task"),
            text(n, "rsc"),
            n.hasNonNull("interval_ms") ? n.get("interval_ms").asLong() : null,
            n.hasNonNull("rc") ? n.get("rc").asInt() : null,
            n.hasNonNull("target_rc") ? n.get("target_rc").asInt() : null,
            n.hasNonNull("status") ? n.get("status").asInt() : null,
            n.hasNonNull("exec_ms") ? n.get("exec_ms").asLong() : null,
            text(n, "attribute_name"),
            text(n, "attribute_value"));
    return new Delivery(
        n.get("target").asText(),
        n.get("event_id").asText(),
        n.get("sequence").asLong(),
        e,
        n.get("attempt").asInt(),
        n.get("first_epoch_ms").asLong());
  }

  private static String text(JsonNode n, String k) {
    return n.hasNonNull(k) ? n.get(k).asText() : null;
  }
}
