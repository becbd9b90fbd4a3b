package org.paceline.fencing.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.fencing.DeviceSettings;
import org.paceline.fencing.FenceAction;
import org.paceline.fencing.FenceDevice;
import org.paceline.fencing.FencerSettings;
import org.paceline.fencing.TopologyLevel;

/**
 * Everything the fencer needs, built from a CIB.
 *
 * @param devices the fence devices by id, in configuration order
 * @param settings each device's fencer settings by id
 * @param topology the fencing levels
 * @param fencerSettings cluster-wide settings
 * @param defaultAction the CIB's {@code stonith-action}: reboot (default) or off
 */
public record FencingConfig(
    Map<String, FenceDevice> devices,
    Map<String, DeviceSettings> settings,
    List<TopologyLevel> topology,
    FencerSettings fencerSettings,
    FenceAction defaultAction) {
  public FencingConfig {
    devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    topology = List.copyOf(topology);
  }
}
