package org.paceline.cib;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One read's pool of short attribute values: they repeat massively in the status section, so each
 * is kept once.
 */
final class CanonicalValues {
  /** Values up to this length are shared between elements (ids, digests, flags). */
  private static final int CANONICAL_MAX_LENGTH = 48;

  /**
   * Values seeded into every read's pool as the literals they are: a string literal is one shared
   * instance in the JVM, so the scheduler's many {@code task.equals("monitor")} tests on 640,000
   * history entries succeed on identity instead of comparing characters.
   */
  private static final List<String> WELL_KNOWN_VALUES =
      List.of(
          "monitor",
          "start",
          "stop",
          "promote",
          "demote",
          "migrate_to",
          "migrate_from",
          "notify",
          "reload",
          "reload-agent",
          "0",
          "1",
          "true",
          "false",
          "member",
          "down",
          "online",
          "offline",
          "ocf",
          "stonith",
          "lsb",
          "systemd",
          "service");

  private final Map<String, String> pool = new HashMap<>();

  CanonicalValues() {
    for (String v : WELL_KNOWN_VALUES) {
      pool.put(v, v);
    }
  }

  /** Short attribute values repeat massively in the status section; keep one copy of each. */
  String canonical(String value) {
    if (value.length() > CANONICAL_MAX_LENGTH) {
      return value;
    }
    String seen = pool.putIfAbsent(value, value);
    return seen == null ? value : seen;
  }
}
