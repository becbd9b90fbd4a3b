package org.paceline.lab;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The faults of the campaign, each injected into one host from outside, the way it happens to a
 * real hub. {@link #heal} undoes what the cluster itself cannot (a cable, a frozen process that was
 * never fenced); everything else the cluster must repair on its own.
 */
enum FaultKind {
  /** The BMC cuts the power (ipmitool chassis power off): the host and everything on it stop. */
  POWEROFF("power-off"),
  /** kill -9 of the Paceline daemon; its resources keep running until the host is fenced. */
  KILL9("kill -9 daemon"),
  /** SIGSTOP of the Paceline daemon: a hung node that still holds the VIP and the primary. */
  SIGSTOP("SIGSTOP daemon"),
  /** The host's network cable is pulled: a partition of one. */
  PARTITION("link down"),
  /** kill -9 of the PostgreSQL postmaster (the primary crashes, the host stays up). */
  PGCRASH("PostgreSQL crash");

  final String label;

  FaultKind(String label) {
    this.label = label;
  }

  static FaultKind parse(String s) {
    for (FaultKind k : values()) {
      if (k.name().equalsIgnoreCase(s.trim().replace("-", ""))) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault kind '" + s + "' (poweroff, kill9, sigstop, partition, pgcrash)");
  }

  void inject(LabSite lab, String host) throws IOException, InterruptedException {
    switch (this) {
      case POWEROFF -> lab.labSh("ipmi", host, "chassis", "power", "off");
      case KILL9 -> signal(lab.daemonPid(host).orElseThrow(() -> noDaemon(host)), "KILL");
      case SIGSTOP -> signal(lab.daemonPid(host).orElseThrow(() -> noDaemon(host)), "STOP");
      case PARTITION -> lab.labSh("link", host, "down");
      case PGCRASH ->
          signal(
              lab.postmasterPid(host)
                  .orElseThrow(() -> new IOException("no PostgreSQL runs on " + host)),
              "KILL");
      default -> throw new IllegalStateException(name());
    }
  }

  /** After the cluster recovered: plug the cable back in, thaw a daemon nobody fenced. */
  void heal(LabSite lab, String host) throws IOException, InterruptedException {
    switch (this) {
      case PARTITION -> lab.labSh("link", host, "up");
      case SIGSTOP -> {
        var pid = lab.daemonPid(host);
        if (pid.isPresent()) {
          signal(pid.get(), "CONT");
        }
      }
      default -> {
        // the cluster fences and reboots the host, or restarts the resource, by itself
      }
    }
  }

  private static IOException noDaemon(String host) {
    return new IOException("no Paceline daemon runs on " + host);
  }

  private static void signal(long pid, String sig) throws IOException, InterruptedException {
    LabSite.run(List.of("kill", "-" + sig, Long.toString(pid)), Map.of());
  }
}
