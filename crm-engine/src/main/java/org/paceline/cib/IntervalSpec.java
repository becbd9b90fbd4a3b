package org.paceline.cib;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Pacemaker's time specifications for operation intervals and timeouts: an integer with an optional
 * unit (ms, msec, us, usec, s, sec, m, min, h, hr; seconds when none) or an ISO 8601 duration such
 * as {@code PT30S}.
 */
public final class IntervalSpec {
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
    long plain = plainMs(text);
    if (plain >= 0) {
      return plain;
    }
    if (text.startsWith("P")) {
      try {
        return Duration.parse(text.trim()).toMillis();
      } catch (DateTimeParseException | ArithmeticException e) {
        long lenient = pacemakerDuration(text.trim());
        if (lenient >= 0) {
          return lenient;
        }
      }
    }
    throw new IllegalArgumentException(
        "bad time value '"
            + text
            + "' (expected an integer with an optional unit ms/s/min/h, e.g. 10s, or ISO 8601 like"
            + " PT10S)");
  }

  /**
   * An ISO 8601 duration as Pacemaker's crm_time_parse_duration reads it, which is more lenient
   * than the standard: hours and seconds count without the "T" ({@code P10S} is 10 s), "M" is
   * months before a "T" and minutes after it; a year is 365 days and a month 30. -1 when the text
   * is not such a duration.
   */
  private static long pacemakerDuration(String text) {
    long seconds = 0;
    boolean time = false;
    boolean any = false;
    int i = 1;
    int n = text.length();
    try {
      while (i < n) {
        char c = text.charAt(i);
        if (c == 'T') {
          time = true;
          i++;
          continue;
        }
        int start = i;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
          i++;
        }
        if (i == start || i == n) {
          return -1;
        }
        long v = Long.parseLong(text.substring(start, i));
        long unit =
            switch (text.charAt(i)) {
              case 'Y' -> 365L * 86_400;
              case 'M' -> time ? 60 : 30L * 86_400;
              case 'W' -> 7L * 86_400;
              case 'D' -> 86_400;
              case 'H' -> 3_600;
              case 'S' -> 1;
              default -> -1;
            };
        if (unit < 0) {
          return -1;
        }
        seconds = Math.addExact(seconds, Math.multiplyExact(v, unit));
        any = true;
        i++;
      }
      return any ? Math.multiplyExact(seconds, 1000L) : -1;
    } catch (ArithmeticException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * An integer with an optional unit ("10s", "0", "500ms", " 2 min "), read without a regex or a
   * lower-cased copy: the scheduler reads every operation's interval many times. -1 when the text
   * has another form.
   *
   * @throws IllegalArgumentException when the value does not fit in a long of milliseconds
   */
  private static long plainMs(String text) {
    int i = 0;
    int n = text.length();
    while (i < n && isSpace(text.charAt(i))) {
      i++;
    }
    int digits = i;
    while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    if (i == digits) {
      return -1;
    }
    int digitsEnd = i;
    while (i < n && isSpace(text.charAt(i))) {
      i++;
    }
    int unitStart = i;
    while (i < n && Character.isLetter(text.charAt(i))) {
      i++;
    }
    int unitEnd = i;
    while (i < n && isSpace(text.charAt(i))) {
      i++;
    }
    if (i != n) {
      return -1;
    }
    long multiplier;
    long divisor = 1;
    if (unitStart == unitEnd
        || unitIs(text, unitStart, unitEnd, "s")
        || unitIs(text, unitStart, unitEnd, "sec")) {
      multiplier = 1000;
    } else if (unitIs(text, unitStart, unitEnd, "ms") || unitIs(text, unitStart, unitEnd, "msec")) {
      multiplier = 1;
    } else if (unitIs(text, unitStart, unitEnd, "us") || unitIs(text, unitStart, unitEnd, "usec")) {
      multiplier = 1;
      divisor = 1000;
    } else if (unitIs(text, unitStart, unitEnd, "m") || unitIs(text, unitStart, unitEnd, "min")) {
      multiplier = 60_000;
    } else if (unitIs(text, unitStart, unitEnd, "h") || unitIs(text, unitStart, unitEnd, "hr")) {
      multiplier = 3_600_000;
    } else {
      return -1;
    }
    try {
      long v = 0;
      for (int k = digits; k < digitsEnd; k++) {
        v = Math.addExact(Math.multiplyExact(v, 10), text.charAt(k) - '0');
      }
      return Math.multiplyExact(v, multiplier) / divisor;
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "bad time value '" + text + "' (too large: at most " + Long.MAX_VALUE + " ms)");
    }
  }

  private static boolean unitIs(String text, int start, int end, String unit) {
    return end - start == unit.length() && text.regionMatches(true, start, unit, 0, unit.length());
  }

  /** Whitespace as a regex's {@code \s} matches it. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }
}
