package org.paceline.cib;

/**
 * A Pacemaker score: an integer clamped to +/-INFINITY (1,000,000), with Pacemaker's saturating
 * arithmetic: -INFINITY wins over +INFINITY.
 *
 * @param value the score, within [-1,000,000, 1,000,000]
 */
public record Score(int value) implements Comparable<Score> {
  /** Pacemaker's INFINITY. */
  public static final int INFINITY_VALUE = 1_000_000;

  public static final Score INFINITY = new Score(INFINITY_VALUE);
  public static final Score MINUS_INFINITY = new Score(-INFINITY_VALUE);
  public static final Score ZERO = new Score(0);

  public Score {
    if (value > INFINITY_VALUE || value < -INFINITY_VALUE) {
      throw new IllegalArgumentException("score out of range: " + value);
    }
  }

  /** A score from an integer, clamped to +/-INFINITY. */
  public static Score of(long value) {
    return new Score((int) Math.max(-INFINITY_VALUE, Math.min(INFINITY_VALUE, value)));
  }

  /**
   * Parses a score as Pacemaker writes it: {@code INFINITY}, {@code +INFINITY}, {@code -INFINITY}
   * or an integer (clamped to +/-INFINITY).
   *
   * @throws IllegalArgumentException with a message naming the bad text and what is allowed
   */
  public static Score parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "missing score (expected INFINITY, -INFINITY or an integer)");
    }
    String t = text.trim();
    switch (t) {
      case "INFINITY", "+INFINITY", "infinity", "+infinity":
        return INFINITY;
      case "-INFINITY", "-infinity":
        return MINUS_INFINITY;
      default:
        if (!t.matches("[+-]?[0-9]{1,18}")) {
          throw new IllegalArgumentException(
              "bad score '" + text + "' (expected INFINITY, +INFINITY, -INFINITY or an integer)");
        }
        return of(Long.parseLong(t));
    }
  }

  /** Pacemaker's saturating addition: -INFINITY dominates, then +INFINITY. */
  public Score plus(Score other) {
    if (value == -INFINITY_VALUE || other.value == -INFINITY_VALUE) {
      return MINUS_INFINITY;
    }
    if (value == INFINITY_VALUE || other.value == INFINITY_VALUE) {
      return INFINITY;
    }
    return of((long) value + other.value);
  }

  public boolean infinite() {
    return value == INFINITY_VALUE;
  }

  public boolean minusInfinite() {
    return value == -INFINITY_VALUE;
  }

  @Override
  public int compareTo(Score o) {
    return Integer.compare(value, o.value);
  }

  /** The text Pacemaker writes: INFINITY, -INFINITY or the integer. */
  @Override
  public String toString() {
    if (value == INFINITY_VALUE) {
      return "INFINITY";
    }
    if (value == -INFINITY_VALUE) {
      return "-INFINITY";
    }
    return Integer.toString(value);
  }
}
