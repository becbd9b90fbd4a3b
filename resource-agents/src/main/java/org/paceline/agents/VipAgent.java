package org.paceline.agents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Built-in agent {@code ocf:paceline:vip}: a virtual IPv4/IPv6 address on an interface, added and
 * removed with iproute2 and announced on start (gratuitous ARP / unsolicited neighbour
 * advertisement) so clients switch within milliseconds instead of after their ARP cache expires.
 * Same parameters and exit codes as the shipped OCF script {@code ocf/paceline/vip}.
 */
public final class VipAgent implements ResourceAgent {
  public static final AgentId ID = AgentId.ocf("paceline", "vip");

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Path HA_BIN = Path.of("/usr/libexec/heartbeat");
  private static final long BACKGROUND_SLACK_MS = 2_000;

  /**
   * The first announcement's interval, and the smallest {@code arp_interval_ms} accepted: send_arp
   * (resource-agents 4.12) never returns with {@code -i 1}.
   */
  static final int MIN_INTERVAL_MS = 10;

  private final CommandRunner commands;

  public VipAgent(CommandRunner commands) {
    this.commands = commands;
  }

  @Override
  public AgentId id() {
    return ID;
  }

  @Override
  public AgentMetadata metadata() throws AgentMetadataException {
    try (InputStream in = VipAgent.class.getResourceAsStream("vip-metadata.xml")) {
      if (in == null) {
        throw new AgentMetadataException(ID + ": vip-metadata.xml missing from the classpath");
      }
      return MetadataParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "" + ID);
    } catch (IOException e) {
      throw new AgentMetadataException(ID + ": cannot read meta-data: " + e.getMessage(), e);
    }
  }

  /** Validated configuration of one instance. */
  private record Config(
      String ip,
      int family,
      int prefix,
      String nic,
      String namespace,
      int arpCount,
      int arpIntervalMs) {
    String cidr() {
      return ip + "/" + prefix;
    }
  }

  /** Either a usable configuration or the result to return. */
  private record Checked(Config config, ActionResult failure) {}

  @Override
  public ActionResult execute(ActionRequest request) {
    long startNs = System.nanoTime();
    long deadlineNs = startNs + request.timeoutMs() * 1_000_000L;
    ActionResult r =
        switch (request.action()) {
          case META_DATA -> metaDataResult(request);
          case START -> start(request, deadlineNs);
          case STOP -> stop(request, deadlineNs);
          case MONITOR -> monitor(request, deadlineNs);
          case VALIDATE_ALL -> {
            Checked c = check(request, false, deadlineNs);
            yield c.failure != null ? c.failure : ok(request);
          }
          default ->
              fail(
                  request,
                  OcfExitCode.UNIMPLEMENTED,
                  request.action() + " is not implemented by " + ID);
        };
    long ms = (System.nanoTime() - startNs) / 1_000_000;
    return new ActionResult(
        r.action(),
        r.rc(),
        r.exitStatus(),
        r.exitReason(),
        r.stdout(),
        r.stderr(),
        ms,
        r.timedOut(),
        false);
  }

  private ActionResult metaDataResult(ActionRequest request) {
    try (InputStream in = VipAgent.class.getResourceAsStream("vip-metadata.xml")) {
      String xml = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ActionResult(
          request.action(), OcfExitCode.SUCCESS, 0, "", xml, "", 0, false, false);
    } catch (IOException e) {
      return fail(request, OcfExitCode.GENERIC_ERROR, "cannot read meta-data: " + e.getMessage());
    }
  }

  private ActionResult start(ActionRequest request, long deadlineNs) {
    Checked c = check(request, false, deadlineNs);
    if (c.failure != null) {
      return c.failure;
    }
    Config cfg = c.config;
    if (present(cfg, deadlineNs)) {
      return ok(request);
    }
    List<String> add = ip(cfg, "-" + cfg.family, "addr", "add", cfg.cidr(), "dev", cfg.nic);
    if (cfg.family == 6) {
      add.add("nodad"); // DAD would keep the address tentative for ~1 s after a failover
    }
    CommandResult r = commands.run(add, left(deadlineNs));
    if (!r.ok()) {
      return fail(
          request,
          OcfExitCode.GENERIC_ERROR,
          "ip addr add " + cfg.cidr() + " dev " + cfg.nic + " failed: " + r.message());
    }
    commands.run(ip(cfg, "link", "set", "dev", cfg.nic, "up"), left(deadlineNs));
    String warning = announce(cfg, deadlineNs);
    if (!present(cfg, deadlineNs)) {
      return fail(
          request, OcfExitCode.GENERIC_ERROR, "address " + cfg.ip + " vanished right after start");
    }
    return new ActionResult(
        request.action(), OcfExitCode.SUCCESS, 0, "", "", warning, 0, false, false);
  }

  private ActionResult stop(ActionRequest request, long deadlineNs) {
    Checked c = check(request, true, deadlineNs);
    if (c.failure != null) {
      return c.failure.rc() == OcfExitCode.NOT_RUNNING ? ok(request) : c.failure;
    }
    Config cfg = c.config;
    if (!present(cfg, deadlineNs)) {
      return ok(request);
    }
    CommandResult r =
        commands.run(
            ip(cfg, "-" + cfg.family, "addr", "del", cfg.cidr(), "dev", cfg.nic), left(deadlineNs));
    return r.ok()
        ? ok(request)
        : fail(
            request,
            OcfExitCode.GENERIC_ERROR,
            "ip addr del " + cfg.ip + " failed: " + r.message());
  }

  private ActionResult monitor(ActionRequest request, long deadlineNs) {
    Checked c = check(request, true, deadlineNs);
    if (c.failure != null) {
      return c.failure;
    }
    return present(c.config, deadlineNs) ? ok(request) : fail(request, OcfExitCode.NOT_RUNNING, "");
  }

  /** Validates parameters; with {@code probe}, a missing interface means "not running here". */
  private Checked check(ActionRequest request, boolean probe, long deadlineNs) {
    Map<String, String> p = request.parameters();
    String ip = p.getOrDefault("ip", "");
    String nic = p.getOrDefault("nic", "");
    if (ip.isEmpty()) {
      return new Checked(
          null, fail(request, OcfExitCode.NOT_CONFIGURED, "parameter ip is required"));
    }
    if (nic.isEmpty()) {
      return new Checked(
          null, fail(request, OcfExitCode.NOT_CONFIGURED, "parameter nic is required"));
    }
    int family = IPV4.matcher(ip).matches() ? 4 : IPV6.matcher(ip).matches() ? 6 : 0;
    if (family == 0) {
      return new Checked(
          null,
          fail(
              request,
              OcfExitCode.NOT_CONFIGURED,
              "ip '" + ip + "' is not an IPv4 or IPv6 address"));
    }
    int max = family == 4 ? 32 : 128;
    int prefix;
    int arpCount;
    int arpIntervalMs;
    try {
      String mask = p.getOrDefault("cidr_netmask", "");
      prefix = mask.isEmpty() ? max : Integer.parseInt(mask);
      arpCount = Integer.parseInt(p.getOrDefault("arp_count", "3"));
      arpIntervalMs = Integer.parseInt(p.getOrDefault("arp_interval_ms", "200"));
    } catch (NumberFormatException e) {
      return new Checked(
          null,
          fail(
              request,
              OcfExitCode.NOT_CONFIGURED,
              "cidr_netmask, arp_count and arp_interval_ms must be integers: " + e.getMessage()));
    }
    if (arpCount < 0 || arpIntervalMs < MIN_INTERVAL_MS) {
      return new Checked(
          null,
          fail(
              request,
              OcfExitCode.NOT_CONFIGURED,
              "arp_count must be 0 or more and arp_interval_ms at least "
                  + MIN_INTERVAL_MS
                  + " (got "
                  + arpCount
                  + " and "
                  + arpIntervalMs
                  + ")"));
    }
    if (prefix < 0 || prefix > max) {
      return new Checked(
          null,
          fail(
              request,
              OcfExitCode.NOT_CONFIGURED,
              "cidr_netmask " + prefix + " is outside 0.." + max));
    }
    Config cfg =
        new Config(
            ip,
            family,
            prefix,
            nic,
            p.getOrDefault("network_namespace", ""),
            arpCount,
            arpIntervalMs);
    CommandResult link = commands.run(ip(cfg, "link", "show", "dev", nic), left(deadlineNs));
    if (link.exitStatus() == 127) {
      return new Checked(
          null, fail(request, OcfExitCode.NOT_INSTALLED, "ip (iproute2) is not installed"));
    }
    if (!link.ok()) {
      return new Checked(
          null,
          probe
              ? fail(request, OcfExitCode.NOT_RUNNING, "")
              : fail(request, OcfExitCode.NOT_CONFIGURED, "interface " + nic + " does not exist"));
    }
    return new Checked(cfg, null);
  }

  private boolean present(Config cfg, long deadlineNs) {
    CommandResult r =
        commands.run(
            ip(cfg, "-o", "-" + cfg.family, "addr", "show", "dev", cfg.nic), left(deadlineNs));
    for (String line : r.stdout().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 3 && f[3].equalsIgnoreCase(cfg.cidr())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sends the first announcement now and the rest ({@code arp_count - 1}, {@code arp_interval_ms}
   * apart) in the background, as IPaddr2 does with {@code arp_bg}: the start returns as soon as
   * neighbours have been told once, instead of after the whole series. Returns a warning for
   * stderr, empty when the first one was sent.
   */
  private String announce(Config cfg, long deadlineNs) {
    if (cfg.arpCount <= 0) {
      return "";
    }
    List<String> first = announcement(cfg, 1, MIN_INTERVAL_MS);
    if (first == null) {
      return "vip: no announcement tool (send_arp/send_ua from resource-agents) installed; neighbours learn the move late\n";
    }
    CommandResult r = commands.run(inNamespace(cfg, first), left(deadlineNs));
    if (cfg.arpCount > 1) {
      List<String> rest = inNamespace(cfg, announcement(cfg, cfg.arpCount - 1, cfg.arpIntervalMs));
      long limitMs = (long) cfg.arpCount * cfg.arpIntervalMs + BACKGROUND_SLACK_MS;
      commands.runInBackground(rest, limitMs);
    }
    // A failed announcement does not fail the start: the address works, it is only found later.
    return r.ok() ? "" : "vip: announcement failed: " + r.message() + "\n";
  }

  /** The argv of {@code count} announcements {@code intervalMs} apart; null without a tool. */
  private static List<String> announcement(Config cfg, int count, int intervalMs) {
    boolean v4 = cfg.family == 4;
    Path tool = HA_BIN.resolve(v4 ? "send_arp" : "send_ua");
    if (!Files.isExecutable(tool)) {
      return null;
    }
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of(tool.toString(), "-i", "" + intervalMs, v4 ? "-r" : "-c", "" + count));
    argv.addAll(
        v4
            ? List.of(cfg.nic, cfg.ip, macOf(cfg.nic), cfg.ip, "ffffffffffff")
            : List.of(cfg.ip, "" + cfg.prefix, cfg.nic));
    return argv;
  }

  /** The interface's MAC for send_arp, or "auto" to let send_arp find it. */
  private static String macOf(String nic) {
    try {
      return Files.readString(Path.of("/sys/class/net", nic, "address")).strip().replace(":", "");
    } catch (IOException e) {
      // In another namespace /sys shows our own interfaces: send_arp finds the MAC itself.
      return "auto";
    }
  }

  private static List<String> ip(Config cfg, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("ip");
    if (!cfg.namespace.isEmpty()) {
      argv.add("-n");
      argv.add(cfg.namespace);
    }
    argv.addAll(List.of(args));
    return argv;
  }

  private static List<String> inNamespace(Config cfg, List<String> argv) {
    if (cfg.namespace.isEmpty()) {
      return argv;
    }
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", cfg.namespace));
    out.addAll(argv);
    return out;
  }

  private static long left(long deadlineNs) {
    return (deadlineNs - System.nanoTime()) / 1_000_000;
  }

  private static ActionResult ok(ActionRequest r) {
    return ActionResult.of(r.action(), OcfExitCode.SUCCESS, "", 0);
  }

  private static ActionResult fail(ActionRequest r, OcfExitCode rc, String reason) {
    return ActionResult.of(r.action(), rc, reason, 0);
  }
}
