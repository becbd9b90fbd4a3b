package org.paceline.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.paceline.process.ProcessResult;
import org.paceline.process.ProcessRunner;

/**
 * Runs an OCF resource agent script unmodified: the action is its only argument, parameters and
 * meta attributes travel in {@code OCF_RESKEY_*} environment variables and never through a shell.
 * Each action runs in its own session so a timeout kills the agent together with everything it
 * started. Output is captured up to {@link OcfRunnerLimits#outputLimitBytes()}.
 */
public final class OcfScriptAgent implements ResourceAgent {
  /** The OCF API version this runner implements (OCF_RA_VERSION_MAJOR/MINOR). */
  public static final int OCF_VERSION_MAJOR = 1;

  public static final int OCF_VERSION_MINOR = 1;

  private static final String EXIT_REASON_PREFIX = "ocf-exit-reason:";

  /**
   * The CRM feature set of the Pacemaker whose behaviour Paceline follows: 2.1.5's, as {@code
   * pacemakerd --features} prints it on Debian 12 ("Supporting v3.16.1").
   */
  public static final String CRM_FEATURE_SET = "3.16.1";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String DEFAULT_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

  private final Path ocfRoot;
  private final AgentId id;
  private final OcfRunnerLimits limits;
  private final AtomicReference<AgentMetadata> metadataCache = new AtomicReference<>();

  private final Map<String, String> clusterEnvironment;

  public OcfScriptAgent(Path ocfRoot, AgentId id, OcfRunnerLimits limits) {
    this(ocfRoot, id, limits, Map.of());
  }

  /**
   * @param clusterEnvironment added to every action's environment: {@code PATH} is put before the
   *     inherited one; every other variable is set as given
   */
  public OcfScriptAgent(
      Path ocfRoot, AgentId id, OcfRunnerLimits limits, Map<String, String> clusterEnvironment) {
    this.ocfRoot = ocfRoot;
    this.id = id;
    this.limits = limits;
    this.clusterEnvironment = Map.copyOf(clusterEnvironment);
  }

  @Override
  public AgentId id() {
    return id;
  }

  /** The script this agent runs: {@code OCF_ROOT/resource.d/PROVIDER/TYPE}. */
  public Path script() {
    return ocfRoot.resolve("resource.d").resolve(id.provider()).resolve(id.type());
  }

  @Override
  public AgentMetadata metadata() throws AgentMetadataException {
    AgentMetadata cached = metadataCache.get();
    if (cached != null) {
      return cached;
    }
    ActionResult r =
        execute(
            ActionRequest.of(
                "meta-data", OcfAction.META_DATA, Map.of(), limits.metaDataTimeoutMs()));
    if (r.rc() != OcfExitCode.SUCCESS) {
      throw new AgentMetadataException(
          id
              + ": meta-data failed: "
              + r.summary()
              + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()));
    }
    AgentMetadata parsed = MetadataParser.parse(r.stdout(), id.toString());
    metadataCache.compareAndSet(null, parsed);
    return parsed;
  }

  @Override
  public ActionResult execute(ActionRequest request) {
    long startNs = System.nanoTime();
    Path script = script();
    if (!Files.isRegularFile(script)) {
      return ActionResult.of(
          request.action(),
          OcfExitCode.NOT_INSTALLED,
          "agent " + id + " is not installed: " + script + " does not exist",
          elapsedMs(startNs));
    }
    if (!Files.isExecutable(script)) {
      return ActionResult.of(
          request.action(),
          OcfExitCode.INSUFFICIENT_PRIVILEGES,
          "agent " + id + " cannot be run: " + script + " is not executable",
          elapsedMs(startNs));
    }
    Map<String, String> env;
    try {
      env = environment(request);
    } catch (IllegalArgumentException e) {
      return ActionResult.of(
          request.action(), OcfExitCode.INVALID_ARGUMENT, e.getMessage(), elapsedMs(startNs));
    }
    return run(request, script, env, startNs);
  }

  /** The complete environment of one action (exposed for tests; contains parameter values). */
  Map<String, String> environment(ActionRequest request) {
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", DEFAULT_PATH));
    env.put("LANG", "C");
    env.put("LC_ALL", "C");
    env.put("OCF_ROOT", ocfRoot.toString());
    // Where agents keep state files (ocf-directories' default /run/resource-agents); passed on
    // from the daemon's environment as Pacemaker's executor does, so a test or demo can give each
    // node on one machine its own.
    // HA_VARRUN likewise (ocf-directories' default /var/run): Pacemaker's Stateful keeps its
    // role there.
    // HA_SBIN_DIR (where agents find crm_attribute and the other tools), and the tracing switches
    // of ocf-shellfuncs (OCF_TRACE_RA, OCF_TRACE_FILE), likewise where the daemon has them.
    for (String dirVar :
        List.of("HA_RSCTMP", "HA_VARRUN", "HA_SBIN_DIR", "OCF_TRACE_RA", "OCF_TRACE_FILE")) {
      String value = System.getenv(dirVar);
      if (value != null && !value.isEmpty()) {
        env.put(dirVar, value);
      }
    }
    clusterEnvironment.forEach(
        (k, v) -> env.put(k, k.equals("PATH") ? v + ":" + env.get("PATH") : v));
    env.put("OCF_RA_VERSION_MAJOR", Integer.toString(OCF_VERSION_MAJOR));
    env.put("OCF_RA_VERSION_MINOR", Integer.toString(OCF_VERSION_MINOR));
    env.put("OCF_RESOURCE_INSTANCE", request.resourceId());
    env.put("OCF_RESOURCE_PROVIDER", id.provider());
    env.put("OCF_RESOURCE_TYPE", id.type());
    env.put("OCF_EXIT_REASON_PREFIX", EXIT_REASON_PREFIX);
    // The CRM feature set Paceline's semantics follow, as Pacemaker passes it with every action
    // (agents pick their commands by it: pgsql, PAF); a parameter of that name overrides it.
    env.put("OCF_RESKEY_crm_feature_set", CRM_FEATURE_SET);
    for (Map.Entry<String, String> p : request.parameters().entrySet()) {
      env.put("OCF_RESKEY_" + checkedName(request, p.getKey()), p.getValue());
    }
    for (Map.Entry<String, String> m : request.meta().entrySet()) {
      // Pacemaker turns dashes of meta names into underscores (clone-max -> clone_max).
      String name = m.getKey().replace('-', '_');
      env.put("OCF_RESKEY_CRM_meta_" + checkedName(request, name), m.getValue());
    }
    env.put("OCF_RESKEY_CRM_meta_interval", Long.toString(request.intervalMs()));
    env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(request.timeoutMs()));
    request.notification().ifPresent(n -> env.putAll(n.toVariables()));
    return env;
  }

  private String checkedName(ActionRequest request, String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "resource "
              + request.resourceId()
              + ": parameter name '"
              + name
              + "' of agent "
              + id
              + " is not a valid variable name (letters, digits, underscore)");
    }
    return name;
  }

  private ActionResult run(
      ActionRequest request, Path script, Map<String, String> env, long startNs) {
    ProcessResult x;
    String launchError = null;
    try {
      x =
          new ProcessRunner(limits.processLimits())
              .run(
                  List.of(script.toString(), request.action().wireName()),
                  env,
                  null,
                  Path.of("/"),
                  request.timeoutMs());
    } catch (IOException e) {
      launchError = e.getMessage();
      x = new ProcessResult(-1, "", "", false, false, 0);
    }
    int status = x.exitCode();
    boolean timedOut = x.timedOut();
    long durationMs = elapsedMs(startNs);
    List<String> reasons = new ArrayList<>();
    StringBuilder stderr = new StringBuilder();
    for (String line : x.stderr().split("\n", -1)) {
      if (line.startsWith(EXIT_REASON_PREFIX)) {
        reasons.add(line.substring(EXIT_REASON_PREFIX.length()).strip());
      } else if (!line.isEmpty()) {
        stderr.append(line).append('\n');
      }
    }
    String reason = reasons.isEmpty() ? "" : reasons.get(reasons.size() - 1);
    OcfExitCode rc;
    if (timedOut) {
      rc = OcfExitCode.GENERIC_ERROR;
      reason =
          request.action()
              + " of "
              + request.resourceId()
              + " ("
              + id
              + ") timed out after "
              + request.timeoutMs()
              + " ms and was killed";
      status = -1;
    } else if (launchError != null) {
      rc = OcfExitCode.NOT_INSTALLED;
      reason = "agent " + id + " could not be started: " + launchError;
    } else {
      rc = OcfExitCode.fromStatus(status);
      if (OcfExitCode.of(status).isEmpty() && reason.isEmpty()) {
        reason = "agent " + id + " exited with status " + status + ", which OCF does not define";
      }
    }
    return new ActionResult(
        request.action(),
        rc,
        status,
        reason,
        x.stdout(),
        stderr.toString(),
        durationMs,
        timedOut,
        x.outputTruncated());
  }

  private static long elapsedMs(long startNs) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
  }
}
