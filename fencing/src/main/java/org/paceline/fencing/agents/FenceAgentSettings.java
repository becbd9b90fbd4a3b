package org.paceline.fencing.agents;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.paceline.fencing.Secret;

/**
 * How to run one fence agent.
 *
 * @param agentPath the executable ({@code /usr/sbin/fence_ipmilan})
 * @param parameters the agent's non-secret stdin parameters (ip, ipport, username, lanplus, cipher,
 *     ...), in order
 * @param password the password, sent as {@code password=} on stdin, or null
 * @param hostArgument the stdin key the plug goes in ({@code plug} by default, Pacemaker's {@code
 *     pcmk_host_argument}); {@code none} sends no plug
 */
public record FenceAgentSettings(
    String agentPath, Map<String, String> parameters, Secret password, String hostArgument) {
  /** The parameter keys that hold secrets and are therefore refused in {@code parameters}. */
  public static final java.util.Set<String> SECRET_KEYS =
      java.util.Set.of("password", "passwd", "snmp_priv_passwd");

  public FenceAgentSettings {
    Objects.requireNonNull(agentPath, "agentPath");
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    for (String k : parameters.keySet()) {
      if (SECRET_KEYS.contains(k)) {
        throw new IllegalArgumentException(
            "fence agent parameter " + k + " is a secret: pass it as the password");
      }
      if (k.contains("\n") || parameters.get(k).contains("\n")) {
        // A newline would let a value inject another stdin line (another action).
        throw new IllegalArgumentException("fence agent parameter " + k + " contains a newline");
      }
    }
    hostArgument = hostArgument == null ? "plug" : hostArgument;
  }

  @Override
  public String toString() {
    return "FenceAgentSettings[" + agentPath + " " + parameters + "]";
  }
}
