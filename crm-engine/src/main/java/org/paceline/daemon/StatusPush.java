package org.paceline.daemon;

/**
 * The DC's latest cluster status, pushed to every member after each change (and to a member that
 * joins), so that any node answers {@code crm status}, HTTP probes and its role file from memory.
 *
 * @param dc the DC that computed it (a receiver keeps it only while this node is its DC)
 * @param term the DC's Raft term (an older term's push never replaces a newer one)
 * @param snapshot the DC's {@link org.paceline.status.ClusterSnapshot} as {@link
 *     org.paceline.status.SnapshotJson}
 */
record StatusPush(String dc, long term, String snapshot) {}
