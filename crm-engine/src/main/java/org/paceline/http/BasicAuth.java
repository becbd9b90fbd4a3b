package org.paceline.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.paceline.membership.PasswordHash;

/** HTTP basic authentication against the configured user and {@link PasswordHash}. */
final class BasicAuth {
  private BasicAuth() {}

  /** Checks an HTTP basic Authorization header value against a user and hash. */
  static boolean check(String header, String user, String hash) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    boolean userOk =
        MessageDigest.isEqual(
            decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
            user.getBytes(StandardCharsets.UTF_8));
    boolean passwordOk = PasswordHash.verify(decoded.substring(colon + 1).toCharArray(), hash);
    return userOk & passwordOk;
  }
}
