package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Paceline writes, Pacemaker's own {@code crm_verify} accepts (Debian pacemaker-cli-utils,
 * installed by ./test.sh). The bundled example goes out both directly and through YAML.
 */
@Tag("unit")
class PacemakerInteropTest {
  static final Path EXAMPLE = Path.of("../examples/cib/hub-pair.xml");

  @TempDir Path dir;

  @Test
  void exampleIsValidForPaceline() throws Exception {
    CibDocument doc = CibXmlReader.read(EXAMPLE);
    var problems = CibValidator.validate(doc.cib());
    assertTrue(problems.isEmpty(), problems.toString());
    Configuration c = doc.cib().configuration();
    assertEquals(2, c.nodes().size());
    assertTrue(
        c.resource("pgsql-clone").map(r -> ((Clone) r).promotable()).orElse(false),
        "pgsql is promotable");
    assertEquals(2, c.fencingLevels().size());
  }

  @Test
  void exportedExamplePassesCrmVerify() throws Exception {
    Cib cib = CibXmlReader.read(EXAMPLE).cib();
    Path out = dir.resolve("exported.xml");
    CibXmlWriter.write(cib, out);
    crmVerify(out);
  }

  @Test
  void exampleThroughYamlPassesCrmVerify() throws Exception {
    Cib cib = CibXmlReader.read(EXAMPLE).cib();
    Path yaml = dir.resolve("hub-pair.yaml");
    Files.writeString(yaml, CibYaml.write(cib));
    Cib back = CibFiles.read(yaml).cib();
    assertEquals(cib, back);
    Path out = dir.resolve("from-yaml.xml");
    CibXmlWriter.write(back, out);
    crmVerify(out);
  }

  @Test
  void oldRoleWordsAreWrittenAsNewOnesThatPacemakerAccepts() throws Exception {
    String old =
        Files.readString(EXAMPLE)
            .replace("validate-with=\"pacemaker-3.7\"", "validate-with=\"pacemaker-3.0\"")
            .replace("role=\"Promoted\"", "role=\"Master\"")
            .replace("with-rsc-role=\"Promoted\"", "with-rsc-role=\"Master\"");
    Cib cib = CibXmlReader.read(old, "old.xml").cib();
    String written = CibXmlWriter.write(cib);
    assertFalse(written.contains("Master"), written);
    assertTrue(written.contains("with-rsc-role=\"Promoted\""), written);
    assertTrue(written.contains("validate-with=\"pacemaker-3.7\""), "schema raised for new words");
    Path out = dir.resolve("new-words.xml");
    Files.writeString(out, written);
    crmVerify(out);
  }

  @Test
  void brokenCibIsRejectedByCrmVerifyToo() throws Exception {
    // Guards the guard: crm_verify must really be able to fail here.
    Path bad = dir.resolve("bad.xml");
    Files.writeString(
        bad,
        CibXmlWriter.write(CibXmlReader.read(EXAMPLE).cib())
            .replace("with-rsc=\"pgsql-clone\"", "with-rsc=\"no-such-resource\""));
    assertTrue(runCrmVerify(bad) != 0, "crm_verify rejects a dangling colocation");
  }

  private static void crmVerify(Path file) throws Exception {
    int rc = runCrmVerify(file);
    assertEquals(0, rc, "crm_verify -x " + file + " exit code (see output above)");
  }

  private static int runCrmVerify(Path file) throws Exception {
    Path tool = Path.of("/usr/sbin/crm_verify");
    assertTrue(
        Files.isExecutable(tool),
        "crm_verify is missing: run ./test.sh, which installs pacemaker-cli-utils");
    Process p =
        new ProcessBuilder(tool.toString(), "-V", "-x", file.toString()).inheritIO().start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "crm_verify finished");
    return p.exitValue();
  }
}
