package org.paceline.fencing;

import java.util.Objects;

/**
 * The fencer's settings for one device, independent of its kind: which nodes it fences, how long
 * one call may take, how often to retry, and how long to wait before fencing (to lose fence races
 * on purpose: in a two-node split both sides fence each other, and a delay on one side lets the
 * other win).
 *
 * @param deviceId the device id
 * @param hostMap nodes and plugs ({@code pcmk_host_map}, {@code pcmk_host_list})
 * @param actionTimeoutMs limit of one call ({@code pcmk_reboot_timeout}/{@code pcmk_off_timeout})
 * @param maxRetries extra attempts after a failed call ({@code pcmk_reboot_retries})
 * @param delayBaseMs fixed delay before the first call ({@code pcmk_delay_base})
 * @param delayMaxMs upper bound of an added random delay ({@code pcmk_delay_max})
 */
public record DeviceSettings(
    String deviceId,
    HostMap hostMap,
    long actionTimeoutMs,
    int maxRetries,
    long delayBaseMs,
    long delayMaxMs) {

  /** Pacemaker's default per-action timeout (stonith-timeout) of 60 s. */
  public static final long DEFAULT_ACTION_TIMEOUT_MS = 60_000;

  /** Pacemaker's default {@code pcmk_*_retries}. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** The most retries accepted, so a typo cannot keep a fence request busy forever. */
  public static final int MAX_RETRIES_LIMIT = 10;

  public DeviceSettings {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(hostMap, "hostMap");
    if (actionTimeoutMs <= 0) {
      throw new IllegalArgumentException(deviceId + ": action timeout must be > 0 ms");
    }
    if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
      throw new IllegalArgumentException(
          deviceId + ": retries must be 0.." + MAX_RETRIES_LIMIT + ", got " + maxRetries);
    }
    if (delayBaseMs < 0 || delayMaxMs < 0) {
      throw new IllegalArgumentException(deviceId + ": delays must be >= 0 ms");
    }
  }

  /** Defaults for a device that fences any node. */
  public static DeviceSettings defaults(String deviceId) {
    return new DeviceSettings(
        deviceId, HostMap.any(), DEFAULT_ACTION_TIMEOUT_MS, DEFAULT_MAX_RETRIES, 0, 0);
  }

  public DeviceSettings withHostMap(HostMap m) {
    return new DeviceSettings(deviceId, m, actionTimeoutMs, maxRetries, delayBaseMs, delayMaxMs);
  }

  public DeviceSettings withTimeout(long ms, int retries) {
    return new DeviceSettings(deviceId, hostMap, ms, retries, delayBaseMs, delayMaxMs);
  }

  public DeviceSettings withDelays(long baseMs, long maxMs) {
    return new DeviceSettings(deviceId, hostMap, actionTimeoutMs, maxRetries, baseMs, maxMs);
  }
}
