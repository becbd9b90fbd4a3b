package org.paceline.fencing.ipmi;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.paceline.fencing.Await;
import org.paceline.fencing.exec.ExternalTool;
import org.paceline.process.ProcessResult;

/**
 * A real BMC: {@code ipmi_sim} (package openipmi) on 127.0.0.1 with a free UDP port, configured
 * from the lab's lan.conf and sim.emu, with a chassis_control hook that powers a {@link
 * StandInNode} off (SIGKILL of its group) and on (a new group). {@link #setMode} makes the hook
 * fail or hang.
 */
public final class IpmiSimulator implements AutoCloseable {
  public static final String USER = "admin";

  /** A password distinctive enough to search for in argv, messages and logs. */
  public static final String PASSWORD = "Pw-7f3k9q-bmc";

  /** How long the simulator may take to answer its first status. */
  public static final Duration STARTUP_LIMIT = Duration.ofSeconds(15);

  private final Path dir;
  private final int port;
  private final Process process;

  /** What the hook does on {@code set power}. */
  public enum Mode {
    WORK,
    /** {@code set power} exits 1: the BMC reports a failure. */
    FAIL,
    /** {@code set power} never returns, which blocks the whole simulator (a hung BMC). */
    HANG
  }

  public IpmiSimulator(Path dir, StandInNode node) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.port = freeUdpPort();
    Path hook = dir.resolve("chassis-hook.sh");
    String nodeDir = node.dir().toString();
    Files.writeString(
        hook,
        String.join(
            "\n",
            "#!/bin/sh",
            "# ipmi_sim runs: HOOK get power | HOOK set power 0|1",
            "NODE='" + nodeDir + "'",
            "mode=$(cat '" + dir.resolve("mode") + "' 2>/dev/null)",
            "alive() {",
            "  pid=$(cat \"$NODE/pid\" 2>/dev/null) || return 1",
            "  st=$(sed 's/.*) //' /proc/$pid/stat 2>/dev/null | cut -c1)",
            "  [ -n \"$st\" ] && [ \"$st\" != Z ]",
            "}",
            "case \"$1\" in",
            "get) if alive; then echo power:1; else echo power:0; fi; exit 0;;",
            "set)",
            "  [ \"$mode\" = FAIL ] && exit 1",
            "  if [ \"$mode\" = HANG ]; then echo $$ > '"
                + dir.resolve("hang.pid")
                + "'; exec sleep 120; fi",
            "  if [ \"$3\" = 0 ]; then",
            "    pid=$(cat \"$NODE/pid\" 2>/dev/null) && kill -KILL -$pid 2>/dev/null",
            "    exit 0",
            "  fi",
            "  alive && exit 0",
            "  setsid sh -c 'echo $$ > \"$0/pid.tmp\"; mv \"$0/pid.tmp\" \"$0/pid\"; exec sleep 100000'"
                + " \"$NODE\" </dev/null >/dev/null 2>&1 &",
            "  exit 0;;",
            "esac",
            "exit 2",
            ""));
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
    // One BMC on loopback with one admin user; power requests go to the hook above.
    String lan =
        String.join(
            "\n",
            "name \"paceline-test-bmc\"",
            "set_working_mc 0x20",
            "  startlan 1",
            "    addr 127.0.0.1 " + port,
            "    priv_limit admin",
            "    allowed_auths_callback none md2 md5 straight",
            "    allowed_auths_user none md2 md5 straight",
            "    allowed_auths_operator none md2 md5 straight",
            "    allowed_auths_admin none md2 md5 straight",
            "    guid 0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "  endlan",
            "  user 2 true \"" + USER + "\" \"" + PASSWORD + "\" admin 10 none md2 md5 straight",
            "  chassis_control \"" + hook + "\"",
            "");
    Files.writeString(dir.resolve("lan.conf"), lan);
    // The emulated management controller: a BMC at 0x20 with a system event log.
    Files.writeString(
        dir.resolve("sim.emu"),
        String.join(
            "\n",
            "mc_setbmc 0x20",
            "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr",
            "sel_enable 0x20 1000 0x0a",
            "mc_enable 0x20",
            ""));
    Files.createDirectories(dir.resolve("state"));
    this.process =
        new ProcessBuilder(
                "ipmi_sim",
                "-c",
                dir.resolve("lan.conf").toString(),
                "-f",
                dir.resolve("sim.emu").toString(),
                "-s",
                dir.resolve("state").toString(),
                "-n")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ipmi_sim.log").toFile())
            .start();
    // ipmi_sim reads console commands from stdin: keep the pipe open (never close it) so it stays
    // up.
    try {
      Await.until(STARTUP_LIMIT, "ipmi_sim on port " + port + " to answer", this::answers);
    } catch (AssertionError e) {
      close();
      throw e;
    }
  }

  private boolean answers() {
    if (!process.isAlive()) {
      throw new AssertionError("ipmi_sim exited: see " + dir.resolve("ipmi_sim.log"));
    }
    try {
      ProcessResult r =
          ExternalTool.run(
              List.of(
                  "ipmitool",
                  "-I",
                  "lanplus",
                  "-C",
                  "3",
                  "-H",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "-U",
                  USER,
                  "-E",
                  "chassis",
                  "power",
                  "status"),
              Map.of("IPMI_PASSWORD", PASSWORD),
              null,
              2000);
      return r.exitCode() == 0 && !r.timedOut();
    } catch (IOException e) {
      throw new AssertionError("ipmitool not runnable (apt-get install ipmitool)", e);
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public void setMode(Mode m) throws IOException {
    Files.writeString(dir.resolve("mode"), m.name());
  }

  /** SIGSTOP / SIGCONT: a BMC that stops answering. */
  public void signal(String sig) throws Exception {
    new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start().waitFor();
  }

  public IpmiSettings settings() {
    return IpmiSettings.of("127.0.0.1", port, USER, org.paceline.fencing.Secret.of(PASSWORD));
  }

  @Override
  public void close() {
    try {
      signal("CONT");
    } catch (Exception e) {
      // The SIGKILL below ends a stopped process as well.
    }
    process.destroyForcibly();
    try {
      process.waitFor();
      // Hanging hooks are children of ipmi_sim that outlive it; kill them only now that no new
      // one can start (ipmitool's retransmissions start more than one).
      Path hang = dir.resolve("hang.pid");
      if (Files.exists(hang)) {
        for (String pid : Files.readAllLines(hang)) {
          if (!pid.isBlank()) {
            new ProcessBuilder("kill", "-KILL", pid.trim()).start().waitFor();
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
