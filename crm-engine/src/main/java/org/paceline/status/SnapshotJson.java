package org.paceline.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;

/**
 * A {@link ClusterSnapshot} as one JSON document, for the daemon's {@code snapshot} admin verb and
 * the DC's status push: the CIB travels as its XML (the form every other tool reads), the rest as
 * plain fields with instants in ISO-8601. Pure: no I/O, no clock.
 */
public final class SnapshotJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SnapshotJson() {}

  /** The snapshot as a JSON document (one line). */
  public static String write(ClusterSnapshot s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("local_node", s.localNode());
    n.put("quorate", s.quorate());
    n.put("dc", s.dc());
    ArrayNode members = n.putArray("online_members");
    s.onlineMembers().forEach(members::add);
    ObjectNode seen = n.putObject("last_reported");
    new TreeMap<>(s.lastReported()).forEach((k, v) -> seen.put(k, v.toString()));
    ArrayNode fencing = n.putArray("fencing_history");
    for (FencingEvent e : s.fencingHistory()) {
      ObjectNode f = fencing.addObject();
      f.put("target", e.target());
      f.put("action", e.action());
      f.put("ok", e.ok());
      f.put("when", e.when().toString());
      f.put("detail", e.detail());
    }
    n.put("active_resource", s.activeResource());
    n.put("taken_at", s.takenAt().toString());
    n.put("cib", CibXmlWriter.write(s.cib()));
    try {
      return JSON.writeValueAsString(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a snapshot as JSON", e);
    }
  }

  /**
   * Reads a document written by {@link #write}.
   *
   * @throws StatusUnavailableException (not unreadable) when the document is damaged
   */
  public static ClusterSnapshot read(String json, String source) throws StatusUnavailableException {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.isObject() || !n.hasNonNull("cib") || !n.hasNonNull("taken_at")) {
        throw new StatusUnavailableException(source + ": not a status snapshot", false);
      }
      List<String> members = new ArrayList<>();
      n.path("online_members").forEach(m -> members.add(m.asText()));
      Map<String, Instant> seen = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("last_reported").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        seen.put(e.getKey(), Instant.parse(e.getValue().asText()));
      }
      List<FencingEvent> fencing = new ArrayList<>();
      for (JsonNode f : n.path("fencing_history")) {
        fencing.add(
            new FencingEvent(
                f.path("target").asText(),
                f.path("action").asText(),
                f.path("ok").asBoolean(),
                Instant.parse(f.path("when").asText()),
                f.path("detail").asText("")));
      }
      return new ClusterSnapshot(
          text(n, "local_node"),
          CibXmlReader.read(n.get("cib").asText(), source).cib(),
          n.path("quorate").asBoolean(false),
          text(n, "dc"),
          members,
          seen,
          fencing,
          text(n, "active_resource"),
          Instant.parse(n.get("taken_at").asText()));
    } catch (IOException | DateTimeParseException | CibFormatException e) {
      throw new StatusUnavailableException(
          source + ": damaged status snapshot: " + e.getMessage(), false);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
