package org.paceline.cib;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cluster properties Paceline knows ({@code crm_config}), each declared once with its default
 * and its check, and the one reader of their values: the typed accessors ({@link
 * #enabled(Configuration)}, {@link #durationMs(Configuration)}, {@link #integer(Configuration)},
 * {@link #score(Configuration)}, {@link #word(Configuration)}, {@link
 * #noQuorumPolicy(Configuration)}) return the configured value, or the declared default when the
 * property is unset or fails its check, as Pacemaker's option table reads cluster options.
 */
public enum ClusterOption {
  STONITH_ENABLED("stonith-enabled", "true", Kind.BOOLEAN),
  STARTUP_FENCING("startup-fencing", "true", Kind.BOOLEAN),
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
  /** How long a shutdown lock holds (0: until the node rejoins). */
  SHUTDOWN_LOCK_LIMIT("shutdown-lock-limit", "0", Kind.TIME),
  PLACEMENT_STRATEGY(
      "placement-strategy", "default", Kind.oneOf("default", "utilization", "minimal", "balanced")),
  NODE_HEALTH_STRATEGY(
      "node-health-strategy",
      "none",
      Kind.oneOf("none", "migrate-on-red", "only-green", "progressive", "custom")),
  NODE_HEALTH_RED("node-health-red", "-INFINITY", Kind.SCORE),
  NODE_HEALTH_YELLOW("node-health-yellow", "0", Kind.SCORE),
  NODE_HEALTH_GREEN("node-health-green", "0", Kind.SCORE),
  NODE_HEALTH_BASE("node-health-base", "0", Kind.SCORE),
  DC_DEADTIME("dc-deadtime", "20s", Kind.TIME),
  /** Deprecated (Pacemaker 1.x): stickiness for resources without their own; no default. */
  DEFAULT_RESOURCE_STICKINESS("default-resource-stickiness", null, Kind.SCORE),
  /** The cluster's name, shown by crm_mon; no default. */
  CLUSTER_NAME("cluster-name", null, Kind.ANY);

  /** Properties Pacemaker itself writes that Paceline accepts without checking. */
  public static final Set<String> INFORMATIONAL =
      Set.of(
          "dc-version",
          "cluster-infrastructure",
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
          "fence-reaction",
          "cluster-ipc-limit",
          "node-pending-timeout",
          "is-managed-default",
          "default-action-timeout",
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

  /**
   * Properties Pacemaker 3.0 no longer reads, each with what to write instead (Pacemaker 3.0's
   * upgrade-3.10 transformation and option table). Paceline still reads them as 2.1 did (the ones
   * it reads at all) and the validator says what replaces them.
   */
  public static final Map<String, String> REMOVED_IN_PACEMAKER3 =
      Map.of(
          "crmd-transition-delay", "transition-delay",
          "crmd-integration-timeout", "join-integration-timeout",
          "crmd-finalization-timeout", "join-finalization-timeout",
          "remove-after-stop", "nothing (it is dropped)",
          "is-managed-default", "is-managed in rsc_defaults",
          "default-action-timeout", "timeout in op_defaults",
          "default-resource-stickiness", "resource-stickiness in rsc_defaults");

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

  /** The declared default, or null for an option without one ({@link #CLUSTER_NAME}). */
  public String defaultValue() {
    return defaultValue;
  }

  /**
   * The value in effect in {@code config}: the configured one (by either name, see {@link
   * Configuration#property(String)}), else the default. A configured value that fails the option's
   * check counts as unset, as in Pacemaker's cluster_option_value ("Using default value for cluster
   * option ... because ... is invalid"); the validator reports it as an error.
   */
  public String value(Configuration config) {
    return config.property(propertyName).filter(v -> check(v) == null).orElse(defaultValue);
  }

  /**
   * What is wrong with the configured value ("cluster property NAME='VALUE': expected ..."), or
   * empty when it is unset or acceptable.
   */
  public Optional<String> problem(Configuration config) {
    return config
        .property(propertyName)
        .filter(v -> check(v) != null)
        .map(v -> "cluster property " + propertyName + "='" + v + "': " + check(v));
  }

  /** A boolean option's value, by Pacemaker's crm_is_true ({@link CibBooleans#isTrue}). */
  public boolean enabled(Configuration config) {
    return CibBooleans.isTrue(value(config));
  }

  /** A time option's value in milliseconds (0 where Pacemaker reads 0 as "disabled"). */
  public long durationMs(Configuration config) {
    return IntervalSpec.toMs(value(config));
  }

  /** An integer option's value. */
  public int integer(Configuration config) {
    return Integer.parseInt(value(config).trim());
  }

  /** A score option's value (INFINITY and -INFINITY included). */
  public int score(Configuration config) {
    return Score.parse(value(config)).value();
  }

  /** A choice option's value, trimmed and in lower case as the checks compare it. */
  public String word(Configuration config) {
    String v = value(config);
    return v == null ? null : v.trim().toLowerCase(Locale.ROOT);
  }

  /** {@code no-quorum-policy}: what a partition without quorum does. */
  public static NoQuorumPolicy noQuorumPolicy(Configuration config) {
    return NoQuorumPolicy.valueOf(NO_QUORUM_POLICY.word(config).toUpperCase(Locale.ROOT));
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
    static final Kind ANY = new Kind(v -> true, "any text");
    static final Kind SCORE =
        new Kind(
            v -> {
              try {
                Score.parse(v);
                return true;
              } catch (IllegalArgumentException e) {
                return false;
              }
            },
            "a score such as 100, INFINITY or -INFINITY");
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
