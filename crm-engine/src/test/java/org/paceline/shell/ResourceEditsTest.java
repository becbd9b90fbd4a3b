package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Configuration;
import org.paceline.cib.DateExpression;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.Score;

/** What crm resource commands change in the configuration. */
@Tag("unit")
class ResourceEditsTest {
  @Test
  void metaAttributes() throws Exception {
    Configuration c = CrmshConfigureTest.base();
    c = ResourceEdits.setMeta(c, "d", "target-role", "Stopped");
    assertEquals(Optional.of("Stopped"), c.resource("d").orElseThrow().meta("target-role"));
    c = ResourceEdits.setMeta(c, "d", "target-role", null);
    assertEquals(Optional.empty(), c.resource("d").orElseThrow().meta("target-role"));
    assertTrue(c.resource("d").orElseThrow().metaAttributes().isEmpty());
    assertThrows(
        ResourceEdits.EditException.class,
        () -> ResourceEdits.setMeta(CrmshConfigureTest.base(), "x", "is-managed", "false"));
  }

  @Test
  void moveBanClear() throws Exception {
    Configuration c = CrmshConfigureTest.base();
    c = ResourceEdits.move(c, "d", "n2", null);
    c = ResourceEdits.move(c, "d", "n3", null); // a second move replaces the first
    c = ResourceEdits.ban(c, "d", "n1", null);
    assertEquals(2, c.constraints().size());
    LocationConstraint prefer = (LocationConstraint) c.constraints().get(0);
    assertEquals("cli-prefer-d", prefer.id());
    assertEquals("n3", prefer.node());
    LocationConstraint ban = (LocationConstraint) c.constraints().get(1);
    assertEquals("cli-ban-d-on-n1", ban.id());
    assertEquals(Score.MINUS_INFINITY, ban.score());
    c = ResourceEdits.clear(c, "d");
    assertTrue(c.constraints().isEmpty());
    assertThrows(
        ResourceEdits.EditException.class,
        () -> ResourceEdits.move(CrmshConfigureTest.base(), "d", "n9", null));
  }

  @Test
  void lifetimeBecomesADateRule() throws Exception {
    Instant now = Instant.parse("2026-11-23T20:00:00Z");
    assertEquals("2026-11-23T21:00:00Z", ResourceEdits.lifetimeEnd("PT1H", now));
    assertEquals("2026-11-23T21:00:00Z", ResourceEdits.lifetimeEnd("P1H", now));
    assertEquals("2026-11-24T20:00:00Z", ResourceEdits.lifetimeEnd("P1D", now));
    assertThrows(ResourceEdits.EditException.class, () -> ResourceEdits.lifetimeEnd("1h", now));
    Configuration c =
        ResourceEdits.move(
            CrmshConfigureTest.base(), "d", "n2", ResourceEdits.lifetimeEnd("PT1H", now));
    LocationConstraint l = (LocationConstraint) c.constraints().get(0);
    DateExpression d = (DateExpression) l.rules().get(0).expressions().get(1);
    assertEquals("lt", d.operation());
    assertEquals("2026-11-23T21:00:00Z", d.end());
    assertEquals(Score.INFINITY, l.rules().get(0).score());
  }
}
