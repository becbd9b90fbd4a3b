package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** bin/crm builds only the subcommand it runs; anything else gets the whole command tree. */
class CrmCommandTest {
  private static final List<String> ALL =
      List.of(
          "cib",
          "configure",
          "cluster",
          "simulate",
          "status",
          "resource",
          "ra",
          "node",
          "fencing",
          "bench");

  @Test
  void aSubcommandInvocationBuildsThatSubcommandOnly() {
    assertEquals(
        List.of("simulate"),
        List.copyOf(
            CrmCommand.commandLineFor(new String[] {"simulate", "-x", "f"})
                .getSubcommands()
                .keySet()));
    var configure = CrmCommand.commandLineFor(new String[] {"configure", "show"}).getSubcommands();
    assertEquals(List.of("configure"), List.copyOf(configure.keySet()));
    // The crmsh words with a leading '-' are still taken as words there.
    assertEquals(
        true,
        configure
            .get("configure")
            .getSubcommands()
            .get("location")
            .isUnmatchedOptionsArePositionalParams());
  }

  @Test
  void helpOptionsAndUnknownWordsGetTheWholeTreeInHelpOrder() {
    for (String[] args :
        new String[][] {{}, {"--help"}, {"-x", "f.xml", "configure"}, {"simulat"}, {"bogus"}}) {
      assertEquals(
          ALL,
          List.copyOf(CrmCommand.commandLineFor(args).getSubcommands().keySet()),
          String.join(" ", args));
    }
    assertEquals(ALL, List.copyOf(CrmCommand.commandLine().getSubcommands().keySet()));
  }

  @Test
  void anUnknownCommandIsRefusedNamingIt() {
    String[] args = {"simulat", "-x", "f.xml"};
    var cl = CrmCommand.commandLineFor(args);
    java.io.StringWriter err = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
    assertEquals(2, cl.execute(args));
    assertEquals(true, err.toString().contains("'simulat'"), err.toString());
  }
}
