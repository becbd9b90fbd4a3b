package org.paceline.fencing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent fencing history: an append-only file of JSON lines, one {@link HistoryEntry} per
 * line, forced to disk after each append so a confirmed fencing survives a crash of the process
 * that recorded it. A torn last line (a crash mid-append) is skipped when reading and reported in
 * {@link Read#damagedLines()}; earlier lines stay readable.
 */
public final class FenceHistory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  /**
   * What reading the history found.
   *
   * @param entries the readable entries, oldest first
   * @param damagedLines how many lines could not be parsed
   */
  public record Read(List<HistoryEntry> entries, int damagedLines) {
    public Read {
      entries = List.copyOf(entries);
    }
  }

  public FenceHistory(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Appends one entry and forces it to disk. */
  public synchronized void append(HistoryEntry e) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("time", e.time().toString());
    n.put("origin", e.origin());
    n.put("target", e.target());
    n.put("device", e.device());
    n.put("level", e.level());
    n.put("action", e.action().word());
    n.put("result", e.result().name());
    n.put("durationMs", e.durationMs());
    n.put("message", e.message());
    byte[] line = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // After a torn append the file does not end in a newline; start a fresh line so the new
      // entry is not glued to the damaged one.
      // Another process (a second crm shell) may append at the same time: hold the file lock
      // from reading the size until the write is forced.
      ch.lock();
      long size = ch.size();
      ch.position(size);
      if (size > 0) {
        ByteBuffer lastByte = ByteBuffer.allocate(1);
        ch.read(lastByte, size - 1);
        if (lastByte.get(0) != '\n') {
          ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
      }
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  /** Reads every entry; a missing file is an empty history. */
  public synchronized Read read() throws IOException {
    if (!Files.exists(file)) {
      return new Read(List.of(), 0);
    }
    List<HistoryEntry> out = new ArrayList<>();
    int damaged = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        out.add(
            new HistoryEntry(
                Instant.parse(n.get("time").asText()),
                text(n, "origin"),
                text(n, "target"),
                text(n, "device"),
                n.path("level").asInt(0),
                FenceAction.parse(n.get("action").asText()),
                HistoryResult.valueOf(n.get("result").asText()),
                n.path("durationMs").asLong(0),
                text(n, "message")));
      } catch (IOException | RuntimeException ex) {
        // A torn or foreign line must not hide the rest of the history: count it and go on.
        damaged++;
      }
    }
    return new Read(out, damaged);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
