package org.paceline.daemon;

/**
 * The local admin channel between {@code crm} and the daemon: a Unix domain socket at {@code
 * <data_dir>/admin.sock}, mode 0600 in a 0700 directory, so only root talks to it. One request per
 * connection: a single line "VERB ARGS..."; the answer is "ok" or "error: MESSAGE" on the first
 * line, then the body, then the daemon closes the connection.
 *
 * <p>Verbs: {@code status} (key=value lines), {@code nodes} (one line per member), {@code config}
 * (CIB XML), {@code property NAME VALUE}, {@code remove NODE}, {@code load BASE64-CIB-XML}, {@code
 * load-if EPOCH BASE64-CIB-XML} (applied only if the configuration's epoch is still EPOCH: the
 * shell's compare-and-set), {@code cib}, {@code node-attr}, {@code cleanup}.
 */
public final class AdminProtocol {
  /** First line of a successful answer. */
  public static final String OK = "ok";

  /** Prefix of the first line of a failed answer. */
  public static final String ERROR = "error: ";

  /** Longest request line accepted, so a stray client cannot make the daemon buffer forever. */
  public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  private AdminProtocol() {}
}
