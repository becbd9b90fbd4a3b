package org.paceline.cib;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pacemaker's time specifications for operation intervals and timeouts: an integer with an optional
 * unit (ms, msec, us, usec, s, sec, m, min, h, hr; seconds when none) or an ISO 8601 duration such
 * as {@code PT30S}.
 */
public final class IntervalSpec {
  private static final Pattern PLAIN =
      Pattern.compile("\\s*([0-9]+)\\s*(ms|msec|us|usec|s|sec|m|min|h|hr)?\\s*");

  private IntervalSpec() {}

  /**
   * Milliseconds for a time specification.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static long toMs(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing time value");
    }
    Matcher m = PLAIN.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms", "msec" -> n;
        case "us", "usec" -> n / 1000;
        case "s", "sec" -> n * 1000;
        case "m", "min" -> n * 60_000;
        case "h", "hr" -> n * 3_600_000;
        default -> throw new IllegalStateException(unit);
      };
    }
    if (text.startsWith("P")) {
      try {
        return Duration.parse(text.trim()).toMillis();
      } catch (DateTimeParseException e) {
        // fall through to the error below: the message names every accepted form
      }
    }
    throw new IllegalArgumentException(
        "bad time value '"
            + text
            + "' (expected an integer with an optional unit ms/s/min/h, e.g. 10s, or ISO 8601 like"
            + " PT10S)");
  }
}
