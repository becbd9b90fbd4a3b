package org.paceline.cib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One validation's shared state: the configuration, the findings in the order they were made, and
 * the ids seen so far (each defined once; references checked against the resources and tags).
 */
final class ValidationContext {
  /** XML ID syntax, which Pacemaker's schema requires of every id. */
  private static final Pattern XML_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  final Configuration config;
  final List<Problem> problems = new ArrayList<>();
  final Set<String> resourceIds = new HashSet<>();
  final Set<String> tagIds = new HashSet<>();
  private final Map<String, String> definedIds = new HashMap<>();
  private final Set<String> nodeIds = new HashSet<>();

  ValidationContext(Configuration config) {
    this.config = config;
    config.allResources().forEach(r -> resourceIds.add(r.id()));
    config.tags().forEach(t -> tagIds.add(t.id()));
  }

  void error(String element, String id, String message) {
    problems.add(Problem.error(element, id, message));
  }

  void warning(String element, String id, String message) {
    problems.add(Problem.warning(element, id, message));
  }

  /** Checks an id's presence, syntax and uniqueness across the configuration. */
  void id(String element, String id) {
    if (id == null || id.isEmpty()) {
      error(element, null, "missing id (every " + element + " needs a unique id)");
      return;
    }
    // Node ids come from the membership layer (numbers, UUIDs): the schema types them as text, so
    // they are not XML IDs and need only be unique among nodes (a Pacemaker Remote node's id is
    // the id of its connection resource).
    if ("node".equals(element)) {
      if (!nodeIds.add(id)) {
        error(element, id, "duplicate node id '" + id + "'");
      }
      return;
    }
    if (!XML_ID.matcher(id).matches()) {
      error(
          element,
          id,
          "invalid id '"
              + id
              + "' (expected a letter or _ first, then letters, digits, '.', '-' or '_')");
    }
    String previous = definedIds.putIfAbsent(id, element);
    if (previous != null) {
      error(element, id, "duplicate id '" + id + "' (already used by a " + previous + ")");
    }
  }

  /** An element that may be a reference (id-ref) instead of a definition. */
  void idOrRef(String element, String id, String idRef) {
    if (id == null && idRef != null) {
      return;
    }
    id(element, id);
  }
}
