package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.CibXmlWriter;

/** Log entries round-trip and apply deterministically, bumping the epoch; snapshots restore. */
@Tag("unit")
class RaftConfigurationEditsTest {
  /** Applies stonith-enabled false, then true, and checks each result. */
  private static void applyTwoProperties(ReplicatedConfiguration sm) {
    byte[] e1 = new ConfigEntry.SetProperty("stonith-enabled", "false").encode();
    byte[] e2 = new ConfigEntry.SetProperty("stonith-enabled", "true").encode();
    assertEquals(
        "applied 0.1.0", new String(sm.apply(e1, 0, e1.length, true), StandardCharsets.UTF_8));
    assertEquals(
        "applied 0.2.0", new String(sm.apply(e2, 0, e2.length, true), StandardCharsets.UTF_8));
  }

  @Test
  void aFailingListenerDoesNotStopApplying() {
    java.util.List<String> seen = new java.util.ArrayList<>();
    ReplicatedConfiguration sm =
        new ReplicatedConfiguration(
            c -> {
              seen.add(c.version().toString());
              throw new IllegalStateException("listener bug");
            });
    applyTwoProperties(sm);
    assertEquals(java.util.List.of("0.1.0", "0.2.0"), seen);
  }

  @Test
  void entriesApplyInOrderAndSnapshotsRestore() throws Exception {
    ReplicatedConfiguration sm = new ReplicatedConfiguration(c -> {});
    applyTwoProperties(sm);
    assertEquals("true", sm.cib().configuration().property("stonith-enabled").orElseThrow());

    byte[] bad = new ConfigEntry.ReplaceConfiguration("<nope/>").encode();
    String r = new String(sm.apply(bad, 0, bad.length, true), StandardCharsets.UTF_8);
    assertEquals(true, r.startsWith("rejected invalid CIB XML"), r);
    assertEquals(2, sm.cib().version().epoch(), "a rejected entry changes nothing");

    var bytes = new java.io.ByteArrayOutputStream();
    sm.writeContentTo(new java.io.DataOutputStream(bytes));
    ReplicatedConfiguration copy = new ReplicatedConfiguration(c -> {});
    copy.readContentFrom(
        new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(CibXmlWriter.write(sm.cib()), CibXmlWriter.write(copy.cib()));

    ConfigEntry rm = new ConfigEntry.RemoveNode("c");
    byte[] b = rm.encode();
    assertInstanceOf(ConfigEntry.RemoveNode.class, ConfigEntry.decode(b, 0, b.length));
  }

  @Test
  void addNodeRecordsTheAddressAndSurvivesASnapshot() throws Exception {
    ReplicatedConfiguration sm = new ReplicatedConfiguration(c -> {});
    ConfigEntry add = new ConfigEntry.AddNode("d", "10.0.0.4", 7800, "voter");
    byte[] b = add.encode();
    assertEquals(add, ConfigEntry.decode(b, 0, b.length));
    sm.apply(b, 0, b.length, false);
    var node = sm.cib().configuration().node("d").orElseThrow();
    assertEquals("10.0.0.4", node.otherAttributes().get(ConfigurationEdits.ADDRESS_ATTRIBUTE));
    assertEquals("7800", node.otherAttributes().get(ConfigurationEdits.PORT_ATTRIBUTE));
    assertEquals("voter", node.otherAttributes().get(ConfigurationEdits.ROLE_ATTRIBUTE));

    // Through a snapshot (CIB XML) as a restarted or lagging member gets it.
    var bytes = new java.io.ByteArrayOutputStream();
    sm.writeContentTo(new java.io.DataOutputStream(bytes));
    java.util.List<org.paceline.cib.Cib> told = new java.util.ArrayList<>();
    ReplicatedConfiguration copy = new ReplicatedConfiguration(told::add);
    copy.readContentFrom(
        new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(1, told.size(), "an installed snapshot is reported like an applied entry");
    assertEquals(
        "10.0.0.4",
        copy.cib()
            .configuration()
            .node("d")
            .orElseThrow()
            .otherAttributes()
            .get(ConfigurationEdits.ADDRESS_ATTRIBUTE));

    byte[] rm = new ConfigEntry.RemoveNode("d").encode();
    sm.apply(rm, 0, rm.length, false);
    assertEquals(true, sm.cib().configuration().node("d").isEmpty());
  }
}
