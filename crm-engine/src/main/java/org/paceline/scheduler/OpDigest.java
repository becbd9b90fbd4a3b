package org.paceline.scheduler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.paceline.cib.IntervalSpec;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;

/**
 * The {@code op-digest} Pacemaker records in {@code lrm_rsc_op}: the MD5 of the parameters an
 * action ran with, written as {@code " <parameters a="1" b="2"/>\n"} (attributes sorted by name).
 * The parameters are the primitive's instance attributes, overridden by the op's own instance
 * attributes; a recurring action adds {@code CRM_meta_timeout} (its timeout in ms), every other
 * {@code CRM_meta_*} is left out, as Pacemaker's digest filter does. Two digests are equal exactly
 * when Pacemaker 2.1.5 computes equal digests for the same parameters (checked against crm_simulate
 * -S -O output), so histories written here are accepted as unchanged by Pacemaker and vice versa.
 */
public final class OpDigest {
  /** Pacemaker's default action timeout. */
  static final long DEFAULT_TIMEOUT_MS = 20_000;

  private OpDigest() {}

  /**
   * The digest of {@code task} with {@code intervalMs} of {@code p}, or empty when the parameters
   * depend on rules (they may differ per node, and this does not evaluate them).
   *
   * @param opDefaults the configuration's {@code op_defaults} (for the default timeout)
   */
  public static Optional<String> of(
      Primitive p, String task, long intervalMs, List<NvSet> opDefaults) {
    return of(p, List.of(), task, intervalMs, opDefaults);
  }

  /**
   * As {@link #of(Primitive, String, long, List)}, with the instance attributes of the primitive's
   * parents (group, clone; nearest first), which it inherits unless it sets them itself.
   */
  public static Optional<String> of(
      Primitive p,
      List<List<NvSet>> parentSets,
      String task,
      long intervalMs,
      List<NvSet> opDefaults) {
    return parameters(p, parentSets, task, intervalMs, opDefaults).map(ps -> md5(render(ps)));
  }

  /**
   * Pacemaker's {@code op-restart-digest}: the digest of only the parameters named in the history
   * entry's {@code op-force-restart} (a space-separated list; all parameters when it is absent),
   * the ones an agent reload cannot apply. Empty when the parameters depend on rules.
   */
  static Optional<String> restartDigest(
      Primitive p,
      List<List<NvSet>> parentSets,
      String task,
      String forceRestart,
      List<NvSet> opDefaults) {
    return parameters(p, parentSets, task, 0, opDefaults)
        .map(
            all -> {
              if (forceRestart == null) {
                return md5(render(all));
              }
              java.util.Set<String> names =
                  new java.util.HashSet<>(List.of(forceRestart.trim().split("\\s+")));
              Map<String, String> kept = new TreeMap<>();
              all.forEach(
                  (k, v) -> {
                    if (names.contains(k)) {
                      kept.put(k, v);
                    }
                  });
              return md5(render(kept));
            });
  }

  /**
   * Pacemaker's {@code op-secure-digest}: the digest of the parameters without the private ones
   * named in {@code op-secure-params} (and without CRM_meta_timeout, as 2.1.5 computes it; for a
   * fencing device whose history predates feature set 3.16.0, without its pcmk_* parameters too).
   */
  static Optional<String> secureDigest(
      Primitive p,
      List<List<NvSet>> parentSets,
      String task,
      String secureParams,
      boolean stripFencingParams,
      List<NvSet> opDefaults) {
    java.util.Set<String> hidden =
        secureParams == null
            ? java.util.Set.of()
            : new java.util.HashSet<>(List.of(secureParams.trim().split("\\s+")));
    return parameters(p, parentSets, task, 0, opDefaults)
        .map(
            all -> {
              Map<String, String> kept = new TreeMap<>(all);
              kept.keySet().removeAll(hidden);
              kept.remove("CRM_meta_timeout");
              if (stripFencingParams) {
                kept.keySet().removeIf(k -> k.startsWith("pcmk_"));
              }
              return md5(render(kept));
            });
  }

  /** The parameters a digest of task/interval covers, sorted; empty when they depend on rules. */
  private static Optional<Map<String, String>> parameters(
      Primitive p,
      List<List<NvSet>> parentSets,
      String task,
      long intervalMs,
      List<NvSet> opDefaults) {
    Map<String, String> params = new TreeMap<>();
    if (!addSets(params, p.instanceAttributes())) {
      return Optional.empty();
    }
    for (List<NvSet> sets : parentSets) {
      Map<String, String> inherited = new TreeMap<>();
      if (!addSets(inherited, sets)) {
        return Optional.empty();
      }
      inherited.forEach(params::putIfAbsent);
    }
    Op op = configuredOp(p, task, intervalMs);
    if (op != null && !addSets(params, op.instanceAttributes())) {
      return Optional.empty();
    }
    if (intervalMs > 0) {
      params.put("CRM_meta_timeout", Long.toString(timeoutMs(op, opDefaults)));
    }
    return Optional.of(params);
  }

  /** The configured op for {@code task} at {@code intervalMs}, or null. */
  static Op configuredOp(Primitive p, String task, long intervalMs) {
    for (Op o : p.operations()) {
      if (o.name().equals(task) && o.intervalMs() == intervalMs) {
        return o;
      }
    }
    return null;
  }

  private static long timeoutMs(Op op, List<NvSet> opDefaults) {
    if (op != null && op.timeout() != null) {
      return op.timeoutMs();
    }
    Optional<String> d = NvSet.lookup(opDefaults, "timeout");
    return d.map(IntervalSpec::toMs).orElse(DEFAULT_TIMEOUT_MS);
  }

  /** Adds sets in precedence order (first set to define a name wins); false if a rule is seen. */
  private static boolean addSets(Map<String, String> params, List<NvSet> sets) {
    Map<String, String> mine = new TreeMap<>();
    for (NvSet s : NvSet.byPrecedence(sets)) {
      if (s.rule() != null || s.idRef() != null) {
        return false;
      }
      for (NvPair pair : s.nvpairs()) {
        if (pair.idRef() != null) {
          return false;
        }
        if (pair.value() != null) {
          mine.putIfAbsent(pair.name(), pair.value());
        }
      }
    }
    params.putAll(mine);
    return true;
  }

  /** Pacemaker's digest text: a leading space, sorted attributes, a trailing newline. */
  static String render(Map<String, String> sortedParams) {
    StringBuilder b = new StringBuilder(" <parameters");
    for (Map.Entry<String, String> e : sortedParams.entrySet()) {
      b.append(' ').append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
    }
    return b.append("/>\n").toString();
  }

  private static String escape(String v) {
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5", e);
    }
  }
}
