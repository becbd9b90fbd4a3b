package org.paceline.membership;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster key file: 32 random bytes (AES-256), base64 on one line, mode 0600. SYM_ENCRYPT uses
 * it to encrypt and authenticate every cluster message; a process without it cannot join. The key
 * never appears in logs or argv; {@link #toString()} hides it.
 */
public final class ClusterKey implements TransportSecurity {
  /** AES-256. */
  public static final int KEY_BYTES = 32;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final SecretKey key;

  private ClusterKey(SecretKey key) {
    this.key = key;
  }

  /** The AES secret key for SYM_ENCRYPT. */
  public SecretKey secretKey() {
    return key;
  }

  /** Generates a new key file; refuses to overwrite an existing one. */
  public static ClusterKey generate(Path file) throws IOException {
    byte[] raw = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(raw);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Created with 0600 from the start so the key is never readable by others, not even briefly.
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(
        file,
        Base64.getEncoder().encodeToString(raw) + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new ClusterKey(new SecretKeySpec(raw, "AES"));
  }

  /** Copies a key file to {@code to} (0600), as a joining node does. */
  public static void copy(Path from, Path to) throws IOException {
    ClusterKey.read(from);
    Files.createDirectories(to.toAbsolutePath().getParent());
    Files.createFile(to, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.write(to, Files.readAllBytes(from), StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Reads a key file, refusing one that others can read: a leaked cluster key lets anyone join and
   * read cluster traffic.
   */
  public static ClusterKey read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + ": cluster key file not found (run 'crm cluster start' on the first node, or"
              + " 'crm cluster join' on the others)");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new IOException(
          file
              + ": cluster key file has mode "
              + PosixFilePermissions.toString(perms)
              + ", expected rw------- (0600); fix with: chmod 600 "
              + file);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": cluster key file is not base64");
    }
    if (raw.length != KEY_BYTES) {
      throw new IOException(
          file + ": cluster key has " + raw.length + " bytes, expected " + KEY_BYTES);
    }
    return new ClusterKey(new SecretKeySpec(raw, "AES"));
  }

  @Override
  public String toString() {
    return "ClusterKey[hidden]";
  }
}
