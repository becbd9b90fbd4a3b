package org.paceline.cib;

import java.util.List;

/**
 * A document (CIB XML or YAML) that cannot be read into the model. Carries every problem found,
 * each saying where (file, line, element id) and what was expected.
 */
public final class CibFormatException extends Exception {
  private final List<String> problems;

  public CibFormatException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  public CibFormatException(String problem) {
    this(List.of(problem));
  }

  /** Each problem as one line for the operator. */
  public List<String> problems() {
    return problems;
  }
}
