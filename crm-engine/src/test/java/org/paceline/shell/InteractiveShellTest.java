package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on JLine's dumb terminal with piped input: levels, dry run then commit,
 * ambiguous prefixes, history file, and the completion candidates.
 */
@Tag("unit")
class InteractiveShellTest {
  @TempDir Path dir;

  TargetOptions options(Path cib) {
    TargetOptions o = new TargetOptions();
    o.file = cib;
    o.ocfRoot = Path.of("/usr/lib/ocf");
    o.node = new ClusterCommand.ConfigOption();
    o.node.config = dir.resolve("node.yaml");
    return o;
  }

  record Session(InteractiveShell shell, String output, int rc) {}

  Session run(Path cib, String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // A DumbTerminal reads the piped input directly (no pump thread that could see end of input
    // before the reader has taken the buffered lines).
    try (Terminal t =
        new DumbTerminal(
            "test",
            "dumb",
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            out,
            StandardCharsets.UTF_8)) {
      t.echo(false);
      InteractiveShell sh = new InteractiveShell(t, options(cib), dir.resolve("history"));
      int rc = sh.run();
      t.flush();
      return new Session(sh, out.toString(StandardCharsets.UTF_8), rc);
    }
  }

  Path cib() throws Exception {
    Path f = dir.resolve("cib.xml");
    Files.writeString(f, CrmshConfigureTest.BASE);
    return f;
  }

  @Test
  void configureLevelIsDryRunUntilCommit() throws Exception {
    Path f = cib();
    String before = Files.readString(f);
    Session s =
        run(
            f,
            """
            configure
            primitive web ocf:heartbeat:Dummy op monitor interval=10s
            location web-on-n2 web 100: n2
            show
            up
            quit
            """);
    assertTrue(s.output().contains("crm(configure)# "), s.output());
    assertTrue(s.output().contains("* Start      web     ( n2 )"), s.output());
    assertTrue(s.output().contains("not committed yet: 'commit' applies 2 change(s)"), s.output());
    assertTrue(s.output().contains("location web-on-n2 web 100: n2"), s.output());
    assertTrue(s.output().contains("2 uncommitted change(s) dropped"), s.output());
    assertEquals(before, Files.readString(f));

    s =
        run(
            f,
            """
            configure primitive web ocf:heartbeat:Dummy
            configure
            commit
            end
            """);
    assertTrue(Files.readString(f).contains("id=\"web\""), s.output());
    assertTrue(Files.readString(dir.resolve("history")).contains("commit"));
  }

  @Test
  void aTrailingBackslashContinuesTheStatement() throws Exception {
    Path f = cib();
    Session s =
        run(
            f,
            """
            configure
            primitive web ocf:heartbeat:Dummy \\
            \top monitor interval=10s \\
            \tmeta target-role=Stopped
            commit
            quit
            """);
    String xml = Files.readString(f);
    assertTrue(xml.contains("id=\"web\""), s.output());
    assertTrue(xml.contains("interval=\"10s\""), s.output());
    assertTrue(xml.contains("name=\"target-role\" value=\"Stopped\""), xml);
    assertFalse(xml.contains("op_defaults"), xml);
    assertTrue(InteractiveShell.continues("primitive a \\"));
    assertFalse(InteractiveShell.continues("primitive a \\\\"));
  }

  @Test
  void errorsAndAmbiguousPrefixesListCandidates() throws Exception {
    Session s =
        run(
            cib(),
            """
            res st d
            resource stat d
            conf
            pri web ocf:heartbeat:Dummy params bogus=1
            location l1 ghost 100: n1
            """);
    assertTrue(
        s.output().contains("ambiguous command 'st': could be start, status, stop"), s.output());
    assertTrue(s.output().contains("resource d is NOT running"), s.output());
    assertTrue(
        s.output().contains("unknown parameter 'bogus' for agent ocf:heartbeat:Dummy")
            || s.output().contains("not checked"),
        s.output());
    assertTrue(s.output().contains("no resource or tag 'ghost'"), s.output());
    assertEquals(ExitCodes.INVALID_INPUT, s.rc());
  }

  @Test
  void completionCandidates() throws Exception {
    Path f = cib();
    Session s = run(f, "configure\nup\n");
    InteractiveShell sh = s.shell();
    // At the root: levels and globals; inside configure: the crmsh commands.
    ShellCompleter c = sh.completer();
    assertEquals("", sh.level());
    List<String> root = c.candidates(List.of());
    assertTrue(
        root.containsAll(List.of("configure", "resource", "node", "quit", "up")), root.toString());
    assertTrue(
        c.candidates(List.of("configure")).containsAll(List.of("primitive", "commit", "show")));
    assertEquals(List.of("d", "e", "fence"), c.candidates(List.of("configure", "group", "g")));
    assertEquals(
        List.of("n1", "n2", "n3"),
        c.candidates(List.of("configure", "location", "l", "d", "100:")));
    assertEquals(List.of("n1", "n2", "n3"), c.candidates(List.of("resource", "move", "d")));
    assertEquals(List.of("n1", "n2", "n3"), c.candidates(List.of("node", "standby")));
    assertTrue(c.candidates(List.of("configure", "delete")).contains("fence"));
    if (Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy"))) {
      assertTrue(
          c.candidates(List.of("configure", "primitive", "x")).contains("ocf:heartbeat:Dummy"));
      List<String> params =
          c.candidates(
              List.of("configure", "primitive", "x", "ocf:heartbeat:Dummy", "params", "state=/x"));
      assertTrue(params.contains("fake="), params.toString());
      assertFalse(params.contains("state="), params.toString());
    }
    // Through JLine's own parser and completer interface, as Tab does.
    LineReader reader = LineReaderBuilder.builder().parser(new DefaultParser()).build();
    String line = "resource move d ";
    List<Candidate> out = new ArrayList<>();
    c.complete(reader, reader.getParser().parse(line, line.length()), out);
    assertEquals(List.of("n1", "n2", "n3"), out.stream().map(Candidate::value).toList());
  }

  @Test
  void resolveRefusesAmbiguousPrefixes() {
    assertEquals(
        "primitive", InteractiveShell.resolve("pri", InteractiveShell.commands("configure")));
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> InteractiveShell.resolve("co", InteractiveShell.commands("configure")));
    assertTrue(e.getMessage().contains("colocation"), e.getMessage());
    assertTrue(e.getMessage().contains("commit"), e.getMessage());
  }
}
