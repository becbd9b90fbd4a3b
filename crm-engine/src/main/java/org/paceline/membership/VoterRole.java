package org.paceline.membership;

/** What a configured cluster member is: a full node (votes and runs resources) or a witness. */
public enum VoterRole {
  /** A full node: votes in Raft and may run resources. */
  VOTER,
  /** A vote-only member (like corosync's qdevice) that breaks ties for two-hub sites. */
  WITNESS;

  /** The word used in YAML and in {@code crm cluster nodes}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
