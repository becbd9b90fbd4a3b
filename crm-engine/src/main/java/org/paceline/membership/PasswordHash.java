package org.paceline.membership;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the HTTP API's basic authentication: PBKDF2-HMAC-SHA256, written as {@code
 * pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in base64), so the configuration never holds
 * the password itself. Verification compares in constant time. It lives with the bootstrap
 * configuration, whose loader checks a hash's format, and the HTTP server verifies against it.
 */
public final class PasswordHash {
  /** Iterations for new hashes (OWASP's 2023 advice for PBKDF2-HMAC-SHA256). */
  public static final int ITERATIONS = 600_000;

  private static final String PREFIX = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private PasswordHash() {}

  /** A new hash of {@code password} with a random salt. */
  public static String create(char[] password) {
    return create(password, ITERATIONS);
  }

  /** A new hash with a given iteration count (tests use fewer). */
  public static String create(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /**
   * Whether {@code password} matches {@code hash}.
   *
   * @throws IllegalArgumentException when {@code hash} is not in this class's format
   */
  public static boolean verify(char[] password, String hash) {
    String[] f = parse(hash);
    Base64.Decoder d = Base64.getDecoder();
    byte[] expected = d.decode(f[3]);
    return MessageDigest.isEqual(
        expected, derive(password, d.decode(f[2]), Integer.parseInt(f[1])));
  }

  /**
   * Checks the format of a hash without deriving anything.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void validate(String hash) {
    parse(hash);
  }

  private static String[] parse(String hash) {
    String[] f = hash.split("\\$");
    if (f.length != 4 || !f[0].equals(PREFIX)) {
      throw new IllegalArgumentException(
          "password hash must look like " + PREFIX + "$ITERATIONS$SALT$HASH");
    }
    try {
      if (Integer.parseInt(f[1]) < 1) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("password hash: bad iteration count '" + f[1] + "'");
    }
    try {
      Base64.getDecoder().decode(f[2]);
      Base64.getDecoder().decode(f[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("password hash: salt or hash is not base64");
    }
    return f;
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    }
  }
}
