package org.paceline.cib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each id was defined in the source document, so that problems found later on the model can
 * name a file and line.
 */
public final class SourceLocations {
  private final String source;
  private final Map<String, List<Integer>> linesById = new HashMap<>();

  public SourceLocations(String source) {
    this.source = source;
  }

  /** No source (a model built in code). */
  public static SourceLocations none() {
    return new SourceLocations(null);
  }

  void record(String id, int line) {
    if (id != null && line > 0) {
      linesById.computeIfAbsent(id, k -> new ArrayList<>()).add(line);
    }
  }

  /** A copy whose lines after {@code afterLine} move down by {@code by}. */
  SourceLocations shifted(int afterLine, int by) {
    SourceLocations out = new SourceLocations(source);
    linesById.forEach(
        (id, lines) -> {
          for (int l : lines) {
            out.record(id, l > afterLine ? l + by : l);
          }
        });
    return out;
  }

  /** Adds another part's locations, its lines moved down by {@code offset}. */
  void addAll(SourceLocations part, int offset) {
    part.linesById.forEach(
        (id, lines) -> {
          for (int l : lines) {
            record(id, l + offset);
          }
        });
  }

  /** This, with every id's lines in document order. */
  SourceLocations sorted() {
    linesById.values().forEach(l -> l.sort(null));
    return this;
  }

  /** The file or source name, or null. */
  public String source() {
    return source;
  }

  /** Lines where {@code id} was defined, in document order (empty when unknown). */
  public List<Integer> lines(String id) {
    return linesById.getOrDefault(id, List.of());
  }

  /** "file:line: " for an id (or "file: " / "" when unknown), as a message prefix. */
  public String prefix(String id) {
    List<Integer> lines = lines(id);
    if (source == null) {
      return lines.isEmpty() ? "" : "line " + lines.get(0) + ": ";
    }
    return lines.isEmpty() ? source + ": " : source + ":" + lines.get(0) + ": ";
  }
}
