package org.paceline.agents;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clone notification details of a {@code notify} action, as Pacemaker's scheduler puts them in
 * the action's meta attributes: the notification type ({@code pre}, {@code post}) and operation
 * ({@code start}, {@code stop}, {@code promote}, {@code demote}) and, per category, the instances
 * involved and their nodes. An agent reads them as {@code OCF_RESKEY_CRM_meta_notify_*}, under both
 * the current (promoted/unpromoted) and the legacy (master/slave) names, because agents in the
 * field read either.
 *
 * @param resourcesByCategory instance ids per category (active, inactive, start, stop, promote,
 *     demote, promoted, unpromoted)
 * @param unamesByCategory node names per category, parallel to the instance lists; also {@code
 *     available} (nodes the clone may run on) and {@code all} (every node)
 */
public record NotifyEnvironment(
    String type,
    String operation,
    Map<String, List<String>> resourcesByCategory,
    Map<String, List<String>> unamesByCategory) {

  /** The categories whose instances and nodes Pacemaker lists, with their current names. */
  public static final List<String> CATEGORIES =
      List.of("stop", "start", "demote", "promote", "active", "unpromoted", "promoted");

  /** The meta attribute prefix under which agents see an action's meta attributes. */
  public static final String META_PREFIX = "OCF_RESKEY_CRM_meta_";

  public NotifyEnvironment {
    resourcesByCategory = Map.copyOf(resourcesByCategory);
    unamesByCategory = Map.copyOf(unamesByCategory);
  }

  /**
   * The meta attributes as Pacemaker names them ({@code notify_type}, {@code
   * notify_start_resource}, ...). An empty list is one space, as Pacemaker writes it.
   */
  public Map<String, String> toMeta() {
    Map<String, String> meta = new TreeMap<>();
    meta.put("notify_type", type);
    meta.put("notify_operation", operation);
    for (String category : CATEGORIES) {
      String resources = words(resourcesByCategory.get(category));
      String unames = words(unamesByCategory.get(category));
      meta.put("notify_" + category + "_resource", resources);
      meta.put("notify_" + category + "_uname", unames);
      String legacy = legacyName(category);
      if (legacy != null) {
        meta.put("notify_" + legacy + "_resource", resources);
        meta.put("notify_" + legacy + "_uname", unames);
      }
    }
    meta.put("notify_inactive_resource", words(resourcesByCategory.get("inactive")));
    meta.put("notify_available_uname", words(unamesByCategory.get("available")));
    meta.put("notify_all_uname", words(unamesByCategory.get("all")));
    return meta;
  }

  /** The environment variables an agent gets: {@link #toMeta()} under {@link #META_PREFIX}. */
  public Map<String, String> toVariables() {
    Map<String, String> env = new TreeMap<>();
    toMeta().forEach((k, v) -> env.put(META_PREFIX + k, v));
    return env;
  }

  private static String words(List<String> list) {
    return list == null || list.isEmpty() ? " " : String.join(" ", list);
  }

  private static String legacyName(String category) {
    return switch (category) {
      case "promoted" -> "master";
      case "unpromoted" -> "slave";
      default -> null;
    };
  }
}
