package org.paceline.agents;

/** An agent's meta-data could not be obtained or is not valid OCF meta-data XML. */
public final class AgentMetadataException extends Exception {
  public AgentMetadataException(String message) {
    super(message);
  }

  public AgentMetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
