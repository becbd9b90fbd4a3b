package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibVersion;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.Configuration;

/** The compare-and-set edit: applied only on the epoch it was based on, identically everywhere. */
@Tag("unit")
class LoadIfEpochTest {
  @Test
  void appliedOnTheSameEpochRejectedOnAnother() {
    Cib cib = new Cib(new CibVersion(0, 7, 0), null, null, null, null, null, null, null, null);
    String xml = CibXmlWriter.write(cib.withConfiguration(Configuration.empty()));
    ConfigEntry e = new ConfigEntry.ReplaceConfigurationIfEpoch(7, xml);
    byte[] b = e.encode();
    assertEquals(e, ConfigEntry.decode(b, 0, b.length));
    ConfigurationEdits.Applied a =
        assertInstanceOf(ConfigurationEdits.Applied.class, ConfigurationEdits.apply(cib, e));
    assertEquals(8, a.cib().version().epoch());
    ConfigurationEdits.Rejected r =
        assertInstanceOf(ConfigurationEdits.Rejected.class, ConfigurationEdits.apply(a.cib(), e));
    assertTrue(r.reason().contains("epoch is 8, the edit was based on epoch 7"), r.reason());
  }
}
