package org.paceline.fencing.serial;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paceline.fencing.PowerState;
import org.paceline.fencing.Secret;

/**
 * WTI RPS-10 as cluster-glue's rps10 plugin speaks it: each command is the binary prefix {@code
 * ^B^X^X^B^X^X}, the plug address ({@code 0}-{@code 9}, {@code *} for all), the command ({@code 0}
 * off, {@code 1} on, {@code T} toggle, {@code ?} status) and a carriage return. The switch answers
 * {@code Plug N Off} or {@code Plug N On}, then {@code Complete}. It has no password.
 */
public final class WtiRps10Dialect implements SwitchDialect {
  static final String PREFIX = "\u0002\u0018\u0018\u0002\u0018\u0018";
  static final String COMPLETE = "Complete";
  private static final Pattern STATE = Pattern.compile("Plug (\\d) (On|Off)");

  @Override
  public String name() {
    return "wti-rps10";
  }

  @Override
  public void login(SerialLink link, Secret password, long deadlineNanos) {
    // The RPS-10 has no login: the binary prefix stands in for one.
  }

  private static void checkPlug(String plug) {
    if (plug == null || !plug.matches("[0-9]")) {
      throw new IllegalArgumentException("WTI RPS-10 plug must be 0-9, got '" + plug + "'");
    }
  }

  /** Sends one command and returns the last state line before {@code Complete}. */
  private PowerState send(SerialLink link, String plug, char cmd, long deadlineNanos)
      throws SerialLinkException {
    checkPlug(plug);
    link.write(PREFIX + plug + cmd + "\r");
    String reply = link.readUntil(deadlineNanos, COMPLETE);
    Matcher m = STATE.matcher(reply);
    PowerState last = PowerState.UNKNOWN;
    while (m.find()) {
      if (m.group(1).equals(plug)) {
        last = "On".equals(m.group(2)) ? PowerState.ON : PowerState.OFF;
      }
    }
    return last;
  }

  @Override
  public void set(SerialLink link, String plug, boolean on, long deadlineNanos)
      throws SerialLinkException {
    PowerState want = on ? PowerState.ON : PowerState.OFF;
    PowerState got = send(link, plug, on ? '1' : '0', deadlineNanos);
    if (got != want) {
      throw new SerialLinkException(
          "WTI RPS-10 on " + link.path() + " reported plug " + plug + " " + got + " after " + want,
          false);
    }
  }

  @Override
  public void reboot(SerialLink link, String plug, long deadlineNanos) throws SerialLinkException {
    send(link, plug, 'T', deadlineNanos);
  }

  @Override
  public PowerState status(SerialLink link, String plug, long deadlineNanos)
      throws SerialLinkException {
    return send(link, plug, '?', deadlineNanos);
  }

  @Override
  public List<String> plugs(SerialLink link, long deadlineNanos) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i <= 9; i++) {
      out.add(Integer.toString(i));
    }
    return out;
  }
}
