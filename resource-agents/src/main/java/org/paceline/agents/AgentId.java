package org.paceline.agents;

import java.util.Objects;

/**
 * Identifies a resource agent as Pacemaker does: {@code standard:provider:type}, e.g. {@code
 * ocf:heartbeat:IPaddr2}. Only the {@code ocf} standard is supported.
 */
public record AgentId(String standard, String provider, String type) {
  public AgentId {
    Objects.requireNonNull(standard, "standard");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(type, "type");
    if (!standard.equals("ocf")) {
      throw new IllegalArgumentException("unsupported agent standard: " + standard);
    }
    if (!isSafeName(provider) || !isSafeName(type)) {
      // These become path components below OCF_ROOT: refuse anything that could escape it.
      throw new IllegalArgumentException("invalid agent name: " + provider + ":" + type);
    }
  }

  /** An {@code ocf} agent. */
  public static AgentId ocf(String provider, String type) {
    return new AgentId("ocf", provider, type);
  }

  /** Parses {@code ocf:provider:type}. */
  public static AgentId parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "agent must be written standard:provider:type (e.g. ocf:heartbeat:Dummy): " + text);
    }
    return new AgentId(parts[0], parts[1], parts[2]);
  }

  private static boolean isSafeName(String s) {
    return !s.isEmpty() && !s.startsWith(".") && s.matches("[A-Za-z0-9_.+-]+");
  }

  @Override
  public String toString() {
    return standard + ":" + provider + ":" + type;
  }
}
