package org.paceline.fencing.agents;

/**
 * The result of asking a fence agent for its metadata: the metadata, or why it could not be read.
 *
 * @param metadata the metadata, or null
 * @param problem the operator message, or null when {@code metadata} is set
 */
public record MetadataLookup(AgentMetadata metadata, String problem) {
  public MetadataLookup {
    if ((metadata == null) == (problem == null)) {
      throw new IllegalArgumentException("exactly one of metadata, problem");
    }
  }

  public static MetadataLookup found(AgentMetadata m) {
    return new MetadataLookup(m, null);
  }

  public static MetadataLookup problem(String message) {
    return new MetadataLookup(null, message);
  }
}
