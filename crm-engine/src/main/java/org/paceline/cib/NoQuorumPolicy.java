package org.paceline.cib;

/**
 * What a partition without quorum does with its resources ({@code no-quorum-policy}, read through
 * {@link ClusterOption#noQuorumPolicy(Configuration)}).
 */
public enum NoQuorumPolicy {
  /** Stop every resource in the partition (the default). */
  STOP,
  /** Leave running resources alone, start nothing new. */
  FREEZE,
  /** Carry on as if the partition had quorum. */
  IGNORE,
  /** Demote promoted instances of promotable clones; stop the other resources as STOP does. */
  DEMOTE,
  /** Fence every node of the partition. */
  SUICIDE
}
