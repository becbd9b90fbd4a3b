package org.paceline.cib;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cluster properties Paceline knows ({@code crm_config}), each declared once with its default
 * and its check.
 */
public enum ClusterOption {
  STONITH_ENABLED("stonith-enabled", "true", Kind.BOOLEAN),
  STONITH_ACTION("stonith-action", "reboot", Kind.oneOf("reboot", "off", "poweroff")),
  STONITH_TIMEOUT("stonith-timeout", "60s", Kind.TIME),
  NO_QUORUM_POLICY(
      "no-quorum-policy", "stop", Kind.oneOf("stop", "freeze", "ignore", "demote", "suicide")),
  SYMMETRIC_CLUSTER("symmetric-cluster", "true", Kind.BOOLEAN),
  MAINTENANCE_MODE("maintenance-mode", "false", Kind.BOOLEAN),
  STOP_ORPHAN_RESOURCES("stop-orphan-resources", "true", Kind.BOOLEAN),
  STOP_ORPHAN_ACTIONS("stop-orphan-actions", "true", Kind.BOOLEAN),
  STOP_ALL_RESOURCES("stop-all-resources", "false", Kind.BOOLEAN),
  START_FAILURE_IS_FATAL("start-failure-is-fatal", "true", Kind.BOOLEAN),
  ENABLE_STARTUP_PROBES("enable-startup-probes", "true", Kind.BOOLEAN),
  CONCURRENT_FENCING("concurrent-fencing", "false", Kind.BOOLEAN),
  PRIORITY_FENCING_DELAY("priority-fencing-delay", "0", Kind.TIME),
  CLUSTER_RECHECK_INTERVAL("cluster-recheck-interval", "15min", Kind.TIME),
  BATCH_LIMIT("batch-limit", "0", Kind.INTEGER),
  MIGRATION_LIMIT("migration-limit", "-1", Kind.INTEGER),
  SHUTDOWN_LOCK("shutdown-lock", "false", Kind.BOOLEAN),
  PLACEMENT_STRATEGY(
      "placement-strategy", "default", Kind.oneOf("default", "utilization", "minimal", "balanced")),
  NODE_HEALTH_STRATEGY(
      "node-health-strategy",
      "none",
      Kind.oneOf("none", "migrate-on-red", "only-green", "progressive", "custom")),
  DC_DEADTIME("dc-deadtime", "20s", Kind.TIME);

  /** Properties Pacemaker itself writes that Paceline accepts without checking. */
  public static final Set<String> INFORMATIONAL =
      Set.of(
          "dc-version",
          "cluster-infrastructure",
          "cluster-name",
          "have-watchdog",
          "last-lrm-refresh",
          "expected-quorum-votes",
          "pe-input-series-max",
          "pe-error-series-max",
          "pe-warn-series-max",
          "election-timeout",
          "shutdown-escalation",
          "join-integration-timeout",
          "join-finalization-timeout",
          "transition-delay",
          "stonith-watchdog-timeout",
          "stonith-max-attempts",
          "node-action-limit",
          "load-threshold",
          "remove-after-stop",
          "startup-fencing",
          "fence-reaction",
          "cluster-ipc-limit",
          "node-pending-timeout",
          "default-resource-stickiness",
          "is-managed-default",
          "default-action-timeout",
          "node-health-green",
          "node-health-yellow",
          "node-health-red",
          "node-health-base",
          "shutdown-lock-limit",
          "crmd-transition-delay",
          "crmd-integration-timeout",
          "crmd-finalization-timeout",
          "cluster-delay");

  /**
   * The names Pacemaker 3.0 gave some properties (fencing-enabled since 3.0.2 for stonith-enabled,
   * and so on), each to the 2.x name; both are read, and where a configuration sets both, the 3.0
   * name wins, as in Pacemaker 3's option table.
   */
  public static final Map<String, String> PACEMAKER3_NAMES =
      Map.of(
          "fencing-enabled", "stonith-enabled",
          "fencing-action", "stonith-action",
          "fencing-timeout", "stonith-timeout",
          "fencing-watchdog-timeout", "stonith-watchdog-timeout",
          "fencing-max-attempts", "stonith-max-attempts",
          "fencing-reaction", "fence-reaction",
          "stop-removed-resources", "stop-orphan-resources",
          "cancel-removed-actions", "stop-orphan-actions");

  /** The 3.0 name of a 2.x property name, or null. */
  static String newerName(String name) {
    for (Map.Entry<String, String> e : PACEMAKER3_NAMES.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    return null;
  }

  private final String propertyName;
  private final String defaultValue;
  private final Kind kind;

  ClusterOption(String propertyName, String defaultValue, Kind kind) {
    this.propertyName = propertyName;
    this.defaultValue = defaultValue;
    this.kind = kind;
  }

  public String propertyName() {
    return propertyName;
  }

  public String defaultValue() {
    return defaultValue;
  }

  /** The value in effect in {@code config}: the configured one, else the default. */
  public String value(Configuration config) {
    return config.property(propertyName).orElse(defaultValue);
  }

  /** The value as a boolean (for boolean options). */
  public boolean enabled(Configuration config) {
    return CibBooleans.parse(value(config));
  }

  /** The option with this property name (its 2.x name or its Pacemaker 3.0 name). */
  public static Optional<ClusterOption> byName(String name) {
    String n = PACEMAKER3_NAMES.getOrDefault(name, name);
    return Arrays.stream(values()).filter(o -> o.propertyName.equals(n)).findFirst();
  }

  /** Whether a property is one Paceline accepts without checking, by either name. */
  public static boolean informational(String name) {
    return INFORMATIONAL.contains(PACEMAKER3_NAMES.getOrDefault(name, name));
  }

  /** Null when {@code value} is acceptable, else what was expected. */
  public String check(String value) {
    return kind.accepts.test(value) ? null : "expected " + kind.expected;
  }

  private record Kind(Predicate<String> accepts, String expected) {
    static final Kind BOOLEAN = new Kind(CibBooleans::valid, "true or false");
    static final Kind INTEGER =
        new Kind(v -> v != null && v.trim().matches("-?[0-9]{1,9}"), "an integer");
    static final Kind TIME =
        new Kind(
            v -> {
              try {
                IntervalSpec.toMs(v);
                return true;
              } catch (IllegalArgumentException e) {
                return false;
              }
            },
            "a time such as 60s, 5min or PT1M");

    static Kind oneOf(String... words) {
      Set<String> allowed = Set.of(words);
      return new Kind(
          v -> v != null && allowed.contains(v.trim().toLowerCase(Locale.ROOT)),
          "one of " + String.join(", ", words));
    }
  }
}
