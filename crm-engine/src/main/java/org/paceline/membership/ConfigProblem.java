package org.paceline.membership;

/**
 * One thing wrong with a bootstrap file, phrased for the operator: where, which key, what was
 * expected and what was found.
 */
public record ConfigProblem(String file, String key, String message) {
  @Override
  public String toString() {
    return file + ": " + key + ": " + message;
  }
}
