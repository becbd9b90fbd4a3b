package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Role;
import org.paceline.cib.Rule;
import org.paceline.cib.Score;

/**
 * A cursor over one crmsh statement's words that knows where it is, for error messages, and the
 * readers of the word forms every statement shares: scores, roles, {@code NAME=VALUE} pairs and
 * attribute sets.
 */
final class CrmshWords {
  private List<String> words;
  private int pos;

  CrmshWords(List<String> words) {
    this.words = words;
  }

  /** Steps back one word (after a look that needed to consume it). */
  void back() {
    if (pos > 0) {
      pos--;
    }
  }

  boolean hasNext() {
    return pos < words.size();
  }

  String peek() {
    return words.get(pos);
  }

  /** Forgets the last word (an option read out of order). */
  void dropLast() {
    words = words.subList(0, words.size() - 1);
  }

  /** The words not read yet. */
  List<String> rest() {
    return words.subList(pos, words.size());
  }

  String next(String expected) throws CrmshException {
    if (!hasNext()) {
      throw new CrmshException("expected " + expected + " after '" + String.join(" ", words) + "'");
    }
    return words.get(pos++);
  }

  void end() throws CrmshException {
    if (hasNext()) {
      pos++;
      throw error("unexpected '" + words.get(pos - 1) + "'");
    }
  }

  /** An error about the word just read. */
  CrmshException error(String message) {
    int at = Math.max(pos, 1);
    return new CrmshException(
        message
            + " (word "
            + at
            + " '"
            + words.get(at - 1)
            + "' of: "
            + String.join(" ", words)
            + ")");
  }

  static Role role(String text, CrmshWords w) throws CrmshException {
    try {
      return Role.parse(text);
    } catch (IllegalArgumentException e) {
      throw w.error(e.getMessage());
    }
  }

  /** {@code 100:}, {@code inf:}, {@code -inf:}, {@code INFINITY:}. */
  static Score scoreColon(String word, CrmshWords w) throws CrmshException {
    if (!word.endsWith(":")) {
      throw w.error("expected SCORE: with a colon (e.g. 100: or inf:), found '" + word + "'");
    }
    return score(word.substring(0, word.length() - 1), w);
  }

  static Score score(String s, CrmshWords w) throws CrmshException {
    String t =
        switch (s.toLowerCase(Locale.ROOT)) {
          case "inf", "+inf", "infinity", "+infinity" -> "INFINITY";
          case "-inf", "-infinity" -> "-INFINITY";
          default -> s;
        };
    try {
      return Score.parse(t);
    } catch (IllegalArgumentException e) {
      throw w.error(e.getMessage());
    }
  }

  /** Reads {@code k=v} words until the next word without '='. */
  static void pairs(CrmshWords w, Map<String, String> into, String section) throws CrmshException {
    while (w.hasNext() && w.peek().contains("=")) {
      String kv = w.next("k=v");
      int eq = kv.indexOf('=');
      if (eq == 0) {
        throw w.error(section + ": missing name in '" + kv + "'");
      }
      into.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
  }

  /**
   * One attribute set as crmsh's {@code match_attr_list} reads it: {@code [$id=ID | $id-ref=REF]
   * [SCORE:] [rule ...] NAME=VALUE ...}. Without {@code $id=}, the first set of a kind is named
   * {@code baseId}, the next ones {@code baseId-1}, {@code baseId-2}, ...
   */
  static NvSet attrList(CrmshWords w, String baseId, List<NvSet> before) throws CrmshException {
    String id = before.isEmpty() ? baseId : baseId + "-" + before.size();
    String idRef = null;
    if (w.hasNext() && w.peek().startsWith("$id=")) {
      id = w.next("$id=ID").substring(4);
      if (id.isEmpty()) {
        throw w.error("empty $id");
      }
    } else if (w.hasNext() && w.peek().startsWith("$id-ref=")) {
      idRef = w.next("$id-ref=REF").substring("$id-ref=".length());
      if (idRef.isEmpty()) {
        throw w.error("empty $id-ref");
      }
      return new NvSet(null, idRef, null, null, List.of(), Map.of());
    }
    Score score = null;
    if (w.hasNext() && w.peek().endsWith(":") && !w.peek().contains("=")) {
      score = scoreColon(w.next("SCORE:"), w);
    }
    Rule rule = null;
    if (w.hasNext() && w.peek().equals("rule")) {
      List<Rule> rules = CrmshRules.parse(id, w);
      if (rules.size() > 1) {
        throw w.error("an attribute set takes one rule");
      }
      rule = rules.get(0);
    }
    Map<String, String> kv = new LinkedHashMap<>();
    pairs(w, kv, "attributes");
    List<NvPair> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : kv.entrySet()) {
      pairs.add(NvPair.of(id + "-" + e.getKey(), e.getKey(), e.getValue()));
    }
    return new NvSet(id, null, score, rule, pairs, Map.of());
  }

  static List<NvSet> sets(String id, Map<String, String> kv) {
    if (kv.isEmpty()) {
      return List.of();
    }
    List<NvPair> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : kv.entrySet()) {
      pairs.add(NvPair.of(id + "-" + e.getKey(), e.getKey(), e.getValue()));
    }
    return List.of(NvSet.of(id, pairs));
  }
}
