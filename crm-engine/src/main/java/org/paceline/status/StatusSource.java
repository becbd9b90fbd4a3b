package org.paceline.status;

/**
 * Where a status display gets its {@link ClusterSnapshot}: a saved CIB file ({@link
 * CibFileStatusSource}) or the running daemon's admin socket ({@code
 * org.paceline.daemon.DaemonStatusSource}). Callers handle {@link StatusUnavailableException} as an
 * operating error and say why.
 */
public interface StatusSource {
  /** Takes a snapshot now. */
  ClusterSnapshot snapshot() throws StatusUnavailableException;
}
