package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Words as crmsh (Python's shlex, POSIX mode) splits them. */
@Tag("unit")
class ShellWordsTest {
  @Test
  void quotesAndBackslashesFollowShlex() {
    assertEquals(List.of("a", "b c"), ShellWords.split("a \"b c\""));
    // In double quotes a backslash escapes only " and itself; before others it stays.
    assertEquals(
        List.of("p=ha-all ^(?!amq\\.).* {\"k\":2}"),
        ShellWords.split("p=\"ha-all ^(?!amq\\.).* {\\\"k\\\":2}\""));
    assertEquals(List.of("x\\y"), ShellWords.split("\"x\\\\y\""));
    // In single quotes nothing is escaped; outside quotes a backslash escapes any character.
    assertEquals(List.of("a\\b"), ShellWords.split("'a\\b'"));
    assertEquals(List.of("a b"), ShellWords.split("a\\ b"));
    assertEquals(List.of(), ShellWords.split("# a comment"));
    assertEquals(List.of("rule", "#uname"), ShellWords.split("rule #uname"));
    assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a \"b"));
  }

  @Test
  void whatShowQuotesReadsBack() {
    for (String v : List.of("a b", "x\"y", "back\\slash", "^(?!amq\\.).*", "it's")) {
      assertEquals(List.of("k=" + v), ShellWords.split("k=" + CrmshShow.quote(v)), v);
    }
  }
}
