package org.paceline.fencing.serial;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paceline.fencing.PowerState;
import org.paceline.fencing.Secret;

/**
 * WTI Network Power Switch (NPS) over its serial console, as cluster-glue's wti_nps plugin speaks
 * it: a carriage return brings a {@code Password:} prompt, then the {@code NPS>} prompt; {@code /s}
 * prints the plug table, {@code /On N,y}, {@code /Off N,y} and {@code /BOOT N,y} act without asking
 * for confirmation. The state is always read back with {@code /s} after an action.
 */
public final class WtiNpsDialect implements SwitchDialect {
  static final String PROMPT = "NPS>";
  static final String PASSWORD_PROMPT = "Password:";
  // " 1  | node1  |  ON  | ..." rows of the /s table
  private static final Pattern ROW =
      Pattern.compile("^\\s*(\\d+)\\s*\\|\\s*([^|]*?)\\s*\\|\\s*(ON|OFF)\\b", Pattern.MULTILINE);

  @Override
  public String name() {
    return "wti-nps";
  }

  @Override
  public void login(SerialLink link, Secret password, long deadlineNanos)
      throws SerialLinkException {
    link.write("\r");
    String got = link.readUntil(deadlineNanos, PASSWORD_PROMPT, PROMPT);
    if (got.endsWith(PROMPT)) {
      return;
    }
    link.write((password == null ? "" : password.reveal()) + "\r");
    String after = link.readUntil(deadlineNanos, PROMPT, PASSWORD_PROMPT);
    if (after.endsWith(PASSWORD_PROMPT)) {
      throw new SerialLinkException("WTI NPS on " + link.path() + " rejected the password", false);
    }
  }

  /**
   * How long a logout waits for the switch to acknowledge it; closing the port earlier can discard
   * the unsent command.
   */
  public static final long LOGOUT_ACK_LIMIT_MS = 500;

  @Override
  public void logout(SerialLink link) throws SerialLinkException {
    link.write("/x,y\r");
    try {
      link.readUntil(
          System.nanoTime() + LOGOUT_ACK_LIMIT_MS * 1_000_000, "Disconnected", PASSWORD_PROMPT);
    } catch (SerialLinkException e) {
      if (!e.timedOut()) {
        throw e;
      }
      // The action itself already succeeded; a console left logged in is not a fencing failure.
    }
  }

  private String command(SerialLink link, String cmd, long deadlineNanos)
      throws SerialLinkException {
    link.write(cmd + "\r");
    return link.readUntil(deadlineNanos, PROMPT);
  }

  private static void checkPlug(String plug) {
    if (plug == null || !plug.matches("\\d{1,2}")) {
      throw new IllegalArgumentException("WTI NPS plug must be a number, got '" + plug + "'");
    }
  }

  @Override
  public void set(SerialLink link, String plug, boolean on, long deadlineNanos)
      throws SerialLinkException {
    checkPlug(plug);
    command(link, (on ? "/On " : "/Off ") + plug + ",y", deadlineNanos);
    PowerState want = on ? PowerState.ON : PowerState.OFF;
    PowerState now = status(link, plug, deadlineNanos);
    if (now != want) {
      throw new SerialLinkException(
          "WTI NPS on " + link.path() + " left plug " + plug + " " + now + " after " + want, false);
    }
  }

  @Override
  public void reboot(SerialLink link, String plug, long deadlineNanos) throws SerialLinkException {
    checkPlug(plug);
    command(link, "/BOOT " + plug + ",y", deadlineNanos);
  }

  @Override
  public PowerState status(SerialLink link, String plug, long deadlineNanos)
      throws SerialLinkException {
    checkPlug(plug);
    Matcher m = ROW.matcher(command(link, "/s", deadlineNanos));
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) == Integer.parseInt(plug)) {
        return "ON".equals(m.group(3)) ? PowerState.ON : PowerState.OFF;
      }
    }
    throw new SerialLinkException(
        "WTI NPS on " + link.path() + " has no plug " + plug + " in its /s table", false);
  }

  @Override
  public List<String> plugs(SerialLink link, long deadlineNanos) throws SerialLinkException {
    List<String> out = new ArrayList<>();
    Matcher m = ROW.matcher(command(link, "/s", deadlineNanos));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
