package org.paceline.shell;

/** Exit codes of the shell, following sysexits.h where one fits. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;

  /** The command line was wrong (unknown agent syntax, missing key=value). */
  public static final int USAGE = 64;

  /** A needed service or file is not available (an agent's meta-data cannot be read). */
  public static final int UNAVAILABLE = 69;

  /** The input (a CIB, a YAML file) is invalid: nothing was changed. */
  public static final int INVALID_INPUT = 65;

  /** The input file cannot be read. */
  public static final int NO_INPUT = 66;

  /** An unexpected internal failure. */
  public static final int SOFTWARE = 70;

  /** An output file cannot be written. */
  public static final int CANT_CREATE = 73;
}
