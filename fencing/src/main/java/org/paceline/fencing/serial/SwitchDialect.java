package org.paceline.fencing.serial;

import org.paceline.fencing.PowerState;
import org.paceline.fencing.Secret;

/**
 * The command language of one family of serial power switches. Each method talks over an open link
 * and must finish by {@code deadlineNanos}; failures are {@link SerialLinkException}s.
 */
public interface SwitchDialect {
  /** The dialect's name in configuration ({@code wti-nps}, {@code wti-rps10}). */
  String name();

  /** Logs in if the switch asks for a password (does nothing for switches without one). */
  void login(SerialLink link, Secret password, long deadlineNanos) throws SerialLinkException;

  /**
   * Ends the session so the next caller must log in again (a switch keeps a console logged in
   * between opens of the port otherwise). Best effort: nothing is awaited.
   */
  default void logout(SerialLink link) throws SerialLinkException {}

  /** Sets a plug on or off and returns once the switch reports the new state. */
  void set(SerialLink link, String plug, boolean on, long deadlineNanos) throws SerialLinkException;

  /** Power-cycles a plug with the switch's own reboot command. */
  void reboot(SerialLink link, String plug, long deadlineNanos) throws SerialLinkException;

  /** Reads a plug's state. */
  PowerState status(SerialLink link, String plug, long deadlineNanos) throws SerialLinkException;

  /** Lists the plugs. */
  java.util.List<String> plugs(SerialLink link, long deadlineNanos) throws SerialLinkException;

  /** Parses a dialect name. */
  static SwitchDialect named(String name) {
    return switch (name) {
      case "wti-nps", "wti_nps" -> new WtiNpsDialect();
      case "wti-rps10", "wti_rps10", "rps10" -> new WtiRps10Dialect();
      default ->
          throw new IllegalArgumentException(
              "unknown power switch dialect '" + name + "' (known: wti-nps, wti-rps10)");
    };
  }
}
