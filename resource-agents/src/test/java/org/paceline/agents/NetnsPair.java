package org.paceline.agents;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair ({@code a} in {@code ns1}, {@code b} in {@code
 * ns2}), IPv4 10.77.N.1/24 and .2/24, IPv6 fd77:N::1/64 and ::2/64; the peer accepts gratuitous ARP
 * so a test can see announcements land in its neighbour table. Needs root and iproute2.
 */
final class NetnsPair implements AutoCloseable {
  final String ns1;
  final String ns2;
  final String nic1;
  final String nic2;
  final int subnet;

  NetnsPair() throws Exception {
    int tag = ThreadLocalRandom.current().nextInt(10_000, 99_999);
    subnet = tag % 200 + 20;
    ns1 = "pl-a-" + tag;
    ns2 = "pl-b-" + tag;
    nic1 = "pla" + tag;
    nic2 = "plb" + tag;
    try {
      sh("ip", "netns", "add", ns1);
      sh("ip", "netns", "add", ns2);
      sh(
          "ip", "link", "add", nic1, "netns", ns1, "type", "veth", "peer", "name", nic2, "netns",
          ns2);
      sh("ip", "-n", ns1, "link", "set", nic1, "up");
      sh("ip", "-n", ns2, "link", "set", nic2, "up");
      sh("ip", "-n", ns1, "addr", "add", "10.77." + subnet + ".1/24", "dev", nic1);
      sh("ip", "-n", ns2, "addr", "add", "10.77." + subnet + ".2/24", "dev", nic2);
      sh("ip", "-n", ns1, "addr", "add", "fd77:" + subnet + "::1/64", "dev", nic1, "nodad");
      sh("ip", "-n", ns2, "addr", "add", "fd77:" + subnet + "::2/64", "dev", nic2, "nodad");
      sh("ip", "netns", "exec", ns2, "sysctl", "-qw", "net.ipv4.conf.all.arp_accept=1");
      sh("ip", "netns", "exec", ns2, "sysctl", "-qw", "net.ipv4.conf." + nic2 + ".arp_accept=1");
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  static boolean available() {
    try {
      return sh("ip", "netns", "list").exit == 0
          && ProcessHandle.current().info().user().orElse("").equals("root");
    } catch (Exception e) {
      return false;
    }
  }

  String peerNeighbours() throws Exception {
    return sh("ip", "-n", ns2, "neigh", "show", "dev", nic2).out;
  }

  String addresses() throws Exception {
    return sh("ip", "-n", ns1, "addr", "show", "dev", nic1).out;
  }

  record Out(int exit, String out) {}

  static Out sh(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", argv));
    }
    return new Out(p.exitValue(), out);
  }

  @Override
  public void close() throws Exception {
    // Deleting the namespaces removes the veth pair too.
    sh("ip", "netns", "del", ns1);
    sh("ip", "netns", "del", ns2);
  }
}
