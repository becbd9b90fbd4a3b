package org.paceline.shell;

/** Exit codes of the shell, following sysexits.h where one fits. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;

  /** The command line is wrong (picocli's code for bad options, kept for option values too). */
  public static final int USAGE = 2;

  /** The input (a CIB, a YAML file) is invalid: nothing was changed. */
  public static final int INVALID_INPUT = 65;

  /** The input file cannot be read. */
  public static final int NO_INPUT = 66;

  /** A service the command needed failed: fencing was not confirmed, a fence device is down. */
  public static final int UNAVAILABLE = 69;

  /** An unexpected internal failure. */
  public static final int SOFTWARE = 70;

  /** An output file cannot be written. */
  public static final int CANT_CREATE = 73;
}
