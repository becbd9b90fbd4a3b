package org.paceline.cib;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a large CIB file on several cores. Nearly all of a large CIB is its status section, one
 * {@code <node_state>} per node; the file is cut between node states into parts that are parsed at
 * the same time as the rest of the document, each wrapped in {@code <status>}, and the node states
 * are put back in document order.
 *
 * <p>The cuts are found by searching the bytes for {@code <node_state}, not by parsing. A cut in
 * the wrong place (inside a comment, say) leaves a part that is not well-formed, so any part that
 * does not read cleanly, and any problem at all, sends the caller back to reading the whole file in
 * one pass: errors are always worded, and their lines counted, by that one reader.
 */
final class CibXmlSplitReader {
  /** Smaller files are read in one pass: splitting pays only for tens of MiB. */
  static final long MIN_BYTES = 8L << 20;

  private static final byte[] OPEN = "<node_state".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "</node_state>".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STATUS_OPEN = "<status>".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STATUS_CLOSE = "</status>".getBytes(StandardCharsets.US_ASCII);

  private CibXmlSplitReader() {}

  /**
   * The document, or null when the file should be read in one pass (small, one core, not UTF-8, a
   * single node state, or anything that did not read cleanly).
   */
  static CibDocument tryRead(Path file) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (cores < 2) {
      return null;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < MIN_BYTES || size > Integer.MAX_VALUE) {
        return null;
      }
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      return read(buf, file.toString(), Math.min(cores, 4));
    } catch (IOException | RuntimeException e) {
      return null; // the one-pass read reports what is wrong with the file
    }
  }

  static CibDocument read(ByteBuffer buf, String source, int parts) {
    if (!utf8(buf)) {
      return null;
    }
    int first = indexOf(buf, OPEN, 0, buf.limit());
    int lastClose = lastIndexOf(buf, CLOSE);
    if (first < 0 || lastClose < first) {
      return null;
    }
    int end = lastClose + CLOSE.length;
    List<Integer> cuts = new ArrayList<>();
    cuts.add(first);
    for (int k = 1; k < parts; k++) {
      int from = first + (int) ((long) (end - first) * k / parts);
      int at = indexOf(buf, OPEN, Math.max(from, cuts.get(cuts.size() - 1) + 1), end);
      if (at > cuts.get(cuts.size() - 1)) {
        cuts.add(at);
      }
    }
    cuts.add(end);
    if (cuts.size() < 3) {
      return null; // one part: nothing to share
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            cuts.size() - 1,
            r -> {
              Thread t = new Thread(r, "cib-read");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<CibXmlReader.StatusPart>> futures = new ArrayList<>();
      for (int k = 0; k + 1 < cuts.size(); k++) {
        int from = cuts.get(k);
        int to = cuts.get(k + 1);
        futures.add(
            pool.submit(
                () -> {
                  CibXmlReader r = CibXmlReader.forSource(source);
                  InputStream in =
                      new SequenceInputStream(
                          new ByteArrayInputStream(STATUS_OPEN),
                          new SequenceInputStream(
                              new BufferInputStream(buf.slice(from, to - from)),
                              new ByteArrayInputStream(STATUS_CLOSE)));
                  return r.statusPart(r.streamReader(in));
                }));
      }
      // The rest of the document, here, while the parts are read.
      CibXmlReader main = CibXmlReader.forSource(source);
      InputStream rest =
          new SequenceInputStream(
              new BufferInputStream(buf.slice(0, first)),
              new BufferInputStream(buf.slice(end, buf.limit() - end)));
      javax.xml.stream.XMLStreamReader x = main.streamReader(rest);
      List<CibXmlReader.StatusPart> read = new ArrayList<>();
      int partLines = 0;
      for (Future<CibXmlReader.StatusPart> f : futures) {
        CibXmlReader.StatusPart p = f.get();
        if (p == null) {
          return null;
        }
        read.add(p);
        partLines += p.lines() - 1;
      }
      return main.withStatusParts(x, read, lineOf(buf, first), partLines);
    } catch (CibFormatException | ExecutionException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Whether the document is UTF-8 (no byte-order mark of UTF-16/32, no other declared encoding).
   */
  static boolean utf8(ByteBuffer buf) {
    int n = buf.limit();
    if (n >= 2 && ((buf.get(0) & 0xff) == 0xfe || (buf.get(0) & 0xff) == 0xff)) {
      return false;
    }
    if (n >= 1 && buf.get(0) == 0) {
      return false;
    }
    int start = n >= 3 && (buf.get(0) & 0xff) == 0xef ? 3 : 0;
    byte[] head = new byte[Math.min(200, n - start)];
    buf.get(start, head);
    String prolog = new String(head, StandardCharsets.ISO_8859_1);
    if (!prolog.startsWith("<?xml")) {
      return true;
    }
    int endDecl = prolog.indexOf("?>");
    String decl = (endDecl < 0 ? prolog : prolog.substring(0, endDecl)).toLowerCase(Locale.ROOT);
    int enc = decl.indexOf("encoding");
    if (enc < 0) {
      return true;
    }
    String value = decl.substring(enc + "encoding".length()).replaceAll("[\\s=\"']", " ").trim();
    return value.startsWith("utf-8 ") || value.equals("utf-8") || value.startsWith("utf8");
  }

  /** The 1-based line of byte {@code at}. */
  private static int lineOf(ByteBuffer buf, int at) {
    int line = 1;
    for (int i = 0; i < at; i++) {
      if (buf.get(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Index of {@code needle} in [from, to) followed by a character that ends a name, or -1. */
  static int indexOf(ByteBuffer buf, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i + needle.length < to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buf.get(i + j) != needle[j]) {
          continue outer;
        }
      }
      byte after = buf.get(i + needle.length);
      if (after == ' '
          || after == '\t'
          || after == '\n'
          || after == '\r'
          || after == '>'
          || after == '/') {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(ByteBuffer buf, byte[] needle) {
    outer:
    for (int i = buf.limit() - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (buf.get(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** An input stream over a buffer (a slice of the mapped file), read in bulk. */
  private static final class BufferInputStream extends InputStream {
    private final ByteBuffer buf;

    BufferInputStream(ByteBuffer buf) {
      this.buf = buf;
    }

    @Override
    public int read() {
      return buf.hasRemaining() ? buf.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!buf.hasRemaining()) {
        return -1;
      }
      int n = Math.min(len, buf.remaining());
      buf.get(b, off, n);
      return n;
    }
  }
}
