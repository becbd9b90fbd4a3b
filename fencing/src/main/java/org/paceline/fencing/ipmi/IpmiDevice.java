package org.paceline.fencing.ipmi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paceline.fencing.DeviceResult;
import org.paceline.fencing.FenceDevice;
import org.paceline.fencing.PowerState;
import org.paceline.fencing.exec.ExternalTool;
import org.paceline.process.ProcessResult;

/**
 * Fences one machine through its BMC with {@code ipmitool -I lanplus}: {@code chassis power
 * off|on}, then polls {@code chassis power status} until the BMC reports the new state, because a
 * BMC acknowledges the command before the power actually changes. The plug is ignored. The password
 * reaches ipmitool through its environment or a 0600 file, never argv, and any output that echoes
 * it is redacted.
 */
public final class IpmiDevice implements FenceDevice {
  private final String id;
  private final IpmiSettings s;

  public IpmiDevice(String id, IpmiSettings settings) {
    this.id = id;
    this.s = settings;
  }

  @Override
  public String id() {
    return id;
  }

  /** The argv of one ipmitool call, without the password (public so tests can inspect it). */
  public List<String> command(Path passwordFile, String... ipmiCommand) {
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of(
            s.ipmitool(),
            "-I",
            "lanplus",
            "-C",
            Integer.toString(s.cipherSuite()),
            "-H",
            s.host(),
            "-p",
            Integer.toString(s.port()),
            "-U",
            s.username()));
    if (passwordFile != null) {
      argv.add("-f");
      argv.add(passwordFile.toString());
    } else {
      argv.add("-E");
    }
    argv.addAll(List.of(ipmiCommand));
    return argv;
  }

  /** One ipmitool call, the password in its environment or a 0600 file deleted afterwards. */
  private ProcessResult ipmitool(long timeoutMs, String... ipmiCommand) throws IOException {
    Path pwFile = null;
    try {
      Map<String, String> env = Map.of();
      if (s.delivery() == PasswordDelivery.FILE) {
        pwFile =
            Files.createTempFile(
                "paceline-ipmi-",
                ".pw",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pwFile, s.password().reveal());
      } else {
        env = Map.of("IPMI_PASSWORD", s.password().reveal());
      }
      return ExternalTool.run(command(pwFile, ipmiCommand), env, null, timeoutMs);
    } finally {
      if (pwFile != null) {
        Files.deleteIfExists(pwFile);
      }
    }
  }

  private String what(String... cmd) {
    return id + " (" + s.host() + ":" + s.port() + ") " + String.join(" ", cmd);
  }

  /** Runs one command; null means it exited 0, with {@code out[0]} its stdout. */
  private DeviceResult runChecked(long timeoutMs, String[] out, String... cmd) {
    ProcessResult p;
    try {
      p = ipmitool(timeoutMs, cmd);
    } catch (IOException e) {
      return new DeviceResult.Failed(
          what(cmd) + ": cannot run " + s.ipmitool() + ": " + s.password().redact(e.getMessage()));
    }
    if (p.timedOut()) {
      return new DeviceResult.TimedOut(
          timeoutMs, what(cmd) + ": no answer within " + timeoutMs + " ms (ipmitool killed)");
    }
    if (p.exitCode() != 0) {
      return new DeviceResult.Failed(
          what(cmd)
              + " failed (ipmitool exit "
              + p.exitCode()
              + "): "
              + s.password().redact(ExternalTool.firstErrorLine(p)));
    }
    out[0] = p.stdout();
    return null;
  }

  private static PowerState parsePower(String stdout) {
    String t = stdout.toLowerCase(Locale.ROOT);
    if (t.contains("power is on")) {
      return PowerState.ON;
    }
    if (t.contains("power is off")) {
      return PowerState.OFF;
    }
    return PowerState.UNKNOWN;
  }

  @Override
  public DeviceResult status(String plug, long timeoutMs) {
    String[] out = new String[1];
    DeviceResult err = runChecked(timeoutMs, out, "chassis", "power", "status");
    if (err != null) {
      return err;
    }
    PowerState p = parsePower(out[0]);
    if (p == PowerState.UNKNOWN) {
      return new DeviceResult.Failed(
          what("chassis", "power", "status") + ": unexpected answer: " + out[0].trim());
    }
    return DeviceResult.Ok.of(p, id + ": power is " + p.name().toLowerCase(Locale.ROOT));
  }

  /** Sets the power and polls status until the BMC reports {@code want}, within the limit. */
  private DeviceResult setAndConfirm(String word, PowerState want, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    String[] out = new String[1];
    DeviceResult err = runChecked(timeoutMs, out, "chassis", "power", word);
    if (err != null) {
      return err;
    }
    DeviceResult last = null;
    while (true) {
      long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMs <= 0) {
        return new DeviceResult.TimedOut(
            timeoutMs,
            what("chassis", "power", word)
                + ": accepted, but power not confirmed "
                + want.name().toLowerCase(Locale.ROOT)
                + " within "
                + timeoutMs
                + " ms"
                + (last == null ? "" : " (last: " + last.message() + ")"));
      }
      last = status(null, remainingMs);
      if (last instanceof DeviceResult.Ok ok && ok.power() == want) {
        return DeviceResult.Ok.of(want, id + ": power " + word + " confirmed by status");
      }
      try {
        Thread.sleep(Math.min(s.statusPollIntervalMs(), Math.max(1, remainingMs)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DeviceResult.Failed(what("chassis", "power", word) + ": interrupted");
      }
    }
  }

  @Override
  public DeviceResult off(String plug, long timeoutMs) {
    return setAndConfirm("off", PowerState.OFF, timeoutMs);
  }

  @Override
  public DeviceResult on(String plug, long timeoutMs) {
    return setAndConfirm("on", PowerState.ON, timeoutMs);
  }

  /**
   * Off (confirmed), then on. Once off is confirmed the node is fenced, so a failed power-on is
   * reported in the message but does not fail the reboot.
   */
  @Override
  public DeviceResult reboot(String plug, long timeoutMs) {
    long start = System.nanoTime();
    DeviceResult off = off(plug, timeoutMs);
    if (!off.ok()) {
      return off;
    }
    long left = timeoutMs - (System.nanoTime() - start) / 1_000_000;
    DeviceResult on = left > 0 ? on(plug, left) : new DeviceResult.Failed("no time left");
    return DeviceResult.Ok.of(
        on.ok() ? PowerState.ON : PowerState.OFF,
        on.ok()
            ? id + ": rebooted (off and on confirmed)"
            : id + ": off confirmed; power on failed: " + on.message());
  }

  @Override
  public DeviceResult list(long timeoutMs) {
    return new DeviceResult.Ok(PowerState.UNKNOWN, List.of(), id + ": controls a single machine");
  }

  @Override
  public DeviceResult monitor(long timeoutMs) {
    return status(null, timeoutMs);
  }
}
