package org.paceline.fencing.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.FencingLevel;
import org.paceline.cib.IntervalSpec;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.fencing.DeviceSettings;
import org.paceline.fencing.FenceAction;
import org.paceline.fencing.FenceDevice;
import org.paceline.fencing.FencerSettings;
import org.paceline.fencing.HostMap;
import org.paceline.fencing.Secret;
import org.paceline.fencing.TopologyLevel;
import org.paceline.fencing.agents.FenceAgentDevice;
import org.paceline.fencing.agents.FenceAgentSettings;
import org.paceline.fencing.ipmi.IpmiDevice;
import org.paceline.fencing.ipmi.IpmiSettings;
import org.paceline.fencing.ipmi.PasswordDelivery;
import org.paceline.fencing.serial.SerialPowerSwitch;
import org.paceline.fencing.serial.SerialSwitchSettings;
import org.paceline.fencing.serial.SwitchDialect;

/**
 * Builds the fencing configuration from a CIB: every {@code class="stonith"} primitive becomes a
 * device by its type ({@code ipmi}: Paceline's ipmitool device; {@code wti_nps}, {@code wti_rps10}:
 * serial switches; {@code fence_*}: that fence agent from {@code agentDir}); Pacemaker's {@code
 * pcmk_*} parameters become the device's {@link DeviceSettings}; {@code fencing-topology} levels
 * become {@link TopologyLevel}s; the {@code stonith-timeout} property limits a whole request and
 * {@code stonith-action} picks reboot or off.
 */
public final class CibFencing {
  /** Where fence agents are installed on Debian and RHEL. */
  public static final Path DEFAULT_AGENT_DIR = Path.of("/usr/sbin");

  private CibFencing() {}

  /** Reads the fencing configuration; problems are collected, not thrown. */
  public static FencingConfigLoad load(Cib raw, Path agentDir) {
    // A fence device may be made from a resource template (stonith class there).
    Cib cib = org.paceline.cib.TemplateExpansion.expand(raw);
    List<String> problems = new ArrayList<>();
    Map<String, FenceDevice> devices = new LinkedHashMap<>();
    Map<String, DeviceSettings> settings = new LinkedHashMap<>();
    cib.configuration()
        .allResources()
        .filter(r -> r instanceof Primitive p && "stonith".equals(p.resourceClass()))
        .map(r -> (Primitive) r)
        .forEach(
            p -> {
              try {
                devices.put(p.id(), device(p, agentDir));
                settings.put(p.id(), settings(p));
              } catch (IllegalArgumentException | NullPointerException e) {
                problems.add("stonith resource " + p.id() + ": " + e.getMessage());
              }
            });
    List<TopologyLevel> topology = new ArrayList<>();
    for (FencingLevel l : cib.configuration().fencingLevels()) {
      try {
        if (l.targetAttribute() != null) {
          throw new IllegalArgumentException(
              "target-attribute levels are not supported yet; use target or target-pattern");
        }
        for (String d : l.devices()) {
          if (!devices.containsKey(d)) {
            throw new IllegalArgumentException("device " + d + " is not a stonith resource");
          }
        }
        topology.add(new TopologyLevel(l.target(), l.targetPattern(), l.index(), l.devices()));
      } catch (IllegalArgumentException e) {
        problems.add("fencing-level " + l.id() + ": " + e.getMessage());
      }
    }
    // Both by either name (fencing-timeout, fencing-action in Pacemaker 3); a bad value is a
    // problem here, where the fencer would otherwise run with a setting nobody chose.
    ClusterOption.STONITH_TIMEOUT.problem(cib.configuration()).ifPresent(problems::add);
    long fencingTimeoutMs = ClusterOption.STONITH_TIMEOUT.durationMs(cib.configuration());
    ClusterOption.STONITH_ACTION.problem(cib.configuration()).ifPresent(problems::add);
    // "poweroff" is Pacemaker's deprecated spelling of off.
    FenceAction action =
        ClusterOption.STONITH_ACTION.word(cib.configuration()).equals("reboot")
            ? FenceAction.REBOOT
            : FenceAction.OFF;
    if (!problems.isEmpty()) {
      return new FencingConfigLoad(null, problems);
    }
    return new FencingConfigLoad(
        new FencingConfig(
            devices,
            settings,
            topology,
            new FencerSettings(fencingTimeoutMs, FencerSettings.DEFAULT_CALL_GRACE_MS),
            action),
        List.of());
  }

  private static String required(Primitive p, String... names) {
    return optional(p, names)
        .orElseThrow(() -> new IllegalArgumentException("parameter " + names[0] + " is required"));
  }

  private static Optional<String> optional(Primitive p, String... names) {
    for (String n : names) {
      Optional<String> v = p.param(n);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  private static int intParam(Primitive p, String name, int dflt) {
    Optional<String> v = p.param(name);
    try {
      return v.isEmpty() ? dflt : Integer.parseInt(v.get().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter " + name + " must be an integer, got " + v.get());
    }
  }

  static FenceDevice device(Primitive p, Path agentDir) {
    String type = p.type() == null ? "" : p.type();
    switch (type) {
      case "ipmi", "paceline_ipmi" -> {
        String delivery = optional(p, "password_delivery").orElse("env").toLowerCase(Locale.ROOT);
        IpmiSettings s =
            new IpmiSettings(
                required(p, "ip", "ipaddr"),
                intParam(p, "ipport", IpmiSettings.DEFAULT_PORT),
                required(p, "username", "login"),
                Secret.of(required(p, "password", "passwd")),
                switch (delivery) {
                  case "env" -> PasswordDelivery.ENVIRONMENT;
                  case "file" -> PasswordDelivery.FILE;
                  default ->
                      throw new IllegalArgumentException(
                          "password_delivery must be env or file, got " + delivery);
                },
                intParam(p, "cipher", IpmiSettings.DEFAULT_CIPHER_SUITE),
                optional(p, "ipmitool_path").orElse("ipmitool"),
                IpmiSettings.DEFAULT_STATUS_POLL_INTERVAL_MS);
        return new IpmiDevice(p.id(), s);
      }
      case "wti_nps", "wti_rps10", "rps10" -> {
        SerialSwitchSettings s =
            new SerialSwitchSettings(
                required(p, "ttydev", "serial_port"),
                intParam(p, "baud", SerialSwitchSettings.DEFAULT_BAUD),
                SwitchDialect.named(type),
                optional(p, "password", "passwd").map(Secret::of).orElse(null));
        return new SerialPowerSwitch(p.id(), s);
      }
      default -> {
        if (!type.startsWith("fence_") || type.contains("/")) {
          throw new IllegalArgumentException(
              "unsupported stonith type '" + type + "' (ipmi, wti_nps, wti_rps10 or fence_*)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String password = null;
        for (NvSet set : p.instanceAttributes()) {
          for (NvPair pair : set.nvpairs()) {
            if (pair.value() == null || pair.name().startsWith("pcmk_")) {
              continue;
            }
            if (FenceAgentSettings.SECRET_KEYS.contains(pair.name())) {
              password = pair.value();
            } else {
              params.putIfAbsent(pair.name(), pair.value());
            }
          }
        }
        return new FenceAgentDevice(
            p.id(),
            new FenceAgentSettings(
                agentDir.resolve(type).toString(),
                params,
                password == null ? null : Secret.of(password),
                optional(p, "pcmk_host_argument").orElse("plug")));
      }
    }
  }

  static DeviceSettings settings(Primitive p) {
    long timeoutMs =
        optional(p, "pcmk_reboot_timeout", "pcmk_off_timeout")
            .map(IntervalSpec::toMs)
            .orElse(DeviceSettings.DEFAULT_ACTION_TIMEOUT_MS);
    int retries =
        optional(p, "pcmk_reboot_retries", "pcmk_off_retries")
            .map(
                v -> {
                  try {
                    return Integer.parseInt(v.trim());
                  } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("pcmk_reboot_retries must be an integer");
                  }
                })
            .orElse(DeviceSettings.DEFAULT_MAX_RETRIES);
    return new DeviceSettings(
        p.id(),
        HostMap.parse(
            p.param("pcmk_host_map").orElse(null), p.param("pcmk_host_list").orElse(null)),
        timeoutMs,
        retries,
        p.param("pcmk_delay_base").map(IntervalSpec::toMs).orElse(0L),
        p.param("pcmk_delay_max").map(IntervalSpec::toMs).orElse(0L));
  }
}
