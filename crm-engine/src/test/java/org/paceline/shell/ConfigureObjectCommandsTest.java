package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * crmsh's erase, rename, edit and show ID on a CIB file: each changes the file only with --yes, and
 * a refused one leaves it byte for byte as it was.
 */
@Tag("unit")
class ConfigureObjectCommandsTest {
  @TempDir Path dir;

  /** Loads {@code text} (crmsh) into a fresh copy of the base CIB; the file. */
  Path cibWith(String text) throws Exception {
    Path f = dir.resolve("cib.xml");
    Files.writeString(f, CrmshConfigureTest.BASE);
    Path t = dir.resolve("start.crm");
    Files.writeString(t, text);
    CrmRun r = crm("load", "update", t.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    return f;
  }

  CrmRun crm(String... words) {
    List<String> args = new ArrayList<>(List.of("configure"));
    args.addAll(List.of(words));
    args.addAll(
        List.of("--yes", "-x", dir.resolve("cib.xml").toString(), ConfigureCommandsTest.NO_AGENTS));
    return CrmRun.of(args.toArray(String[]::new));
  }

  String show() {
    return CrmRun.of("configure", "show", "-x", dir.resolve("cib.xml").toString()).out();
  }

  static final String START =
      """
      primitive vip ocf:heartbeat:Dummy
      location vip-on-n1 vip 100: n1
      colocation together inf: ( d e ) vip
      tag web: vip e
      fencing_topology n1: fence
      """;

  @AfterEach
  void restoreEnvironment() {
    ConfigureObjectCommands.environment = System::getenv;
  }

  @Test
  void renameRewritesEveryReference() throws Exception {
    cibWith(START);
    CrmRun r = crm("rename", "vip", "ip");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String show = show();
    assertTrue(show.contains("primitive ip "), show);
    assertTrue(show.contains("location vip-on-n1 ip 100: n1"), show);
    assertTrue(show.contains("( d e ) ip"), show);
    // crmsh 4.4 leaves the tag naming the old id; a reference to nothing is refused here.
    assertTrue(show.contains("tag web ip e"), show);
    assertFalse(show.matches("(?s).*\\bvip\\b(?!-on).*"), show);

    r = crm("rename", "fence", "power");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(show().matches("(?s).*fencing_topology \\\\\n\\tn1: power\n.*"), show());
  }

  @Test
  void renameRefusalsChangeNothing() throws Exception {
    Path f = cibWith(START);
    String before = Files.readString(f);
    Map<List<String>, String> refusals =
        Map.of(
            List.of("vip", "e"), "id 'e' is already in use",
            List.of("ghost", "x"), "no object with id 'ghost'",
            List.of("1", "n9"), "cannot rename node",
            List.of("vip", "9bad"), "bad id '9bad'",
            List.of("vip"), "usage: rename");
    refusals.forEach(
        (words, message) -> {
          List<String> args = new ArrayList<>(List.of("rename"));
          args.addAll(words);
          CrmRun r = crm(args.toArray(String[]::new));
          assertNotEquals(0, r.exitCode(), words + ": " + r.out());
          assertTrue(r.err().contains(message), words + ": " + r.err());
        });
    assertEquals(before, Files.readString(f));
  }

  @Test
  void eraseKeepsTheNodesAndEraseNodesOnlyTheNodes() throws Exception {
    Path f = cibWith(START);
    CrmRun bad = crm("erase", "all");
    assertNotEquals(0, bad.exitCode());
    assertTrue(bad.err().contains("expected 'nodes' or nothing"), bad.err());

    CrmRun r = crm("erase");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String show = show();
    assertTrue(show.contains("node 1: n1") && show.contains("node 3: n3"), show);
    assertFalse(show.contains("primitive"), show);
    assertFalse(show.contains("property"), show);
    assertFalse(show.contains("location"), show);

    r = crm("erase", "nodes");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertFalse(show().contains("node "), show());
    assertTrue(Files.readString(f).contains("<nodes"), Files.readString(f));
  }

  @Test
  void showIdPrintsThoseObjectsOnly() throws Exception {
    cibWith(START);
    CrmRun r =
        CrmRun.of("configure", "show", "vip", "web", "-x", dir.resolve("cib.xml").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(
        List.of("primitive vip ocf:heartbeat:Dummy", "tag web vip e"),
        r.out().lines().map(String::strip).toList());
    CrmRun ghost = CrmRun.of("configure", "show", "ghost", "-x", dir.resolve("cib.xml").toString());
    assertNotEquals(0, ghost.exitCode());
    assertTrue(ghost.err().contains("no object with id 'ghost'"), ghost.err());
  }

  /** An editor: a script that runs {@code sed EXPRESSION} on the file it is given. */
  void editorRuns(String sedExpression) throws Exception {
    Path script = dir.resolve("editor.sh");
    Files.writeString(script, "#!/bin/sh\nexec sed -i -e '" + sedExpression + "' \"$1\"\n");
    script.toFile().setExecutable(true);
    ConfigureObjectCommands.environment = n -> n.equals("EDITOR") ? script.toString() : null;
  }

  @Test
  void editTheWholeConfigurationDeletesWhatWasRemovedFromTheText() throws Exception {
    cibWith(START);
    editorRuns(
        "/^primitive vip/d; /^location vip-on-n1/d; /^colocation/d; s/^tag web.*/tag web e/");
    CrmRun r = crm("edit");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String show = show();
    assertFalse(show.contains("vip"), show);
    assertTrue(show.contains("primitive e "), show);
    assertTrue(show.contains("node 2: n2"), show);
  }

  @Test
  void editSomeObjectsReplacesThemAndDeletesThoseRemoved() throws Exception {
    cibWith(START);
    editorRuns(
        "s/^primitive vip ocf:heartbeat:Dummy/primitive vip ocf:heartbeat:Dummy meta"
            + " target-role=Stopped/; /^location/d");
    CrmRun r = crm("edit", "vip", "vip-on-n1");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String show = show();
    assertTrue(show.contains("target-role=Stopped"), show);
    assertFalse(show.contains("location vip-on-n1"), show);
    assertTrue(show.contains("colocation together"), show);
  }

  @Test
  void anEditThatDoesNotLoadChangesNothingAndKeepsTheText() throws Exception {
    Path f = cibWith(START);
    String before = Files.readString(f);
    editorRuns("s/^primitive vip .*/primitive vip/");
    CrmRun r = crm("edit", "vip");
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.err().contains("your edit is kept in "), r.err());
    String kept = r.err().replaceAll("(?s).*your edit is kept in (\\S+).*", "$1");
    assertTrue(Files.readString(Path.of(kept)).contains("primitive vip"), kept);
    Files.delete(Path.of(kept));
    assertEquals(before, Files.readString(f));

    // An editor that fails (exit 1): nothing changed either.
    editorRuns("q1");
    r = crm("edit");
    assertNotEquals(0, r.exitCode(), r.out());
    assertTrue(r.err().contains("the editor exited with 1"), r.err());
    assertEquals(before, Files.readString(f));

    // Saved unchanged: no changes, nothing written.
    editorRuns("s/x/x/");
    r = crm("edit");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("no changes"), r.out());
    assertEquals(before, Files.readString(f));
  }

  @Test
  void filterRunsTheTextThroughAProgramWithoutAShell() throws Exception {
    Path f = cibWith(START);
    // Continuations joined: the fencing_topology statement is one line for sed, and loads back.
    CrmRun r = crm("filter", "sed -e /^location/d");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String show = show();
    assertFalse(show.contains("location vip-on-n1"), show);
    assertTrue(show.contains("primitive vip "), show);
    assertTrue(show.contains("n1: fence"), show);

    r = crm("filter", "sed 's/Dummy$/Dummy meta target-role=Stopped/'", "vip");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(show().contains("target-role=Stopped"), show());
    assertFalse(show().matches("(?s).*primitive e [^\\n]*target-role.*"), show());

    // A program that fails, or one that is not there: an error, nothing changed.
    String before = Files.readString(f);
    CrmRun failed = crm("filter", "false");
    assertNotEquals(0, failed.exitCode());
    assertTrue(failed.err().contains("false exited with 1"), failed.err());
    CrmRun missing = crm("filter", "/nonexistent/prog");
    assertNotEquals(0, missing.exitCode());
    assertTrue(missing.err().contains("cannot run /nonexistent/prog"), missing.err());
    // Words are split as a shell would, but no shell runs: ';' is an argument to sed, not a
    // second command.
    CrmRun semicolon = crm("filter", "sed s/x/x/ ; touch " + dir.resolve("pwned"));
    assertNotEquals(0, semicolon.exitCode());
    assertFalse(Files.exists(dir.resolve("pwned")));
    assertEquals(before, Files.readString(f));
  }
}
