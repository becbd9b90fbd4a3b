package org.paceline.cib;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads Pacemaker CIB XML (pacemaker-3.x as Pacemaker 2.1.5 writes it) into the model.
 *
 * <p>Known elements become typed records; unknown attributes and elements are kept verbatim. Old
 * words are accepted ({@code <master>}, role Master/Slave) and turned into the new ones, so what
 * Paceline writes back uses only Promoted/Unpromoted. Every problem found is collected with its
 * file and line before the read fails; nothing is half-read.
 */
public final class CibXmlReader {
  private static final Set<String> LEGACY_SCHEMAS =
      Set.of(
          "pacemaker-3.0",
          "pacemaker-3.1",
          "pacemaker-3.2",
          "pacemaker-3.3",
          "pacemaker-3.4",
          "pacemaker-3.5",
          "pacemaker-3.6");

  // One read's parts: the element tree feeds the status reader as it streams; the configuration
  // and status readers share the attribute-set reader; all of them report into one context.
  private final CibReadContext ctx;
  private final StatusXmlReader statusReader;
  private final ConfigurationXmlReader configurationReader;
  private final CibElementTree tree;

  private CibXmlReader(String source) {
    this.ctx = new CibReadContext(source);
    CanonicalValues values = new CanonicalValues();
    AttributeSetXmlReader attributeSets = new AttributeSetXmlReader(ctx);
    this.statusReader = new StatusXmlReader(ctx, values, attributeSets);
    this.configurationReader = new ConfigurationXmlReader(ctx, attributeSets);
    this.tree = new CibElementTree(ctx, values, statusReader);
  }

  /**
   * A {@code <template>} (kept verbatim as an {@link OtherResource}) read as the primitive it
   * describes, with the template's id: what {@link TemplateExpansion} instantiates.
   */
  public static Primitive templatePrimitive(XmlNode template) {
    return new CibXmlReader("template " + template.id())
        .configurationReader.primitive(ParsedElement.of(template));
  }

  /**
   * Reads a CIB XML file. A large one is read on several cores (its status section split between
   * node states, see {@link CibXmlSplitReader}); the result, and every error, is the same as a read
   * in one pass.
   */
  public static CibDocument read(Path file) throws CibFormatException {
    CibDocument split = CibXmlSplitReader.tryRead(file);
    if (split != null) {
      return split;
    }
    // Streamed, not read into one string first: a large cluster's status runs to hundreds of MiB.
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new CibFormatException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static CibDocument read(InputStream in, String source) throws CibFormatException {
    CibXmlReader r = new CibXmlReader(source);
    return r.document(r.streamReader(in));
  }

  /** A reader for one document (or one part of a document, for the split reader). */
  static CibXmlReader forSource(String source) {
    return new CibXmlReader(source);
  }

  XMLStreamReader streamReader(InputStream in) throws CibFormatException {
    try {
      return CibElementTree.inputFactory().createXMLStreamReader(in);
    } catch (XMLStreamException e) {
      throw new CibFormatException(ctx.source + ": malformed XML: " + e.getMessage());
    }
  }

  /**
   * Parses a part of a status section wrapped in {@code <status>}: its node states, or null when
   * the part holds anything else or anything is wrong with it (the caller then reads the whole
   * document in one pass, which words every error with its true line).
   */
  StatusPart statusPart(XMLStreamReader x) {
    ParsedElement root;
    try {
      root = tree.parse(x);
    } catch (CibFormatException | RuntimeException e) {
      return null;
    }
    if (!"status".equals(root.name) || !root.children.isEmpty() || !ctx.problems.isEmpty()) {
      return null;
    }
    return new StatusPart(
        List.copyOf(statusReader.nodeStates()), ctx.locations, x.getLocation().getLineNumber());
  }

  /**
   * Node states read from a part of the status section.
   *
   * @param lines the line the part ended on, counted from 1 at its start
   */
  record StatusPart(List<NodeState> nodeStates, SourceLocations locations, int lines) {}

  /**
   * Reads the rest of a document whose node states were read in parts: null when anything is wrong
   * (the caller then reads the whole document in one pass).
   *
   * @param insertAtLine the line where the parts were cut out; lines of this document after it move
   *     down by {@code partLines}
   */
  CibDocument withStatusParts(
      XMLStreamReader x, List<StatusPart> parts, int insertAtLine, int partLines) {
    ParsedElement root;
    try {
      root = tree.parse(x);
    } catch (CibFormatException | RuntimeException e) {
      return null;
    }
    if (!ctx.problems.isEmpty()
        || !statusReader.nodeStates().isEmpty()
        || !"cib".equals(root.name)) {
      return null;
    }
    for (StatusPart p : parts) {
      statusReader.nodeStates().addAll(p.nodeStates());
    }
    Cib cib;
    try {
      cib = cib(root);
    } catch (RuntimeException e) {
      return null;
    }
    if (!ctx.problems.isEmpty()) {
      return null;
    }
    SourceLocations merged = ctx.locations.shifted(insertAtLine, partLines);
    int offset = insertAtLine - 1;
    for (StatusPart p : parts) {
      merged.addAll(p.locations(), offset);
      offset += p.lines() - 1;
    }
    return new CibDocument(cib, merged.sorted(), ctx.readWarnings);
  }

  /** Reads CIB XML text; {@code source} names it in messages. */
  public static CibDocument read(String xml, String source) throws CibFormatException {
    CibXmlReader r = new CibXmlReader(source);
    XMLStreamReader x;
    try {
      x = CibElementTree.inputFactory().createXMLStreamReader(new StringReader(xml));
    } catch (XMLStreamException e) {
      throw new CibFormatException(source + ": malformed XML: " + e.getMessage());
    }
    return r.document(x);
  }

  private CibDocument document(XMLStreamReader x) throws CibFormatException {
    ParsedElement root = tree.parse(x);
    if (!"cib".equals(root.name)) {
      throw new CibFormatException(
          ctx.at(root) + "root element is <" + root.name + ">, expected <cib>");
    }
    Cib cib = cib(root);
    if (!ctx.problems.isEmpty()) {
      throw new CibFormatException(ctx.problems);
    }
    return new CibDocument(cib, ctx.locations, ctx.readWarnings);
  }

  // ---------------------------------------------------------------- cib

  private Cib cib(ParsedElement e) {
    Long admin = ctx.parseLong(e, "admin_epoch");
    Long epoch = ctx.parseLong(e, "epoch");
    Long updates = ctx.parseLong(e, "num_updates");
    CibVersion version =
        new CibVersion(
            admin == null ? 0 : admin, epoch == null ? 0 : epoch, updates == null ? 0 : updates);
    String validateWith = e.attr("validate-with");
    if (validateWith != null && LEGACY_SCHEMAS.contains(validateWith)) {
      // Paceline writes Promoted/Unpromoted, which need pacemaker-3.7; 3.x minors are additive.
      validateWith = Cib.MIN_SCHEMA;
    }
    Configuration configuration = null;
    List<NodeState> status = new ArrayList<>();
    List<XmlNode> otherStatus = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "configuration" -> configuration = configurationReader.configuration(c);
        case "status" -> {
          status.addAll(statusReader.nodeStates());
          for (ParsedElement s : c.children) {
            otherStatus.add(s.toXmlNode());
          }
        }
        default -> ctx.unexpected(e, c, "<configuration> and <status>");
      }
    }
    if (configuration == null) {
      ctx.problem(e, "missing <configuration>");
    }
    return new Cib(
        version,
        validateWith,
        ctx.parseBool(e, "have-quorum"),
        e.attr("dc-uuid"),
        ctx.parseLong(e, "execution-date"),
        CibReadContext.others(
            e,
            "admin_epoch",
            "epoch",
            "num_updates",
            "validate-with",
            "have-quorum",
            "dc-uuid",
            "execution-date"),
        configuration,
        status,
        otherStatus);
  }
}
