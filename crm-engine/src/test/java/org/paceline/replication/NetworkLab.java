package org.paceline.replication;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Separate "hosts" for tests: one network namespace per node, each with a veth cable into a bridge
 * that lives in a switch namespace of its own, so no traffic touches the machine's real network.
 * Cutting a node's cable ({@link #cut}) partitions it with no FIN/RST, like a pulled cable. {@link
 * #close()} deletes every namespace it created (and with them the veths and the bridge).
 */
public final class NetworkLab implements AutoCloseable {
  /** Longest one ip(8) command may take. */
  static final long IP_TIMEOUT_MS = 10_000;

  private final String tag = "pl" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
  private final String sw = tag + "sw";
  private final Map<String, String> ns = new LinkedHashMap<>();
  private final Map<String, String> address = new LinkedHashMap<>();
  private final List<String> created = new ArrayList<>();

  /** Creates the switch and one namespace per node with address 10.77.0.(i+1)/24. */
  public NetworkLab(List<String> nodes) throws IOException, InterruptedException {
    try {
      addNs(sw);
      ip("-n", sw, "link", "add", "br0", "type", "bridge");
      ip("-n", sw, "link", "set", "br0", "up");
      int i = 1;
      for (String n : nodes) {
        String name = tag + n;
        addNs(name);
        ns.put(n, name);
        String a = "10.77.0." + i++;
        address.put(n, a);
        ip(
            "link",
            "add",
            "v" + name,
            "netns",
            name,
            "type",
            "veth",
            "peer",
            "name",
            "p" + n,
            "netns",
            sw);
        ip("-n", name, "link", "set", "lo", "up");
        ip("-n", name, "addr", "add", a + "/24", "dev", "v" + name);
        ip("-n", name, "link", "set", "v" + name, "up");
        ip("-n", sw, "link", "set", "p" + n, "master", "br0");
        ip("-n", sw, "link", "set", "p" + n, "up");
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Whether this machine lets us create namespaces (root and iproute2). */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      return p.waitFor(IP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          && p.exitValue() == 0
          && "root".equals(System.getProperty("user.name"));
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Node name -> its address. */
  public Map<String, String> addresses() {
    return address;
  }

  /** Node name -> the command prefix that runs a process in its namespace. */
  public Map<String, List<String>> prefixes() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    ns.forEach((n, name) -> m.put(n, List.of("ip", "netns", "exec", name)));
    return m;
  }

  /** Pulls {@code node}'s cable (its switch port goes down). */
  public void cut(String node) throws IOException, InterruptedException {
    ip("-n", sw, "link", "set", "p" + node, "down");
  }

  /** Plugs the cable back in. */
  public void heal(String node) throws IOException, InterruptedException {
    ip("-n", sw, "link", "set", "p" + node, "up");
  }

  private void addNs(String name) throws IOException, InterruptedException {
    ip("netns", "add", name);
    created.add(name);
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("ip");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(IP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IOException(cmd + " failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    IOException first = null;
    for (String name : created) {
      try {
        ip("netns", "del", name);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    created.clear();
    if (first != null) {
      throw first;
    }
  }
}
