package org.paceline.cib;

import java.util.Locale;

/** How strongly an order constraint binds (Pacemaker's {@code kind}). */
public enum OrderKind {
  MANDATORY("Mandatory"),
  OPTIONAL("Optional"),
  SERIALIZE("Serialize");

  private final String xmlName;

  OrderKind(String xmlName) {
    this.xmlName = xmlName;
  }

  public String xmlName() {
    return xmlName;
  }

  /** Parses Mandatory, Optional or Serialize (any case). */
  public static OrderKind parse(String text) {
    if (text != null) {
      for (OrderKind k : values()) {
        if (k.xmlName.toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException(
        "bad order kind '" + text + "' (expected Mandatory, Optional or Serialize)");
  }

  @Override
  public String toString() {
    return xmlName;
  }
}
