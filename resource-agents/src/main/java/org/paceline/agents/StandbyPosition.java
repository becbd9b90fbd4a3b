package org.paceline.agents;

/**
 * Where one PostgreSQL standby's replay stands, for choosing which standby to promote.
 *
 * @param wasSynchronous the primary listed it as {@code sync} when it was last seen
 */
public record StandbyPosition(String node, long timeline, long lsn, boolean wasSynchronous) {}
