package org.paceline.alert;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.Configuration;
import org.paceline.cib.IntervalSpec;
import org.paceline.cib.XmlNode;

/**
 * One delivery target of Pacemaker's {@code <alerts>} section: an alert agent with one of its
 * recipients (or with none, when the alert names none), its meta attributes ({@code timeout},
 * {@code timestamp-format}, {@code enabled}) and instance attributes as the recipient overrides
 * them, and the kinds of event its {@code <select>} chooses (node, fencing and resource events when
 * it has none; attribute events only when selected, optionally only for named attributes).
 *
 * @param id the alert's id, with the recipient's after a slash when there is one
 * @param path the agent
 * @param recipient the recipient's value (CRM_alert_recipient), or null
 * @param timeoutMs how long the agent may run
 * @param timestampFormat the format of CRM_alert_timestamp
 * @param environment the instance attributes, passed to the agent as environment variables
 * @param kinds the kinds of event it is called for
 * @param attributes for attribute events, the attribute names it is called for (empty: all)
 */
public record Alert(
    String id,
    String path,
    String recipient,
    long timeoutMs,
    String timestampFormat,
    Map<String, String> environment,
    Set<AlertEvent.Kind> kinds,
    Set<String> attributes) {

  /** Pacemaker's default {@code timeout} of an alert agent. */
  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  /** Pacemaker's default {@code timestamp-format}. */
  public static final String DEFAULT_TIMESTAMP_FORMAT = "%H:%M:%S.%06N";

  public Alert {
    environment = Map.copyOf(environment);
    kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    attributes = Set.copyOf(attributes);
  }

  /** Whether this target is called for {@code e}. */
  public boolean wants(AlertEvent e) {
    if (!kinds.contains(e.kind())) {
      return false;
    }
    return e.kind() != AlertEvent.Kind.ATTRIBUTE
        || attributes.isEmpty()
        || attributes.contains(e.attributeName());
  }

  /**
   * The alerts of a configuration and what is wrong with them.
   *
   * @param alerts every enabled alert × recipient
   * @param problems one line per value that could not be used (the default was taken instead)
   */
  public record Section(List<Alert> alerts, List<String> problems) {
    public Section {
      alerts = List.copyOf(alerts);
      problems = List.copyOf(problems);
    }
  }

  /** Reads the {@code <alerts>} section of {@code c}. */
  public static Section of(Configuration c) {
    List<Alert> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (XmlNode section : c.otherChildren()) {
      if (!section.name().equals("alerts")) {
        continue;
      }
      for (XmlNode a : section.children()) {
        if (a.name().equals("alert")) {
          read(a, out, problems);
        }
      }
    }
    return new Section(out, problems);
  }

  private static void read(XmlNode a, List<Alert> out, List<String> problems) {
    String id = a.id();
    String path = a.attributes().get("path");
    if (path == null || path.isEmpty()) {
      problems.add("alert " + id + ": no path; it is not run");
      return;
    }
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, String> env = new LinkedHashMap<>();
    sets(a, meta, env);
    EnumSet<AlertEvent.Kind> kinds =
        EnumSet.of(AlertEvent.Kind.NODE, AlertEvent.Kind.FENCING, AlertEvent.Kind.RESOURCE);
    Set<String> attributes = new TreeSet<>();
    for (XmlNode child : a.children()) {
      if (child.name().equals("select")) {
        kinds = EnumSet.noneOf(AlertEvent.Kind.class);
        for (XmlNode s : child.children()) {
          for (AlertEvent.Kind k : AlertEvent.Kind.values()) {
            if (k.selectElement().equals(s.name())) {
              kinds.add(k);
            }
          }
          if (s.name().equals("select_attributes")) {
            for (XmlNode attr : s.children()) {
              String name = attr.attributes().get("name");
              if (name != null) {
                attributes.add(name);
              }
            }
          }
        }
      }
    }
    List<XmlNode> recipients =
        a.children().stream().filter(x -> x.name().equals("recipient")).toList();
    if (recipients.isEmpty()) {
      add(id, path, null, meta, env, kinds, attributes, out, problems);
    }
    for (XmlNode r : recipients) {
      Map<String, String> rMeta = new LinkedHashMap<>(meta);
      Map<String, String> rEnv = new LinkedHashMap<>(env);
      sets(r, rMeta, rEnv);
      add(
          id + "/" + r.id(),
          path,
          r.attributes().get("value"),
          rMeta,
          rEnv,
          kinds,
          attributes,
          out,
          problems);
    }
  }

  private static void add(
      String id,
      String path,
      String recipient,
      Map<String, String> meta,
      Map<String, String> env,
      Set<AlertEvent.Kind> kinds,
      Set<String> attributes,
      List<Alert> out,
      List<String> problems) {
    String enabled = meta.get("enabled");
    if (enabled != null && !CibBooleans.isTrue(enabled)) {
      return;
    }
    long timeoutMs = DEFAULT_TIMEOUT_MS;
    String timeout = meta.get("timeout");
    if (timeout != null) {
      try {
        timeoutMs = IntervalSpec.toMs(timeout);
      } catch (IllegalArgumentException e) {
        problems.add(
            "alert " + id + ": timeout '" + timeout + "' is not a time; 30s is used instead");
      }
      if (timeoutMs <= 0) {
        problems.add("alert " + id + ": timeout '" + timeout + "' is not positive; 30s is used");
        timeoutMs = DEFAULT_TIMEOUT_MS;
      }
    }
    String format = meta.getOrDefault("timestamp-format", DEFAULT_TIMESTAMP_FORMAT);
    out.add(new Alert(id, path, recipient, timeoutMs, format, env, kinds, attributes));
  }

  /** Adds the name/value pairs of {@code x}'s meta and instance attribute sets. */
  private static void sets(XmlNode x, Map<String, String> meta, Map<String, String> env) {
    for (XmlNode set : x.children()) {
      Map<String, String> into =
          switch (set.name()) {
            case "meta_attributes" -> meta;
            case "instance_attributes" -> env;
            default -> null;
          };
      if (into == null) {
        continue;
      }
      for (XmlNode nv : set.children()) {
        String name = nv.attributes().get("name");
        if (nv.name().equals("nvpair") && name != null) {
          into.put(name, nv.attributes().getOrDefault("value", ""));
        }
      }
    }
  }
}
