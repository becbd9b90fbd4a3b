package org.paceline.cib;

/** Ids in the status section's resource history. */
public final class HistoryIds {
  private HistoryIds() {}

  /**
   * The primitive id of a clone instance's history id ({@code db:2} -> {@code db}); any other id
   * unchanged.
   */
  public static String baseId(String historyId) {
    int colon = historyId.lastIndexOf(':');
    if (colon <= 0 || colon == historyId.length() - 1) {
      return historyId;
    }
    for (int i = colon + 1; i < historyId.length(); i++) {
      char c = historyId.charAt(i);
      if (c < '0' || c > '9') {
        return historyId;
      }
    }
    return historyId.substring(0, colon);
  }
}
