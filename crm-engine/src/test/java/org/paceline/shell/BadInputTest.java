package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input is rejected with a message that says what and where, a non-zero exit, and no
 * output file: {@code configure verify} and {@code cib convert} run on each.
 */
@Tag("unit")
class BadInputTest {
  @TempDir Path dir;

  private static final String NODES =
      "<nodes><node id=\"1\" uname=\"hub1\"/><node id=\"2\" uname=\"hub2\"/></nodes>";
  private static final String DUMMY_A =
      "<primitive id=\"a\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>";
  private static final String DUMMY_B =
      "<primitive id=\"b\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>";

  static String cib(String crmConfig, String resources, String constraints, String extra) {
    return "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.7\">\n"
        + "  <configuration>\n"
        + "    <crm_config><cluster_property_set id=\"opts\">"
        + "<nvpair id=\"opts-stonith\" name=\"stonith-enabled\" value=\"false\"/>"
        + crmConfig
        + "</cluster_property_set></crm_config>\n"
        + "    "
        + NODES
        + "\n"
        + "    <resources>\n      "
        + resources
        + "\n    </resources>\n"
        + "    <constraints>\n      "
        + constraints
        + "\n    </constraints>\n"
        + extra
        + "  </configuration>\n"
        + "  <status/>\n"
        + "</cib>\n";
  }

  static String resources(String r) {
    return cib("", r, "", "");
  }

  static String constraints(String c) {
    return cib("", DUMMY_A + DUMMY_B, c, "");
  }

  static Stream<Arguments> badXml() {
    return Stream.of(
        Arguments.of("malformed XML", "<cib><configuration></cib>", ":1:"),
        Arguments.of("not a CIB", "<pacemaker/>", "root element is <pacemaker>, expected <cib>"),
        Arguments.of(
            "an external entity",
            "<?xml version=\"1.0\"?><!DOCTYPE cib [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<cib>&x;</cib>",
            "DTDs are not allowed"),
        Arguments.of(
            "a bad score",
            constraints("<rsc_location id=\"l1\" rsc=\"a\" node=\"hub1\" score=\"lots\"/>"),
            "bad score 'lots' (expected INFINITY, +INFINITY, -INFINITY or an integer)"),
        Arguments.of(
            "a bad role",
            constraints(
                "<rsc_location id=\"l1\" rsc=\"a\" node=\"hub1\" score=\"1\" role=\"Boss\"/>"),
            "bad role 'Boss'"),
        Arguments.of(
            "a duplicate id",
            resources(DUMMY_A + "<primitive id=\"a\" class=\"ocf\" provider=\"x\" type=\"y\"/>"),
            "duplicate id 'a'"),
        Arguments.of(
            "a dangling colocation",
            constraints(
                "<rsc_colocation id=\"c1\" rsc=\"a\" with-rsc=\"nope\" score=\"INFINITY\"/>"),
            "with-rsc refers to unknown resource 'nope'"),
        Arguments.of(
            "a group inside a group",
            resources("<group id=\"g1\"><group id=\"g2\">" + DUMMY_A + "</group></group>"),
            "a group may hold only primitives"),
        Arguments.of(
            "a cycle of mandatory orders",
            constraints(
                "<rsc_order id=\"o1\" first=\"a\" then=\"b\"/>"
                    + "<rsc_order id=\"o2\" first=\"b\" then=\"a\"/>"),
            "mandatory orders form a cycle"),
        Arguments.of(
            "a bad interval",
            resources(
                "<primitive id=\"a\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
                    + "<operations><op id=\"a-mon\" name=\"monitor\" interval=\"10 parsecs\"/>"
                    + "</operations></primitive>"),
            "bad time value '10 parsecs'"),
        Arguments.of(
            "an unknown fence device",
            cib(
                "",
                DUMMY_A,
                "",
                "<fencing-topology><fencing-level id=\"fl1\" target=\"hub1\" index=\"1\""
                    + " devices=\"ipmi-hub1\"/></fencing-topology>"),
            "unknown fence device 'ipmi-hub1'"),
        Arguments.of(
            "a bad cluster property",
            cib(
                "<nvpair id=\"opts-nq\" name=\"no-quorum-policy\" value=\"panic\"/>",
                DUMMY_A,
                "",
                ""),
            "no-quorum-policy='panic': expected one of stop, freeze, ignore, demote, suicide"),
        Arguments.of(
            "a clone of two",
            resources("<clone id=\"c\">" + DUMMY_A + DUMMY_B + "</clone>"),
            "a clone holds exactly one primitive or group"),
        Arguments.of(
            "a missing id",
            resources("<primitive class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"),
            "missing id"),
        Arguments.of(
            "an ocf primitive without provider",
            resources("<primitive id=\"a\" class=\"ocf\" type=\"Dummy\"/>"),
            "an ocf primitive needs a provider"),
        Arguments.of(
            "a location with no target",
            constraints("<rsc_location id=\"l1\" rsc=\"a\"/>"),
            "needs node and score, or at least one rule"),
        Arguments.of(
            "a bad boolean",
            constraints("<rsc_order id=\"o1\" first=\"a\" then=\"b\" symmetrical=\"maybe\"/>"),
            "bad boolean 'maybe'"),
        Arguments.of(
            "a bad order action",
            constraints("<rsc_order id=\"o1\" first=\"a\" first-action=\"launch\" then=\"b\"/>"),
            "bad action 'launch'"),
        Arguments.of(
            "an invalid id",
            resources("<primitive id=\"1st\" class=\"ocf\" provider=\"heartbeat\" type=\"D\"/>"),
            "invalid id '1st'"));
  }

  static Stream<Arguments> badYaml() {
    return Stream.of(
        Arguments.of("malformed YAML", "configuration:\n  nodes: [\n", "malformed YAML"),
        Arguments.of(
            "an unknown key",
            "configuration:\n  resources:\n  - kind: primitive\n    id: a\n"
                + "    instance-atributes: []\n",
            "instance-atributes"),
        Arguments.of(
            "a bad score",
            "configuration:\n  constraints:\n  - kind: location\n    id: l1\n    rsc: a\n"
                + "    node: hub1\n    score: lots\n",
            "bad score 'lots'"),
        Arguments.of(
            "an unknown kind",
            "configuration:\n  resources:\n  - kind: bundle-of-joy\n    id: a\n",
            "bundle-of-joy"),
        Arguments.of("an empty document", "\n", "empty document"),
        Arguments.of(
            "a dangling order",
            "configuration:\n  resources:\n  - kind: primitive\n    id: a\n"
                + "    resource-class: ocf\n    provider: heartbeat\n    type: Dummy\n"
                + "  constraints:\n  - kind: order\n    id: o1\n    first: a\n    then: ghost\n",
            "then refers to unknown resource 'ghost'"));
  }

  @ParameterizedTest(name = "XML with {0}")
  @MethodSource("badXml")
  void badXmlIsRejected(String what, String content, String expected) throws Exception {
    rejected(dir.resolve("bad.xml"), content, expected);
  }

  @ParameterizedTest(name = "YAML with {0}")
  @MethodSource("badYaml")
  void badYamlIsRejected(String what, String content, String expected) throws Exception {
    rejected(dir.resolve("bad.yaml"), content, expected);
  }

  private void rejected(Path file, String content, String expected) throws Exception {
    Files.writeString(file, content);
    CrmRun verify = CrmRun.of("configure", "verify", "-x", file.toString());
    assertEquals(ExitCodes.INVALID_INPUT, verify.exitCode(), verify.err());
    assertTrue(verify.err().contains(expected), "message names the problem: " + verify.err());
    assertTrue(verify.err().contains(file.toString()), "message names the file: " + verify.err());

    Path out = dir.resolve("out.yaml");
    Files.writeString(out, "previous content\n");
    CrmRun convert =
        CrmRun.of(
            "cib", "convert", "--from", file.toString(), "--to", "yaml", "-o", out.toString());
    assertNotEquals(0, convert.exitCode());
    assertTrue(convert.err().contains(expected), convert.err());
    assertEquals("previous content\n", Files.readString(out), "the output file is untouched");
    try (var files = Files.list(dir)) {
      assertFalse(
          files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }
  }

  @Test
  void lineNumbersPointAtTheElement() throws Exception {
    Path file = dir.resolve("lines.xml");
    String content =
        constraints("<rsc_colocation id=\"c1\" rsc=\"a\" with-rsc=\"nope\" score=\"1\"/>");
    Files.writeString(file, content);
    int line = 1 + (int) content.lines().takeWhile(l -> !l.contains("id=\"c1\"")).count();
    CrmRun verify = CrmRun.of("configure", "verify", "-x", file.toString());
    assertTrue(
        verify.err().contains(file + ":" + line + ": error: <rsc_colocation id=\"c1\">"),
        verify.err());
  }

  @Test
  void yamlFindingsNameTheLine() throws Exception {
    Path file = dir.resolve("lines.yaml");
    Files.writeString(
        file,
        "configuration:\n  resources:\n  - kind: primitive\n    id: a\n"
            + "    resource-class: ocf\n    provider: heartbeat\n    type: Dummy\n"
            + "  constraints:\n  - kind: order\n    id: o1\n    first: a\n    then: ghost\n");
    CrmRun verify = CrmRun.of("configure", "verify", "-x", file.toString());
    assertTrue(verify.err().contains(file + ":10: error: <rsc_order id=\"o1\">"), verify.err());
  }

  @Test
  void aMissingFileExits66() {
    CrmRun verify = CrmRun.of("configure", "verify", "-x", dir.resolve("absent.xml").toString());
    assertEquals(ExitCodes.NO_INPUT, verify.exitCode());
    assertTrue(verify.err().contains("no such file"), verify.err());
  }

  @Test
  void anUnknownFormatIsAUsageError() throws Exception {
    Path file = dir.resolve("ok.xml");
    Files.writeString(file, resources(DUMMY_A));
    CrmRun convert = CrmRun.of("cib", "convert", "--from", file.toString(), "--to", "json");
    assertEquals(ExitCodes.USAGE, convert.exitCode());
    assertTrue(convert.err().contains("expected xml or yaml"), convert.err());
  }

  @Test
  void aValidCibPasses() throws Exception {
    Path file = dir.resolve("ok.xml");
    Files.writeString(file, resources(DUMMY_A));
    CrmRun verify = CrmRun.of("configure", "verify", "-x", file.toString());
    assertEquals(0, verify.exitCode(), verify.err());
    assertTrue(verify.out().contains("valid (2 nodes, 1 resources"), verify.out());
  }

  @Test
  void liveRequestsRefuseWordsThatAreNotIdsBeforeReachingTheDaemon() {
    // The daemon is not running for this config: a refusal that names the bad word (exit 2)
    // proves nothing was sent; a well-formed request gets as far as "cannot reach" (69).
    String config = Path.of("../packaging/etc/paceline.yaml").toString();
    CrmRun spaced = CrmRun.of("node", "standby", "a b", "--config", config);
    assertEquals(ExitCodes.USAGE, spaced.exitCode(), spaced.err());
    assertTrue(spaced.err().contains("node 'a b' is not an id"), spaced.err());
    CrmRun state = CrmRun.of("node", "maintenance", "n1", "maybe", "--config", config);
    assertEquals(ExitCodes.USAGE, state.exitCode(), state.err());
    assertTrue(state.err().contains("expected on or off, found 'maybe'"), state.err());
    CrmRun rsc = CrmRun.of("resource", "cleanup", "vip\tx", "--config", config);
    assertEquals(ExitCodes.USAGE, rsc.exitCode(), rsc.err());
    CrmRun fine = CrmRun.of("resource", "cleanup", "vip", "--config", config);
    assertEquals(ExitCodes.UNAVAILABLE, fine.exitCode(), fine.err());
    assertTrue(fine.err().contains("cannot reach the paceline daemon"), fine.err());
  }
}
