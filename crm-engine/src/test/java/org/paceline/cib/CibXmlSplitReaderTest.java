package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A large CIB read in parts on several cores gives exactly what one pass gives, and anything the
 * parts cannot be trusted with goes back to the one-pass read.
 */
@Tag("unit")
class CibXmlSplitReaderTest {
  /**
   * A CIB with {@code nodes} node states, each with a transient attribute set and two resources.
   */
  private static String cib(int nodes, String beforeStatus, String insideStatusFirst) {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<cib admin_epoch=\"0\" epoch=\"3\" num_updates=\"7\"")
        .append(" validate-with=\"pacemaker-3.7\" have-quorum=\"1\">\n")
        .append("  <configuration><crm_config/><nodes>\n");
    for (int n = 1; n <= nodes; n++) {
      b.append("    <node id=\"").append(n).append("\" uname=\"n").append(n).append("\"/>\n");
    }
    b.append("  </nodes><resources>\n")
        .append("    <primitive id=\"r1\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>\n")
        .append("    <primitive id=\"r2\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>\n")
        .append("  </resources><constraints/></configuration>\n")
        .append(beforeStatus)
        .append("  <status>\n")
        .append(insideStatusFirst);
    for (int n = 1; n <= nodes; n++) {
      b.append("    <node_state id=\"")
          .append(n)
          .append("\" uname=\"n")
          .append(n)
          .append("\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">\n")
          .append("      <transient_attributes id=\"")
          .append(n)
          .append("\">\n")
          .append("        <instance_attributes id=\"status-")
          .append(n)
          .append("\">\n")
          .append("          <nvpair id=\"status-")
          .append(n)
          .append("-score\" name=\"master-r1\" value=\"")
          .append(n)
          .append("\"/>\n")
          .append("        </instance_attributes>\n")
          .append("      </transient_attributes>\n")
          .append("      <lrm id=\"")
          .append(n)
          .append("\"><lrm_resources>\n");
      for (String r : new String[] {"r1", "r2"}) {
        b.append("        <lrm_resource id=\"")
            .append(r)
            .append("\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">\n")
            .append("          <lrm_rsc_op id=\"")
            .append(r)
            .append("_last_0\" operation_key=\"")
            .append(r)
            .append("_monitor_0\" operation=\"monitor\" call-id=\"")
            .append(n)
            .append("\" rc-code=\"7\" op-status=\"0\" interval=\"0\" op-digest=\"d")
            .append(r)
            .append("\" transition-key=\"1:")
            .append(n)
            .append(":7:u\"/>\n")
            .append("        </lrm_resource>\n");
      }
      b.append("      </lrm_resources></lrm>\n").append("    </node_state>\n");
    }
    b.append("  </status>\n</cib>\n");
    return b.toString();
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 7})
  void partsGiveWhatOnePassGivesLinesIncluded(int parts) throws Exception {
    String xml = cib(7, "", "");
    CibDocument one = CibXmlReader.read(xml, "t.xml");
    CibDocument split = CibXmlSplitReader.read(bytes(xml), "t.xml", parts);
    assertNotNull(split, "the split read should have succeeded");
    assertEquals(one.cib(), split.cib());
    assertEquals(7, split.cib().status().size());
    for (String id : new String[] {"r1", "status-1", "status-4-score", "status-7", "1", "7"}) {
      assertEquals(one.locations().lines(id), split.locations().lines(id), "lines of " + id);
    }
    assertFalse(split.locations().lines("status-7-score").isEmpty());
  }

  @Test
  void aNodeStateInACommentSendsTheReadBackToOnePass() throws Exception {
    String xml = cib(4, "  <!-- <node_state id=\"9\" uname=\"old\"> -->\n", "");
    assertNull(CibXmlSplitReader.read(bytes(xml), "t.xml", 2));
    String inside = cib(4, "", "    <!-- <node_state id=\"9\"> was here -->\n");
    assertNull(CibXmlSplitReader.read(bytes(inside), "t.xml", 2));
    assertEquals(4, CibXmlReader.read(inside, "t.xml").cib().status().size());
  }

  @Test
  void anythingButNodeStatesInTheStatusIsLeftToOnePass() {
    String xml =
        cib(4, "", "")
            .replace("    <node_state id=\"3\"", "    <tickets/>\n    <node_state id=\"3\"");
    assertNull(CibXmlSplitReader.read(bytes(xml), "t.xml", 2));
  }

  @Test
  void aBrokenPartOrAProblemIsLeftToOnePassWhichWordsTheError(@TempDir Path dir) throws Exception {
    String bad = cib(6, "", "").replace("call-id=\"5\"", "call-id=\"five\"");
    assertNull(CibXmlSplitReader.read(bytes(bad), "t.xml", 2));
    String malformed = cib(6, "", "").replace("<lrm id=\"4\">", "<lrm id=\"4\"");
    assertNull(CibXmlSplitReader.read(bytes(malformed), "t.xml", 2));

    // Through the public entry point, on a file large enough to be split: the error is the
    // one-pass reader's, with the true line.
    String big = cib(10_000, "", "");
    assertTrue(big.length() > CibXmlSplitReader.MIN_BYTES, "test file too small to be split");
    Path ok = dir.resolve("ok.xml");
    Files.writeString(ok, big);
    assertEquals(CibXmlReader.read(big, ok.toString()).cib(), CibXmlReader.read(ok).cib());
    Path broken = dir.resolve("broken.xml");
    Files.writeString(broken, big.replace("call-id=\"1500\"", "call-id=\"x1500\""));
    CibFormatException e = assertThrows(CibFormatException.class, () -> CibXmlReader.read(broken));
    int line = big.substring(0, big.indexOf("call-id=\"1500\"")).split("\n", -1).length;
    assertEquals(2, e.problems().size(), e.problems().toString()); // r1 and r2 on node 1500
    assertTrue(e.problems().get(0).startsWith(broken + ":" + line + ": "), e.problems().toString());
  }

  @Test
  void onlyUtf8IsSplit() {
    assertTrue(CibXmlSplitReader.utf8(bytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><cib/>")));
    assertTrue(CibXmlSplitReader.utf8(bytes("<?xml version='1.0' encoding='utf8'?><cib/>")));
    assertTrue(CibXmlSplitReader.utf8(bytes("<?xml version=\"1.0\"?><cib/>")));
    assertTrue(CibXmlSplitReader.utf8(bytes("<cib/>")));
    assertFalse(
        CibXmlSplitReader.utf8(bytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><cib/>")));
    assertFalse(
        CibXmlSplitReader.utf8(ByteBuffer.wrap("<cib/>".getBytes(StandardCharsets.UTF_16))));
    String latin1 = cib(4, "", "").replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
    assertNull(CibXmlSplitReader.read(bytes(latin1), "t.xml", 2));
  }
}
