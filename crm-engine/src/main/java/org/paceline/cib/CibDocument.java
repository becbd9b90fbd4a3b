package org.paceline.cib;

/**
 * A CIB read from a document, with where its ids came from.
 *
 * @param cib the model
 * @param locations the source lines of its ids
 */
public record CibDocument(Cib cib, SourceLocations locations) {}
