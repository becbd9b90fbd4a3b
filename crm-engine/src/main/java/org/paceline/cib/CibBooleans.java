package org.paceline.cib;

import java.util.Locale;

/**
 * Pacemaker's boolean words: true/on/yes/y/1 and false/off/no/n/0; the one home of its crm_is_true
 * rule ({@link #isTrue}).
 */
public final class CibBooleans {
  private CibBooleans() {}

  /**
   * Pacemaker's crm_is_true: true for "true", "on", "yes", "y" and "1" in any case (blanks around
   * it ignored, as {@link #parse} ignores them); anything else, null and "2" included, is false.
   */
  public static boolean isTrue(String text) {
    if (text == null) {
      return false;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "y", "1" -> true;
      default -> false;
    };
  }

  /**
   * Parses a Pacemaker boolean.
   *
   * @throws IllegalArgumentException naming the text and the accepted words
   */
  public static boolean parse(String text) {
    if (text != null) {
      switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "true", "on", "yes", "y", "1":
          return true;
        case "false", "off", "no", "n", "0":
          return false;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "bad boolean '" + text + "' (expected true/false, on/off, yes/no or 1/0)");
  }

  /** Whether {@code text} is one of the boolean words. */
  public static boolean valid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
