package org.paceline.cib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every part of one CIB XML read shares: the source name for messages, the problems found so
 * far (all collected before the read fails, so nothing is half-read) and where each id was defined.
 */
final class CibReadContext {
  final String source;
  final List<String> problems = new ArrayList<>();

  /** Syntax read in its current form (Pacemaker 3.0's removals), one line each; see CibDocument. */
  final List<String> readWarnings = new ArrayList<>();

  final SourceLocations locations;

  CibReadContext(String source) {
    this.source = source;
    this.locations = new SourceLocations(source);
  }

  String where(int line) {
    String s = source == null ? "" : source;
    if (line > 0) {
      return s.isEmpty() ? "line " + line + ": " : s + ":" + line + ": ";
    }
    return s.isEmpty() ? "" : s + ": ";
  }

  String at(ParsedElement e) {
    return where(e.line) + e.describe() + ": ";
  }

  void problem(ParsedElement e, String message) {
    problems.add(at(e) + message);
  }

  /** Legacy syntax that the read turned into its current form (or dropped): said, not refused. */
  void readWarning(ParsedElement e, String message) {
    readWarnings.add(where(e.line) + "warning: " + e.describe() + ": " + message);
  }

  /** Attributes of {@code e} other than the typed ones, in document order. */
  static Map<String, String> others(ParsedElement e, String... typed) {
    // Without copying: the status section has hundreds of thousands of elements whose attributes
    // are all typed.
    Map<String, String> out = null;
    next:
    for (Map.Entry<String, String> a : e.attributes.entrySet()) {
      for (String t : typed) {
        if (t.equals(a.getKey())) {
          continue next;
        }
      }
      if (out == null) {
        out = new LinkedHashMap<>();
      }
      out.put(a.getKey(), a.getValue());
    }
    return out == null ? new LinkedHashMap<>() : out;
  }

  void track(ParsedElement e) {
    locations.record(e.attr("id"), e.line);
  }

  <T> T parse(ParsedElement e, String attr, Function<String, T> parser) {
    String v = e.attr(attr);
    if (v == null) {
      return null;
    }
    try {
      return parser.apply(v);
    } catch (IllegalArgumentException ex) {
      problem(e, "attribute " + attr + ": " + ex.getMessage());
      return null;
    }
  }

  Long parseLong(ParsedElement e, String attr) {
    return parse(
        e,
        attr,
        v -> {
          try {
            return Long.parseLong(v.trim());
          } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("bad integer '" + v + "'");
          }
        });
  }

  Integer parseInt(ParsedElement e, String attr) {
    Long v = parseLong(e, attr);
    return v == null ? null : (int) (long) v;
  }

  Boolean parseBool(ParsedElement e, String attr) {
    return parse(e, attr, CibBooleans::parse);
  }

  void unexpected(ParsedElement parent, ParsedElement child, String expected) {
    problems.add(
        where(child.line)
            + "unexpected <"
            + child.name
            + "> inside "
            + parent.describe()
            + " (expected "
            + expected
            + ")");
  }
}
