package org.paceline.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words as crmsh does: blanks separate words, single and double quotes
 * group (a backslash escapes any character outside quotes, and only {@code "} and a backslash
 * inside double quotes, as Python's shlex does), {@code #} at the start of a line makes it a
 * comment ({@code #uname} elsewhere is a word).
 */
final class ShellWords {
  private ShellWords() {}

  /**
   * The words of {@code line}.
   *
   * @throws IllegalArgumentException for an unterminated quote, naming its column
   */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    int quoteAt = -1;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else if (ch == '\\'
            && quote == '"'
            && i + 1 < line.length()
            && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
          // As Python's shlex (crmsh): in double quotes a backslash escapes only " and \;
          // before anything else it is kept ("^(?!amq\.)" stays a regular expression).
          cur.append(line.charAt(++i));
        } else {
          cur.append(ch);
        }
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        quoteAt = i + 1;
        inWord = true;
      } else if (ch == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(ch)) {
        if (inWord) {
          words.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else if (ch == '#' && !inWord && words.isEmpty()) {
        break;
      } else {
        cur.append(ch);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated " + quote + " quote at column " + quoteAt);
    }
    if (inWord) {
      words.add(cur.toString());
    }
    return words;
  }
}
