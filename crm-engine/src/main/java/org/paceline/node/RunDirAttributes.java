package org.paceline.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A node's transient attributes as files in a directory, one file per attribute (name = file name,
 * value = its first line): the stand-in for Pacemaker's {@code crm_attribute -l reboot} that the
 * demo agents use (demo-db writes {@code master-RSC}, its promotion score). A missing directory
 * means no attributes (a simulated power-off wipes it, as a reboot clears Pacemaker's transient
 * attributes). Files whose name is not an attribute name, and temporary {@code *.new} files, are
 * skipped.
 */
public final class RunDirAttributes implements Supplier<Map<String, String>> {
  /** Longest value read; longer files are cut (an attribute is a score or a short word). */
  public static final int MAX_VALUE_CHARS = 256;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:#-]*");

  private final Path dir;

  public RunDirAttributes(Path dir) {
    this.dir = dir;
  }

  /** Where each dampened attribute's delay is kept: a file per attribute holding milliseconds. */
  public static final String DAMPENING_DIR = ".dampen";

  /**
   * The dampening of each attribute that has one ({@code attrd_updater -d}): how long after a first
   * change the node waits for further changes before it tells the DC the latest value.
   */
  public Map<String, Long> dampeningMs() {
    Map<String, Long> out = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(DAMPENING_DIR))) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!NAME.matcher(name).matches() || !Files.isRegularFile(f)) {
          continue;
        }
        try {
          long ms = Long.parseLong(Files.readString(f, StandardCharsets.UTF_8).strip());
          if (ms > 0) {
            out.put(name, ms);
          }
        } catch (NoSuchFileException | NumberFormatException e) {
          // Removed meanwhile, or half-written by hand: no dampening.
        }
      }
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read attribute dampening in " + dir, e);
    }
    return out;
  }

  @Override
  public Map<String, String> get() {
    Map<String, String> out = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!NAME.matcher(name).matches() || name.endsWith(".new") || !Files.isRegularFile(f)) {
          continue;
        }
        String text;
        try {
          text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
          continue; // removed between listing and reading (a stop)
        }
        String value = text.lines().findFirst().orElse("").strip();
        out.put(
            name, value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value);
      }
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read node attributes in " + dir, e);
    }
    return out;
  }
}
