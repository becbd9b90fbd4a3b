package org.paceline.fencing.serial;

import java.util.List;
import java.util.Locale;
import org.paceline.fencing.DeviceResult;
import org.paceline.fencing.FenceDevice;
import org.paceline.fencing.PowerState;

/**
 * A fence device on a serial power switch. Each call opens the port, logs in, acts and closes it
 * again: the port is held only while fencing (a second open is refused, so holding it would lock
 * out the operator's own console), and a switch that was power-cycled starts from a clean prompt.
 */
public final class SerialPowerSwitch implements FenceDevice {
  private final String id;
  private final SerialSwitchSettings s;

  public SerialPowerSwitch(String id, SerialSwitchSettings settings) {
    this.id = id;
    this.s = settings;
  }

  @Override
  public String id() {
    return id;
  }

  /** One step over an open, logged-in link. */
  private interface Step {
    DeviceResult run(SerialLink link, long deadlineNanos) throws SerialLinkException;
  }

  private DeviceResult withLink(String what, long timeoutMs, Step step) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    try (SerialLink link = SerialLink.open(s.portPath(), s.baud())) {
      s.dialect().login(link, s.password(), deadline);
      DeviceResult r = step.run(link, deadline);
      try {
        s.dialect().logout(link);
      } catch (SerialLinkException e) {
        // The action is done and confirmed; a failed logout must not turn it into a failure.
        if (r instanceof DeviceResult.Ok ok) {
          return new DeviceResult.Ok(
              ok.power(), ok.plugs(), ok.message() + " (logout failed: " + e.getMessage() + ")");
        }
      }
      return r;
    } catch (SerialLinkException e) {
      String msg = id + " " + what + ": " + e.getMessage();
      return e.timedOut()
          ? new DeviceResult.TimedOut(timeoutMs, msg)
          : new DeviceResult.Failed(msg);
    } catch (IllegalArgumentException e) {
      return new DeviceResult.Failed(id + " " + what + ": " + e.getMessage());
    }
  }

  private DeviceResult set(String plug, boolean on, long timeoutMs) {
    String word = on ? "on" : "off";
    return withLink(
        word + " plug " + plug,
        timeoutMs,
        (link, deadline) -> {
          s.dialect().set(link, plug, on, deadline);
          return DeviceResult.Ok.of(
              on ? PowerState.ON : PowerState.OFF,
              id + ": plug " + plug + " " + word + " (" + s.dialect().name() + ")");
        });
  }

  @Override
  public DeviceResult off(String plug, long timeoutMs) {
    return set(plug, false, timeoutMs);
  }

  @Override
  public DeviceResult on(String plug, long timeoutMs) {
    return set(plug, true, timeoutMs);
  }

  @Override
  public DeviceResult reboot(String plug, long timeoutMs) {
    return withLink(
        "reboot plug " + plug,
        timeoutMs,
        (link, deadline) -> {
          s.dialect().reboot(link, plug, deadline);
          return DeviceResult.Ok.of(PowerState.UNKNOWN, id + ": plug " + plug + " power-cycled");
        });
  }

  @Override
  public DeviceResult status(String plug, long timeoutMs) {
    return withLink(
        "status plug " + plug,
        timeoutMs,
        (link, deadline) -> {
          PowerState p = s.dialect().status(link, plug, deadline);
          return DeviceResult.Ok.of(
              p, id + ": plug " + plug + " is " + p.name().toLowerCase(Locale.ROOT));
        });
  }

  @Override
  public DeviceResult list(long timeoutMs) {
    return withLink(
        "list",
        timeoutMs,
        (link, deadline) -> {
          List<String> plugs = s.dialect().plugs(link, deadline);
          return new DeviceResult.Ok(
              PowerState.UNKNOWN, plugs, id + ": " + plugs.size() + " plugs");
        });
  }

  /** A status of the first plug proves the port, login and command language. */
  @Override
  public DeviceResult monitor(long timeoutMs) {
    return withLink(
        "monitor",
        timeoutMs,
        (link, deadline) -> {
          List<String> plugs = s.dialect().plugs(link, deadline);
          if (!plugs.isEmpty()) {
            s.dialect().status(link, plugs.get(0), deadline);
          }
          return DeviceResult.Ok.of(PowerState.UNKNOWN, id + ": switch answers");
        });
  }
}
