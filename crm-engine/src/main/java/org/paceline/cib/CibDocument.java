package org.paceline.cib;

import java.util.List;

/**
 * A CIB read from a document, with where its ids came from.
 *
 * @param cib the model
 * @param locations the source lines of its ids
 * @param readWarnings what the read changed or dropped, one line each with file and line: syntax
 *     Pacemaker 3.0 removed ({@code <master>}, {@code <lifetime>}), read as Pacemaker 3.0's upgrade
 *     reads it; empty for a current document
 */
public record CibDocument(Cib cib, SourceLocations locations, List<String> readWarnings) {
  public CibDocument {
    readWarnings = List.copyOf(readWarnings);
  }

  /** A document the read did not have to change. */
  public CibDocument(Cib cib, SourceLocations locations) {
    this(cib, locations, List.of());
  }
}
