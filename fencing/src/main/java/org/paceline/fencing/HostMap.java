package org.paceline.fencing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which nodes a device can fence and which plug each one is on, from Pacemaker's {@code
 * pcmk_host_map} ({@code "node1:plug1;node2:plug2"}, also {@code =} and space/comma separators) and
 * {@code pcmk_host_list} ({@code "node1 node2"}). A node in the map uses its plug; a node only in
 * the list uses its own name as plug; with neither set, the device is assumed to fence any node
 * with the node name as plug (Pacemaker's {@code pcmk_host_check=none}).
 *
 * @param plugByNode the host map, in configuration order
 * @param hostList the host list, in configuration order
 */
public record HostMap(Map<String, String> plugByNode, List<String> hostList) {
  public HostMap {
    plugByNode = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(plugByNode));
    hostList = List.copyOf(hostList);
  }

  /** A device with no map and no list: any node, plug = node name. */
  public static HostMap any() {
    return new HostMap(Map.of(), List.of());
  }

  /**
   * Parses {@code pcmk_host_map} and {@code pcmk_host_list} (either may be null or blank).
   *
   * @throws IllegalArgumentException naming the bad entry, for a map entry without a plug
   */
  public static HostMap parse(String hostMap, String hostList) {
    Map<String, String> map = new LinkedHashMap<>();
    if (hostMap != null) {
      for (String entry : hostMap.trim().split("[;,\\s]+")) {
        if (entry.isEmpty()) {
          continue;
        }
        int sep = indexOfSeparator(entry);
        if (sep <= 0 || sep == entry.length() - 1) {
          throw new IllegalArgumentException(
              "pcmk_host_map entry '" + entry + "' is not node:plug (or node=plug)");
        }
        map.put(entry.substring(0, sep), entry.substring(sep + 1));
      }
    }
    List<String> list = new ArrayList<>();
    if (hostList != null) {
      for (String n : hostList.trim().split("[;,\\s]+")) {
        if (!n.isEmpty()) {
          list.add(n);
        }
      }
    }
    return new HostMap(map, list);
  }

  private static int indexOfSeparator(String entry) {
    int colon = entry.indexOf(':');
    int eq = entry.indexOf('=');
    if (colon < 0) {
      return eq;
    }
    return eq < 0 ? colon : Math.min(colon, eq);
  }

  /** Whether the device is restricted to a static list of nodes. */
  public boolean isStatic() {
    return !plugByNode.isEmpty() || !hostList.isEmpty();
  }

  /** The plug for {@code node}, or empty when this device cannot fence it. */
  public Optional<String> plugFor(String node) {
    String plug = plugByNode.get(node);
    if (plug != null) {
      return Optional.of(plug);
    }
    if (hostList.contains(node) || !isStatic()) {
      return Optional.of(node);
    }
    return Optional.empty();
  }
}
