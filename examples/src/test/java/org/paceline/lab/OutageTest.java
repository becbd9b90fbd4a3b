package org.paceline.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How the campaign turns a client's attempts into an outage figure. */
@Tag("unit")
class OutageTest {
  private static Probes.Attempt a(long startMs, long endMs, boolean ok) {
    return new Probes.Attempt(startMs * 1_000_000, endMs * 1_000_000, ok);
  }

  @Test
  void outageEndsWithTheFirstSuccessAfterTheLastFailure() {
    List<Probes.Attempt> as =
        List.of(
            a(990, 995, true),
            a(1000, 1200, false),
            a(1250, 1300, true), // a lucky answer in the middle of the failover
            a(1300, 1500, false),
            a(1550, 1560, true),
            a(1600, 1610, true));
    assertEquals(560, FaultCampaign.outage(as, 1_000_000_000L, 1_600_000_000L));
  }

  @Test
  void withoutFailuresItIsTheFirstAnswerAfterTheFault() {
    List<Probes.Attempt> as = List.of(a(990, 995, true), a(1003, 1010, true));
    assertEquals(10, FaultCampaign.outage(as, 1_000_000_000L, 1_500_000_000L));
  }

  @Test
  void neverBackIsMinusOne() {
    List<Probes.Attempt> as = List.of(a(1000, 1200, false), a(1300, 1500, false));
    assertEquals(-1, FaultCampaign.outage(as, 1_000_000_000L, -1));
  }

  @Test
  void medianOfEvenAndOddCounts() {
    assertEquals("2", FaultCampaign.median(List.of(1L, 2L, 9L)));
    assertEquals("5", FaultCampaign.median(List.of(1L, 4L, 6L, 9L)));
    assertEquals("-", FaultCampaign.median(List.of()));
  }

  @Test
  void badOptionsAreRefusedBeforeAnyFault() {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      int rc =
          new picocli.CommandLine(new FaultCampaign())
              .execute("--lab-script", "/nonexistent", "--kinds", "poweroff,meteor");
      assertEquals(2, rc);
      rc =
          new picocli.CommandLine(new FaultCampaign())
              .execute("--lab-script", "/nonexistent", "--lab", "/nonexistent-lab");
      assertEquals(2, rc);
    } finally {
      System.setErr(err);
    }
    String text = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertTrue(text.contains("unknown fault kind 'meteor'"), text);
    org.junit.jupiter.api.Assertions.assertTrue(text.contains("no lab at /nonexistent-lab"), text);
  }
}
