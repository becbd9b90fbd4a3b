package org.paceline.cib;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies that keep document order, used by the compact constructors of the model. */
final class Immutables {
  private Immutables() {}

  static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  /** An unmodifiable copy that iterates in the source's order (Map.copyOf does not). */
  static Map<String, String> attributes(Map<String, String> values) {
    if (values == null || values.isEmpty()) {
      return Map.of();
    }
    if (values instanceof CompactAttributes) {
      return values;
    }
    if (values.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
      // Only hand-built maps can hold nulls; keep their exact content.
      return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
    return new CompactAttributes(values);
  }
}
