package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.agents.OcfScriptAgent;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;

/**
 * A saved scheduler input carries the feature set on {@code <cib>}, as Pacemaker's CIB does:
 * without it crm_simulate takes the file for a pre-3.0.13 one and ignores the per-operation fail
 * counts Paceline writes (found on a PAF lab input, where it then promoted a node that had reached
 * migration-threshold).
 */
@Tag("unit")
class SchedulerInputFeatureSetTest {
  private static final String CIB =
      "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\"><configuration><crm_config/><nodes/>"
          + "<resources/><constraints/></configuration><status/></cib>";

  @Test
  void aSavedInputNamesTheFeatureSetItWasReadWith() throws Exception {
    Cib plain = CibXmlReader.read(CIB, "test").cib();
    String xml = CibXmlWriter.write(SchedulerInputArchive.withFeatureSet(plain));
    assertTrue(xml.contains("crm_feature_set=\"" + OcfScriptAgent.CRM_FEATURE_SET + "\""), xml);
    Cib given = plain.withAttribute("crm_feature_set", "3.19.0");
    assertEquals(
        "3.19.0",
        SchedulerInputArchive.withFeatureSet(given).otherAttributes().get("crm_feature_set"));
  }
}
