package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pacemaker's time specifications, through the plain fast path and the full parser alike. */
@Tag("unit")
class IntervalSpecTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0|0",
        "10|10000",
        "10s|10000",
        "10sec|10000",
        "10S|10000",
        "' 10 s '|10000",
        "500ms|500",
        "500MSEC|500",
        "3000us|3",
        "3000usec|3",
        "2m|120000",
        "2min|120000",
        "1h|3600000",
        "1HR|3600000",
        "'\t20s\n'|20000",
        "PT30S|30000",
        "PT1M|60000",
        // Pacemaker's crm_time_parse_duration: H and S count without the T, M is months before it
        "P10S|10000",
        "P2H|7200000",
        "P1DT1M|86460000",
        "P1M|2592000000",
        "P1W|604800000",
        "999999999999999|999999999999999000",
        "9223372036854775807ms|9223372036854775807"
      })
  void readsEveryAcceptedForm(String text, long ms) {
    assertEquals(ms, IntervalSpec.toMs(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " ", "s", "10x", "10 s x", "1.5s", "-5s", "10ss", "ten", "P", "PTxS", "PT", "P10",
        "P10X", "PS"
      })
  void refusesAnythingElseNamingTheText(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IntervalSpec.toMs(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "9223372036854775808ms", "9999999999999999"})
  void refusesValuesBeyondALongOfMillisecondsNamingTheText(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IntervalSpec.toMs(text));
    assertTrue(e.getMessage().contains("'" + text + "' (too large"), e.getMessage());
  }
}
