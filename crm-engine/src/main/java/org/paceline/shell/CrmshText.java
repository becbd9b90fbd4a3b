package org.paceline.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A crmsh configuration text, as {@code crm configure show} prints it and {@code crm configure
 * load} reads it: one statement per line, a trailing backslash continues a statement on the next
 * line, {@code #} starts a comment line. Statements may refer to objects defined further down (a
 * group before its primitives); {@link #inLoadOrder} orders them so that each refers only to what
 * is defined before it.
 */
final class CrmshText {
  private CrmshText() {}

  /**
   * One statement and the line it starts on.
   *
   * @param line the 1-based line of its first word
   * @param words its words (quotes removed)
   */
  record Statement(int line, List<String> words) {
    String command() {
      return words.get(0);
    }
  }

  /** Thrown for text that is not crmsh configuration, naming the line. */
  static final class CrmshTextException extends Exception {
    CrmshTextException(String message) {
      super(message);
    }
  }

  /**
   * Where each command goes in a load: crmsh's own processing order (its {@code _sort_cli_order}):
   * nodes, templates, primitives, groups, ms, clones, tags, then location, colocation and order
   * constraints, then tickets and the fencing topology, ACL roles before their targets, alerts
   * last; within a rank, the file's order. Objects are created in this order and each is appended
   * where it belongs, so the CIB lists them as crmsh would (a group after every top-level
   * primitive, an rsc_ticket after the other constraints). Properties and defaults have sections of
   * their own and come first.
   */
  private static final Map<String, Integer> RANK =
      Map.ofEntries(
          Map.entry("property", 0),
          Map.entry("rsc_defaults", 0),
          Map.entry("op_defaults", 0),
          Map.entry("node", 1),
          Map.entry("rsc_template", 2),
          Map.entry("primitive", 3),
          Map.entry("bundle", 4),
          Map.entry("group", 5),
          Map.entry("ms", 6),
          Map.entry("master", 6),
          Map.entry("clone", 7),
          Map.entry("promotable", 7),
          Map.entry("tag", 8),
          Map.entry("location", 9),
          Map.entry("colocation", 9),
          Map.entry("collocation", 9),
          Map.entry("order", 9),
          Map.entry("rsc_ticket", 10),
          Map.entry("fencing_topology", 10),
          Map.entry("fencing-topology", 10),
          Map.entry("role", 11),
          Map.entry("acl_target", 12),
          Map.entry("acl_group", 12),
          Map.entry("user", 12),
          Map.entry("alert", 13));

  /** The commands whose second word is the one object they define (a load replaces it by id). */
  private static final java.util.Set<String> DEFINES_ONE =
      java.util.Set.of(
          "rsc_template",
          "primitive",
          "bundle",
          "group",
          "ms",
          "master",
          "clone",
          "promotable",
          "location",
          "colocation",
          "collocation",
          "order",
          "rsc_ticket",
          "role",
          "acl_target",
          "acl_group",
          "user",
          "alert");

  /**
   * Whether {@code text} reads as crmsh configuration: its first statement starts with a crmsh
   * configure command (XML and YAML do not).
   */
  static boolean looksLikeCrmsh(String text) {
    for (String raw : text.split("\n", -1)) {
      String l = raw.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String first = l.split("\\s+", 2)[0];
      return RANK.containsKey(first)
          || List.of("rsc_template", "tag", "rsc_ticket", "alert", "role", "user", "acl_target")
              .contains(first);
    }
    return false;
  }

  /** The statements of {@code text}, with backslash continuations joined and comments dropped. */
  static List<Statement> statements(String text) throws CrmshTextException {
    List<Statement> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    StringBuilder cur = new StringBuilder();
    int start = -1;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].replace("\r", "");
      if (cur.length() == 0) {
        String t = l.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        start = i + 1;
      }
      String stripped = l.stripTrailing();
      if (stripped.endsWith("\\") && !stripped.endsWith("\\\\")) {
        cur.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      cur.append(l);
      out.add(statement(start, cur.toString()));
      cur.setLength(0);
    }
    if (cur.length() > 0) {
      out.add(statement(start, cur.toString()));
    }
    return out;
  }

  private static Statement statement(int line, String text) throws CrmshTextException {
    List<String> words;
    try {
      words = ShellWords.split(text);
    } catch (IllegalArgumentException e) {
      throw new CrmshTextException("line " + line + ": " + e.getMessage());
    }
    if (words.isEmpty()) {
      throw new CrmshTextException("line " + line + ": empty statement");
    }
    if (!RANK.containsKey(words.get(0))) {
      throw new CrmshTextException(
          "line "
              + line
              + ": '"
              + words.get(0)
              + "' is not supported in a load (supported: "
              + String.join(", ", new java.util.TreeSet<>(RANK.keySet()))
              + ")");
    }
    return new Statement(line, List.copyOf(words));
  }

  /** The statements ordered so that each refers only to objects defined before it (stable). */
  static List<Statement> inLoadOrder(List<Statement> statements) {
    List<Statement> sorted = new ArrayList<>(statements);
    sorted.sort(Comparator.comparingInt(s -> RANK.getOrDefault(s.command(), 99)));
    return sorted;
  }

  /**
   * The id a statement defines, for the commands that define one object (template, primitive,
   * group, clone, constraints, alert), else null (properties, defaults, nodes, tags,
   * fencing_topology merge or replace).
   */
  static String definedId(Statement s) {
    if (DEFINES_ONE.contains(s.command()) && s.words().size() > 1) {
      return s.words().get(1);
    }
    return null;
  }
}
