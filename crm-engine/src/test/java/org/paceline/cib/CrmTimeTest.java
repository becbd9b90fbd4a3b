package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CrmTimeTest {
  private static long utc(int y, int mo, int d, int h, int mi, int s) {
    return LocalDateTime.of(y, mo, d, h, mi, s).toEpochSecond(ZoneOffset.UTC);
  }

  @Test
  void readsTheDateFormsPacemakerAccepts() {
    assertEquals(utc(2005, 1, 20, 0, 0, 0), CrmTime.epochSeconds("2005-020"));
    assertEquals(utc(2005, 1, 20, 12, 30, 0), CrmTime.epochSeconds("2005-020T12:30"));
    assertEquals(utc(2005, 1, 20, 12, 30, 5), CrmTime.epochSeconds("2005-01-20 12:30:05"));
    // ISO week 3 of 2005, Thursday = 20 January 2005
    assertEquals(utc(2005, 1, 20, 0, 0, 0), CrmTime.epochSeconds("2005-W03-4"));
    assertEquals(utc(2019, 9, 20, 13, 10, 52), CrmTime.epochSeconds("2019-09-20 15:10:52 +02:00"));
    assertEquals(utc(2019, 9, 20, 15, 10, 52), CrmTime.epochSeconds("2019-09-20T15:10:52Z"));
  }

  @Test
  void textThatIsNoDateIsNull() {
    assertNull(CrmTime.epochSeconds("yesterday"));
    assertNull(CrmTime.epochSeconds("2005-13-01"));
    assertNull(CrmTime.epochSeconds("2005-400"));
    assertNull(CrmTime.epochSeconds(null));
  }

  @Test
  void aDurationAddsCalendarFields() {
    long start = utc(2024, 1, 31, 0, 0, 0);
    assertEquals(utc(2024, 2, 29, 0, 0, 0), CrmTime.plus(start, Map.of("months", "1")));
    assertEquals(
        utc(2024, 2, 1, 1, 30, 0),
        CrmTime.plus(start, Map.of("days", "1", "hours", "1", "minutes", "30")));
    assertNull(CrmTime.plus(start, Map.of("days", "x")));
  }

  @Test
  void aDateSpecHoldsWhenEveryNamedFieldDoes() {
    long thursdayNoon = utc(2005, 1, 20, 12, 15, 0);
    assertTrue(CrmTime.dateSpecHolds(thursdayNoon, Map.of("hours", "9-17", "weekdays", "1-5")));
    assertFalse(CrmTime.dateSpecHolds(thursdayNoon, Map.of("hours", "13-17")));
    assertFalse(CrmTime.dateSpecHolds(thursdayNoon, Map.of("weekdays", "6-7")));
    assertTrue(CrmTime.dateSpecHolds(thursdayNoon, Map.of("hours", "12")));
    assertTrue(CrmTime.dateSpecHolds(thursdayNoon, Map.of("yeardays", "20", "weeks", "3")));
    assertTrue(CrmTime.dateSpecHolds(thursdayNoon, Map.of("months", "1-", "years", "2005")));
    assertFalse(CrmTime.dateSpecHolds(thursdayNoon, Map.of("hours", "noon")));
  }
}
