package org.paceline.http;

import java.nio.file.Path;
import org.paceline.membership.PasswordHash;

/**
 * Settings of the status HTTP API, each with its default and its check.
 *
 * @param bindAddress address to listen on (default 127.0.0.1)
 * @param port TCP port; 0 picks a free one (tests)
 * @param authUser basic-auth user for /, /status and /metrics; null = no authentication
 * @param authPasswordHash {@link PasswordHash} of that user's password; required with authUser
 * @param okCode the code of a positive /status/active or /status/standby answer (default 200)
 * @param failCode the code of a negative one (default 503; some load balancers want 400)
 * @param keystore a PKCS#12 keystore with the server's key and certificate: serve HTTPS; null =
 *     plain HTTP
 * @param keystorePassword the keystore's password (required with keystore)
 * @param threads worker threads (default 4)
 */
public record HttpOptions(
    String bindAddress,
    int port,
    String authUser,
    String authPasswordHash,
    int okCode,
    int failCode,
    Path keystore,
    char[] keystorePassword,
    int threads) {
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 7480;
  public static final int DEFAULT_OK_CODE = 200;
  public static final int DEFAULT_FAIL_CODE = 503;
  public static final int DEFAULT_THREADS = 4;

  public HttpOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("http port must be 0..65535, not " + port);
    }
    if (okCode < 100 || okCode > 599 || failCode < 100 || failCode > 599) {
      throw new IllegalArgumentException(
          "HTTP codes must be 100..599 (got ok " + okCode + ", fail " + failCode + ")");
    }
    if (okCode == failCode) {
      throw new IllegalArgumentException("the ok and fail codes must differ (both " + okCode + ")");
    }
    if ((authUser == null) != (authPasswordHash == null)) {
      throw new IllegalArgumentException("basic auth needs both a user and a password hash");
    }
    if (authUser != null && authUser.contains(":")) {
      throw new IllegalArgumentException("basic-auth user may not contain ':'");
    }
    if (authPasswordHash != null) {
      PasswordHash.validate(authPasswordHash);
    }
    if ((keystore == null) != (keystorePassword == null)) {
      throw new IllegalArgumentException("HTTPS needs both a keystore and its password");
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("http threads must be 1..64, not " + threads);
    }
  }

  /** Plain HTTP on {@code bindAddress:port}, no authentication, default codes. */
  public static HttpOptions plain(String bindAddress, int port) {
    return new HttpOptions(
        bindAddress,
        port,
        null,
        null,
        DEFAULT_OK_CODE,
        DEFAULT_FAIL_CODE,
        null,
        null,
        DEFAULT_THREADS);
  }

  /** These options with basic authentication. */
  public HttpOptions withAuth(String user, String passwordHash) {
    return new HttpOptions(
        bindAddress,
        port,
        user,
        passwordHash,
        okCode,
        failCode,
        keystore,
        keystorePassword,
        threads);
  }

  /** These options with other active/standby answer codes. */
  public HttpOptions withCodes(int ok, int fail) {
    return new HttpOptions(
        bindAddress,
        port,
        authUser,
        authPasswordHash,
        ok,
        fail,
        keystore,
        keystorePassword,
        threads);
  }

  /** These options serving HTTPS with a PKCS#12 keystore. */
  public HttpOptions withKeystore(Path file, char[] password) {
    return new HttpOptions(
        bindAddress, port, authUser, authPasswordHash, okCode, failCode, file, password, threads);
  }
}
