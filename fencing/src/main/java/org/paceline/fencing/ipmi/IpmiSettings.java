package org.paceline.fencing.ipmi;

import java.util.Objects;
import org.paceline.fencing.Secret;

/**
 * How to reach one BMC.
 *
 * @param host the BMC address
 * @param port the RMCP+ UDP port (623 on real BMCs)
 * @param username the IPMI user
 * @param password the IPMI password
 * @param delivery how the password reaches ipmitool
 * @param cipherSuite the lanplus cipher suite ({@code -C}); 3 by default because without it
 *     ipmitool first asks for the suite list, which some BMCs (and ipmi_sim) never answer
 * @param ipmitool the ipmitool executable
 * @param statusPollIntervalMs the pause between power status reads while confirming an off/on
 */
public record IpmiSettings(
    String host,
    int port,
    String username,
    Secret password,
    PasswordDelivery delivery,
    int cipherSuite,
    String ipmitool,
    long statusPollIntervalMs) {
  public static final int DEFAULT_PORT = 623;
  public static final int DEFAULT_CIPHER_SUITE = 3;
  public static final long DEFAULT_STATUS_POLL_INTERVAL_MS = 50;

  public IpmiSettings {
    Objects.requireNonNull(host, "IPMI host (ip) is required");
    Objects.requireNonNull(username, "IPMI username is required");
    Objects.requireNonNull(password, "IPMI password is required");
    Objects.requireNonNull(delivery, "delivery");
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("IPMI port must be 1..65535, got " + port);
    }
    if (cipherSuite < 0 || cipherSuite > 17) {
      throw new IllegalArgumentException("IPMI cipher suite must be 0..17, got " + cipherSuite);
    }
    if (statusPollIntervalMs <= 0) {
      throw new IllegalArgumentException("status poll interval must be > 0 ms");
    }
  }

  /** Settings with the defaults: cipher 3, password in the environment, ipmitool on PATH. */
  public static IpmiSettings of(String host, int port, String username, Secret password) {
    return new IpmiSettings(
        host,
        port,
        username,
        password,
        PasswordDelivery.ENVIRONMENT,
        DEFAULT_CIPHER_SUITE,
        "ipmitool",
        DEFAULT_STATUS_POLL_INTERVAL_MS);
  }

  public IpmiSettings withDelivery(PasswordDelivery d) {
    return new IpmiSettings(
        host, port, username, password, d, cipherSuite, ipmitool, statusPollIntervalMs);
  }

  @Override
  public String toString() {
    return "IpmiSettings[" + username + "@" + host + ":" + port + " cipher " + cipherSuite + "]";
  }
}
