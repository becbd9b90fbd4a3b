package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibVersion;
import org.paceline.cib.CibXmlReader;
import org.paceline.controller.Effect;

/**
 * A node runs the DC's operation only once its copy of the configuration is as new as the DC's: the
 * primitive c1 exists in the older copy, but its clone instance c1:1 only in the newer one.
 */
@Tag("unit")
class ControllerHostConfigWaitTest {
  private static Cib cib(int epoch, String resources) throws Exception {
    return CibXmlReader.read(
            "<cib admin_epoch=\"0\" epoch=\""
                + epoch
                + "\" num_updates=\"7\" validate-with=\"pacemaker-3.7\"><configuration>"
                + "<crm_config/><nodes><node id=\"1\" uname=\"a\"/></nodes><resources>"
                + resources
                + "</resources><constraints/></configuration><status/></cib>",
            "test")
        .cib();
  }

  private static final String PRIMITIVE =
      "<primitive id=\"c1\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>";

  @Test
  void anOperationWaitsForTheConfigurationItWasScheduledOn() throws Exception {
    Cib before = cib(5, PRIMITIVE);
    Cib after = cib(6, "<clone id=\"cl1\">" + PRIMITIVE + "</clone>");
    Effect.RunOperation op =
        new Effect.RunOperation(
            "a", 14, "c1:1", "start", 0, 20_000, 0, null, null, new CibVersion(0, 6, 0), null);
    assertFalse(ControllerHost.upToDate(before, op), "epoch 5 is older than the DC's 6");
    assertTrue(ControllerHost.upToDate(after, op), "num_updates does not count");
    assertTrue(ControllerHost.upToDate(cib(9, PRIMITIVE), op), "newer is fine");

    // Without a version (an older DC): the resource's base id must be known.
    Effect.RunOperation unversioned =
        new Effect.RunOperation("a", 14, "c1:1", "start", 0, 20_000, 0, null, null, null, null);
    assertTrue(ControllerHost.upToDate(before, unversioned));
    assertFalse(ControllerHost.upToDate(cib(5, ""), unversioned));
  }

  @Test
  void theVersionTravelsWithTheOperation() throws Exception {
    Effect.RunOperation op =
        new Effect.RunOperation(
            "b",
            3,
            "st1:2",
            "promote",
            0,
            20_000,
            8,
            null,
            null,
            new CibVersion(1, 17, 4),
            java.util.Map.of("notify_type", "pre", "notify_start_resource", " "));
    assertEquals(op, ControllerWire.decode(ControllerWire.encode(op)));
    Effect.RunOperation old =
        new Effect.RunOperation("b", 3, "st1:2", "promote", 0, 20_000, 8, null, null, null, null);
    assertEquals(old, ControllerWire.decode(ControllerWire.encode(old)));
  }
}
