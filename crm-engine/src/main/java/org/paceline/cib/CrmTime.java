package org.paceline.cib;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date and time as Pacemaker's rules read them ({@code crm_time_new}, {@code
 * pe_cron_range_satisfied}): ISO 8601 calendar ({@code 2005-01-20}), ordinal ({@code 2005-020}) and
 * week ({@code 2005-W03-4}) dates, each with an optional time ({@code T12:30}, {@code 12:30:00},
 * after a "T" or a space) and offset ({@code Z}, {@code +02:00}); date_spec fields; and the
 * calendar arithmetic of a {@code duration}. Times without an offset are UTC.
 */
public final class CrmTime {
  private CrmTime() {}

  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(?<date>\\d{4}-(?:\\d{2}-\\d{2}|\\d{3}|W\\d{2}-\\d))"
              + "(?:[T ](?<h>\\d{2})(?::(?<m>\\d{2})(?::(?<s>\\d{2}))?)?"
              + "\\s*(?<off>Z|[+-]\\d{2}(?::?\\d{2})?)?)?");

  /**
   * Epoch seconds of a Pacemaker date-time, or null when the text is not one (Pacemaker then fails
   * the expression).
   */
  public static Long epochSeconds(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = DATE_TIME.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    try {
      LocalDate date = date(m.group("date"));
      int h = m.group("h") == null ? 0 : Integer.parseInt(m.group("h"));
      int min = m.group("m") == null ? 0 : Integer.parseInt(m.group("m"));
      int sec = m.group("s") == null ? 0 : Integer.parseInt(m.group("s"));
      if (h > 24 || min > 59 || sec > 60) {
        return null;
      }
      LocalDateTime dt = date.atStartOfDay().plusHours(h).plusMinutes(min).plusSeconds(sec);
      return dt.toEpochSecond(offset(m.group("off")));
    } catch (java.time.DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static LocalDate date(String d) {
    int year = Integer.parseInt(d.substring(0, 4));
    String rest = d.substring(5);
    if (rest.startsWith("W")) {
      int week = Integer.parseInt(rest.substring(1, 3));
      int day = Integer.parseInt(rest.substring(4));
      return LocalDate.of(year, 1, 4)
          .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
          .with(DayOfWeek.of(day));
    }
    if (rest.length() == 3) {
      return LocalDate.ofYearDay(year, Integer.parseInt(rest));
    }
    return LocalDate.of(
        year, Integer.parseInt(rest.substring(0, 2)), Integer.parseInt(rest.substring(3)));
  }

  private static ZoneOffset offset(String off) {
    if (off == null || off.equals("Z")) {
      return ZoneOffset.UTC;
    }
    int sign = off.charAt(0) == '-' ? -1 : 1;
    String digits = off.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  /**
   * The end of an {@code in_range} given as a start and a {@code duration}: calendar fields added
   * as Pacemaker's crm_time_add does (years, months, weeks, days, hours, minutes, seconds).
   *
   * @param duration the duration element's attributes
   * @return epoch seconds, or null when a field is not an integer
   */
  public static Long plus(long startEpochSeconds, Map<String, String> duration) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(startEpochSeconds, 0, ZoneOffset.UTC);
    try {
      t = t.plusYears(field(duration, "years"));
      t = t.plusMonths(field(duration, "months"));
      t = t.plusWeeks(field(duration, "weeks"));
      t = t.plusDays(field(duration, "days"));
      t = t.plusHours(field(duration, "hours"));
      t = t.plusMinutes(field(duration, "minutes"));
      t = t.plusSeconds(field(duration, "seconds"));
    } catch (NumberFormatException e) {
      return null;
    }
    return t.toEpochSecond(ZoneOffset.UTC);
  }

  private static long field(Map<String, String> attrs, String name) {
    String v = attrs.get(name);
    return v == null || v.isBlank() ? 0 : Long.parseLong(v.trim());
  }

  /**
   * Whether "now" satisfies a {@code date_spec}: every field it names (hours, minutes, seconds,
   * monthdays, weekdays with Monday as 1, yeardays, months, weeks and weekyears as ISO weeks,
   * years) holds a value or an inclusive range {@code a-b}; an open range {@code a-} has no upper
   * bound. A field that is not a number or range fails the spec, as in Pacemaker.
   */
  public static boolean dateSpecHolds(long nowEpochSeconds, Map<String, String> spec) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(nowEpochSeconds, 0, ZoneOffset.UTC);
    LocalDate d = t.toLocalDate();
    return inRange(spec.get("years"), t.getYear())
        && inRange(spec.get("months"), t.getMonthValue())
        && inRange(spec.get("monthdays"), t.getDayOfMonth())
        && inRange(spec.get("hours"), t.getHour())
        && inRange(spec.get("minutes"), t.getMinute())
        && inRange(spec.get("seconds"), t.getSecond())
        && inRange(spec.get("yeardays"), t.getDayOfYear())
        && inRange(spec.get("weekyears"), d.get(IsoFields.WEEK_BASED_YEAR))
        && inRange(spec.get("weeks"), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
        && inRange(spec.get("weekdays"), t.getDayOfWeek().getValue());
  }

  private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*(?:(-)\\s*(\\d+)?)?\\s*");

  private static boolean inRange(String spec, int value) {
    if (spec == null) {
      return true;
    }
    Matcher m = RANGE.matcher(spec);
    if (!m.matches()) {
      return false;
    }
    long low = Long.parseLong(m.group(1));
    if (m.group(2) == null) {
      return value == low;
    }
    if (value < low) {
      return false;
    }
    return m.group(3) == null || value <= Long.parseLong(m.group(3));
  }
}
