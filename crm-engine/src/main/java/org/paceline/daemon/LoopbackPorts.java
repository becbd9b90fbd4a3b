package org.paceline.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Loopback ports for local clusters (the demo, the process tests), chosen below the kernel's
 * ephemeral range. Inside that range a port left by a killed node can be taken, while the node is
 * down, as the local end of any outgoing connection, even of the survivors' reconnects to that very
 * port (a TCP self-connect): the powered-on node then failed with "No available port to bind to"
 * (seen once in a full test run).
 */
public final class LoopbackPorts {

  private static final int LOWEST = 20_000;

  private LoopbackPorts() {}

  /**
   * A random base port such that {@code base .. base + span - 1} lies below the ephemeral range (or
   * in 20000-39999 if that range leaves no room) and {@code usable} accepts it.
   */
  public static int freeBase(int span, IntPredicate usable) throws IOException {
    int low = LOWEST;
    int high = Math.min(40_000, ephemeralLow()) - span;
    if (high <= low) {
      high = 40_000 - span;
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(low, high);
      if (usable.test(base)) {
        return base;
      }
    }
    throw new IOException("no free port range on the loopback address");
  }

  /** Whether each of the {@code count} ports from {@code from} can be bound on loopback now. */
  public static boolean allFree(int from, int count) {
    for (int p = from; p < from + count; p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** The first port of Linux's ephemeral range (32768 by default; 65536 if unknown). */
  static int ephemeralLow() {
    try {
      String r = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(r.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 65_536;
    }
  }
}
