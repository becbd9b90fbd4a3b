package org.paceline.cib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** Reads a CIB file in either format: XML or YAML, by extension, else by its first character. */
public final class CibFiles {
  private CibFiles() {}

  /** The two document formats. */
  public enum Format {
    XML,
    YAML;

    /** Parses "xml" or "yaml" (any case). */
    public static Format parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "xml" -> XML;
        case "yaml", "yml" -> YAML;
        default ->
            throw new IllegalArgumentException(
                "unknown format '" + text + "' (expected xml or yaml)");
      };
    }
  }

  /** Reads {@code file}, choosing the format from its name or content. */
  public static CibDocument read(Path file) throws CibFormatException {
    if (!Files.isRegularFile(file)) {
      throw new CibFormatException(file + ": no such file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CibFormatException(file + ": cannot read: " + e.getMessage());
    }
    return switch (formatOf(file, text)) {
      case XML -> CibXmlReader.read(text, file.toString());
      case YAML -> CibYaml.read(text, file.toString());
    };
  }

  static Format formatOf(Path file, String text) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".xml")) {
      return Format.XML;
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return Format.YAML;
    }
    return text.stripLeading().startsWith("<") ? Format.XML : Format.YAML;
  }

  /** Writes through a temporary file and a rename, so a failed write leaves no partial file. */
  public static void writeAtomically(Path target, String text) throws IOException {
    Path abs = target.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The CIB as text in {@code format}. */
  public static String write(Cib cib, Format format) {
    return format == Format.XML ? CibXmlWriter.write(cib) : CibYaml.write(cib);
  }
}
