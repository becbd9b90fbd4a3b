package org.paceline.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.paceline.cib.CibXmlReader;

/** Snapshots built from the test CIBs under src/test/resources/status, at a fixed time. */
public final class StatusFixtures {
  /** Where the test CIBs and golden outputs live. */
  public static final Path DIR = Path.of("src/test/resources/status");

  /** The fixed "now" of every fixture snapshot. */
  public static final Instant NOW = Instant.parse("2026-11-23T19:00:00Z");

  private StatusFixtures() {}

  /**
   * The snapshot of {@code NAME.xml} seen from {@code localNode}, with pgsql-clone as the active
   * resource, report times, and for the degraded case a failed then a pending-free fencing history.
   */
  public static ClusterSnapshot snapshot(String name, String localNode) throws Exception {
    ClusterSnapshot s =
        ClusterSnapshot.fromCib(
            CibXmlReader.read(DIR.resolve(name + ".xml")).cib(), localNode, "pgsql-clone", NOW);
    s =
        s.withLastReported(
            Map.of(
                "hub1",
                NOW.minusSeconds(1),
                "hub2",
                name.equals("hub-pair-degraded") ? NOW.minusSeconds(95) : NOW.minusSeconds(2)));
    if (name.equals("hub-pair-degraded")) {
      s =
          s.withFencingHistory(
              List.of(
                  new FencingEvent(
                      "hub3",
                      "reboot",
                      true,
                      NOW.minusSeconds(86_400),
                      "origin=hub1, requested by DC"),
                  new FencingEvent(
                      "hub2",
                      "reboot",
                      false,
                      NOW.minusSeconds(60),
                      "fence-hub2: ipmitool: Unable to establish IPMI v2 / RMCP+ session")));
    }
    return s;
  }
}
