package org.paceline.daemon;

/**
 * The local admin channel between {@code crm} and the daemon: a Unix domain socket at {@code
 * <data_dir>/admin.sock}: root and the haclient group ({@link AdminAccess}: 0660 root:haclient in a
 * 0710 directory, and the peer's credentials checked). One request per connection: a single line
 * "VERB ARGS..."; the answer is "ok" or "error: MESSAGE" on the first line, then the body, then the
 * daemon closes the connection.
 *
 * <p>Verbs: {@code status} (key=value lines), {@code nodes} (one line per member), {@code config}
 * (CIB XML), {@code cib} (the DC's configuration and status), {@code snapshot} (the cluster status
 * as seen from this node, {@link org.paceline.status.SnapshotJson}; without quorum or DC the error
 * starts with {@link #NO_STATUS}), {@code load BASE64-CIB-XML}, {@code load-if EPOCH
 * BASE64-CIB-XML} (applied only if the configuration's epoch is still EPOCH: the shell's
 * compare-and-set), {@code node-attr NODE NAME VALUE|-}, {@code cleanup RSC [NODE]}, {@code
 * property NAME VALUE}, {@code remove NODE}.
 */
public final class AdminProtocol {
  /** First line of a successful answer. */
  public static final String OK = "ok";

  /** Prefix of the first line of a failed answer. */
  public static final String ERROR = "error: ";

  /**
   * Start of the error message of {@code snapshot} when this node has no cluster status to show (no
   * quorum, no DC, or the DC's status not yet received), as opposed to a failure of the daemon.
   */
  public static final String NO_STATUS = "no cluster status: ";

  /** Longest request line accepted, so a stray client cannot make the daemon buffer forever. */
  public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  /** The start of a request that runs a Pacemaker command in the daemon ({@code tool ...}). */
  public static final String TOOL_PREFIX = "tool ";

  private AdminProtocol() {}
}
