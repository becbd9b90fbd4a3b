package org.paceline.cib;

/**
 * A resource role. Reads both the old words (Master/Slave) and the new (Promoted/Unpromoted);
 * writes only the new ones.
 */
public enum Role {
  UNKNOWN("Unknown"),
  STOPPED("Stopped"),
  STARTED("Started"),
  UNPROMOTED("Unpromoted"),
  PROMOTED("Promoted");

  private final String xmlName;

  Role(String xmlName) {
    this.xmlName = xmlName;
  }

  /** The word written to XML and YAML. */
  public String xmlName() {
    return xmlName;
  }

  /**
   * Parses a role word, case-insensitively, accepting Master and Slave.
   *
   * @throws IllegalArgumentException naming the allowed words
   */
  public static Role parse(String text) {
    if (text != null) {
      switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "unknown":
          return UNKNOWN;
        case "stopped":
          return STOPPED;
        case "started":
          return STARTED;
        case "unpromoted", "slave":
          return UNPROMOTED;
        case "promoted", "master":
          return PROMOTED;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "bad role '"
            + text
            + "' (expected Started, Stopped, Promoted, Unpromoted, or the old Master/Slave)");
  }

  @Override
  public String toString() {
    return xmlName;
  }
}
