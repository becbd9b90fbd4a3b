package org.paceline.agents;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clone notification details of a {@code notify} action: the notification type and operation
 * and, per category, the instances involved. Rendered to the {@code OCF_RESKEY_CRM_meta_notify_*}
 * variables under both the old (master/slave) and new (promoted/unpromoted) names, because agents
 * in the field read either.
 */
public record NotifyEnvironment(
    String type,
    String operation,
    Map<String, List<String>> resourcesByCategory,
    Map<String, List<String>> unamesByCategory) {

  /** The categories Pacemaker fills, with their new names. */
  public static final List<String> CATEGORIES =
      List.of(
          "active",
          "inactive",
          "available",
          "all",
          "start",
          "stop",
          "promote",
          "demote",
          "promoted",
          "unpromoted");

  public NotifyEnvironment {
    resourcesByCategory = Map.copyOf(resourcesByCategory);
    unamesByCategory = Map.copyOf(unamesByCategory);
  }

  /** The environment variables (without the OCF_RESKEY_CRM_meta_ prefix's value part). */
  public Map<String, String> toVariables() {
    Map<String, String> env = new TreeMap<>();
    String prefix = "OCF_RESKEY_CRM_meta_notify_";
    env.put(prefix + "type", type);
    env.put(prefix + "operation", operation);
    for (String category : CATEGORIES) {
      String resources = String.join(" ", resourcesByCategory.getOrDefault(category, List.of()));
      String unames = String.join(" ", unamesByCategory.getOrDefault(category, List.of()));
      env.put(prefix + category + "_resource", resources);
      env.put(prefix + category + "_uname", unames);
      String legacy = legacyName(category);
      if (legacy != null) {
        env.put(prefix + legacy + "_resource", resources);
        env.put(prefix + legacy + "_uname", unames);
      }
    }
    return env;
  }

  private static String legacyName(String category) {
    return switch (category) {
      case "promoted" -> "master";
      case "unpromoted" -> "slave";
      default -> null;
    };
  }
}
