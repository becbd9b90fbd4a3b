package org.paceline.fencing.ipmi;

/** How the BMC password reaches ipmitool; never through argv, which {@code ps} shows. */
public enum PasswordDelivery {
  /** {@code -E}: the {@code IPMI_PASSWORD} environment variable of the ipmitool process only. */
  ENVIRONMENT,
  /** {@code -f FILE}: a 0600 file written for the call and deleted after it. */
  FILE
}
