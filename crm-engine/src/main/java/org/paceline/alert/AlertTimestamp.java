package org.paceline.alert;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Formats an alert's {@code CRM_alert_timestamp} as Pacemaker does: strftime conversions plus
 * {@code %N} for the fraction of a second, whose digits give the precision ({@code %6N} and {@code
 * %06N} microseconds, {@code %3N} milliseconds; nine without digits). A conversion strftime has but
 * this does not know is kept as written, so that the agent sees what was asked for.
 */
public final class AlertTimestamp {
  private AlertTimestamp() {}

  /** {@code at} in {@code zone} as {@code format} says. */
  public static String format(String format, Instant at, ZoneId zone) {
    ZonedDateTime t = at.atZone(zone);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        b.append(c);
        continue;
      }
      int j = i + 1;
      while (j < format.length() && Character.isDigit(format.charAt(j))) {
        j++;
      }
      if (j >= format.length()) {
        b.append(format, i, j);
        i = j - 1;
        continue;
      }
      char conv = format.charAt(j);
      String digits = format.substring(i + 1, j);
      if (conv == 'N') {
        int precision = digits.isEmpty() ? 9 : Math.min(9, Integer.parseInt(digits));
        String nanos = String.format("%09d", t.getNano());
        b.append(nanos, 0, Math.max(precision, 0));
      } else if (digits.isEmpty()) {
        String s = convert(conv, t);
        b.append(s == null ? "%" + conv : s);
      } else {
        b.append(format, i, j + 1);
      }
      i = j;
    }
    return b.toString();
  }

  private static String convert(char conv, ZonedDateTime t) {
    return switch (conv) {
      case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
      case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT);
      case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT);
      case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT);
      case 'c' -> t.format(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT));
      case 'C' -> two(t.getYear() / 100);
      case 'd' -> two(t.getDayOfMonth());
      case 'D' ->
          two(t.getMonthValue()) + "/" + two(t.getDayOfMonth()) + "/" + two(t.getYear() % 100);
      case 'e' -> String.format("%2d", t.getDayOfMonth());
      case 'F' -> t.getYear() + "-" + two(t.getMonthValue()) + "-" + two(t.getDayOfMonth());
      case 'H' -> two(t.getHour());
      case 'I' -> two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
      case 'j' -> String.format("%03d", t.getDayOfYear());
      case 'k' -> String.format("%2d", t.getHour());
      case 'l' -> String.format("%2d", t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
      case 'm' -> two(t.getMonthValue());
      case 'M' -> two(t.getMinute());
      case 'n' -> "\n";
      case 'p' -> t.getHour() < 12 ? "AM" : "PM";
      case 'R' -> two(t.getHour()) + ":" + two(t.getMinute());
      case 's' -> Long.toString(t.toEpochSecond());
      case 'S' -> two(t.getSecond());
      case 't' -> "\t";
      case 'T' -> two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
      case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
      case 'y' -> two(t.getYear() % 100);
      case 'Y' -> Integer.toString(t.getYear());
      case 'z' -> t.format(DateTimeFormatter.ofPattern("xx", Locale.ROOT));
      case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT);
      case '%' -> "%";
      default -> null;
    };
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }
}
