package org.paceline.membership;

/**
 * One configured cluster member as named in the node-local bootstrap file: its node name (also its
 * Raft id and JGroups logical name), where it listens, and whether it is a full node or a witness.
 *
 * @param name node name, unique in the cluster
 * @param address IP address the node binds its cluster transport to
 * @param port TCP port of the cluster transport
 * @param role voter or witness
 */
public record Peer(String name, String address, int port, VoterRole role) {}
