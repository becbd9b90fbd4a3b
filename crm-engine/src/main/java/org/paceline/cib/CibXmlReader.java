package org.paceline.cib;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
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

  /** Values up to this length are shared between elements (ids, digests, flags). */
  private static final int CANONICAL_MAX_LENGTH = 48;

  private final String source;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> canonicalValues = new java.util.HashMap<>();
  private final List<NodeState> nodeStates = new ArrayList<>();
  private final SourceLocations locations;

  /**
   * Values seeded into every read's pool as the literals they are: a string literal is one shared
   * instance in the JVM, so the scheduler's many {@code task.equals("monitor")} tests on 640,000
   * history entries succeed on identity instead of comparing characters.
   */
  private static final List<String> WELL_KNOWN_VALUES =
      List.of(
          "monitor",
          "start",
          "stop",
          "promote",
          "demote",
          "migrate_to",
          "migrate_from",
          "notify",
          "reload",
          "reload-agent",
          "0",
          "1",
          "true",
          "false",
          "member",
          "down",
          "online",
          "offline",
          "ocf",
          "stonith",
          "lsb",
          "systemd",
          "service");

  private CibXmlReader(String source) {
    this.source = source;
    this.locations = new SourceLocations(source);
    for (String v : WELL_KNOWN_VALUES) {
      canonicalValues.put(v, v);
    }
  }

  /**
   * A {@code <template>} (kept verbatim as an {@link OtherResource}) read as the primitive it
   * describes, with the template's id: what {@link TemplateExpansion} instantiates.
   */
  public static Primitive templatePrimitive(XmlNode template) {
    return new CibXmlReader("template " + template.id()).primitive(ParsedElement.of(template));
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
      return inputFactory().createXMLStreamReader(in);
    } catch (XMLStreamException e) {
      throw new CibFormatException(source + ": malformed XML: " + e.getMessage());
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
      root = parseTree(x);
    } catch (CibFormatException | RuntimeException e) {
      return null;
    }
    if (!"status".equals(root.name) || !root.children.isEmpty() || !problems.isEmpty()) {
      return null;
    }
    return new StatusPart(List.copyOf(nodeStates), locations, x.getLocation().getLineNumber());
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
      root = parseTree(x);
    } catch (CibFormatException | RuntimeException e) {
      return null;
    }
    if (!problems.isEmpty() || !nodeStates.isEmpty() || !"cib".equals(root.name)) {
      return null;
    }
    for (StatusPart p : parts) {
      nodeStates.addAll(p.nodeStates());
    }
    Cib cib;
    try {
      cib = cib(root);
    } catch (RuntimeException e) {
      return null;
    }
    if (!problems.isEmpty()) {
      return null;
    }
    SourceLocations merged = locations.shifted(insertAtLine, partLines);
    int offset = insertAtLine - 1;
    for (StatusPart p : parts) {
      merged.addAll(p.locations(), offset);
      offset += p.lines() - 1;
    }
    return new CibDocument(cib, merged.sorted());
  }

  /** Reads CIB XML text; {@code source} names it in messages. */
  public static CibDocument read(String xml, String source) throws CibFormatException {
    CibXmlReader r = new CibXmlReader(source);
    XMLStreamReader x;
    try {
      x = inputFactory().createXMLStreamReader(new StringReader(xml));
    } catch (XMLStreamException e) {
      throw new CibFormatException(source + ": malformed XML: " + e.getMessage());
    }
    return r.document(x);
  }

  private CibDocument document(XMLStreamReader x) throws CibFormatException {
    ParsedElement root = parseTree(x);
    if (!"cib".equals(root.name)) {
      throw new CibFormatException(
          at(root) + "root element is <" + root.name + ">, expected <cib>");
    }
    Cib cib = cib(root);
    if (!problems.isEmpty()) {
      throw new CibFormatException(problems);
    }
    return new CibDocument(cib, locations);
  }

  // ---------------------------------------------------------------- tree

  private static XMLInputFactory inputFactory() {
    // Aalto (FasterXML's StAX parser): the JDK's Xerces took ~1.3 s for the 73 MB status of
    // 32 nodes x 5,000 resources, Aalto ~0.4 s.
    XMLInputFactory f = new com.fasterxml.aalto.stax.InputFactoryImpl();
    // No DTDs and no external entities: a CIB never needs them and they are an XXE door.
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    return f;
  }

  /** Short attribute values repeat massively in the status section; keep one copy of each. */
  private String canonical(String value) {
    if (value.length() > CANONICAL_MAX_LENGTH) {
      return value;
    }
    String seen = canonicalValues.putIfAbsent(value, value);
    return seen == null ? value : seen;
  }

  private ParsedElement parseTree(XMLStreamReader x) throws CibFormatException {
    Deque<ParsedElement> stack = new ArrayDeque<>();
    ParsedElement root = null;
    try {
      while (x.hasNext()) {
        int ev = x.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          ParsedElement parentOfOp = stack.peek();
          if (parentOfOp != null
              && "lrm_rsc_op".equals(x.getLocalName())
              && "lrm_resource".equals(parentOfOp.name)) {
            LrmRscOp op = lrmRscOp(x);
            if (op != null) {
              addOp(parentOfOp, op);
            }
            skipElement(x);
            continue;
          }
          javax.xml.stream.Location where = x.getLocation();
          ParsedElement e =
              new ParsedElement(x.getLocalName(), where.getLineNumber(), where.getColumnNumber());
          for (int i = 0; i < x.getAttributeCount(); i++) {
            e.attributes.put(x.getAttributeLocalName(i), canonical(x.getAttributeValue(i)));
          }
          if (stack.isEmpty()) {
            root = e;
          } else {
            stack.peek().children.add(e);
          }
          stack.push(e);
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          ParsedElement done = stack.pop();
          ParsedElement parent = stack.peek();
          if ("node_state".equals(done.name) && parent != null && "status".equals(parent.name)) {
            // Turn each node's status into the model as soon as it is read, so the whole
            // document never exists twice in memory.
            nodeStates.add(nodeState(done));
            parent.children.remove(parent.children.size() - 1);
          }
        } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA)
            && !stack.isEmpty()) {
          stack.peek().appendText(x.getText());
        } else if (ev == XMLStreamConstants.DTD) {
          throw new CibFormatException(
              where(x.getLocation().getLineNumber()) + "DTDs are not allowed in a CIB");
        }
      }
    } catch (XMLStreamException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
      int col = e.getLocation() == null ? -1 : e.getLocation().getColumnNumber();
      String msg = e.getMessage();
      int idx = msg == null ? -1 : msg.indexOf("Message: ");
      String detail = idx >= 0 ? msg.substring(idx + 9) : msg;
      int at = detail == null ? -1 : detail.indexOf("\n at [row,col");
      if (at >= 0) {
        detail = detail.substring(0, at); // Aalto repeats the position already given
      }
      throw new CibFormatException(
          (source == null ? "" : source + ":")
              + (line > 0 ? line + ":" + col + ": " : " ")
              + "malformed XML: "
              + detail);
    }
    if (root == null) {
      throw new CibFormatException(where(-1) + "empty document, expected <cib>");
    }
    return root;
  }

  private static void addOp(ParsedElement lrmResource, LrmRscOp op) {
    if (lrmResource.ops == null) {
      lrmResource.ops = new ArrayList<>(4);
    }
    lrmResource.ops.add(op);
  }

  /** Skips the rest of the element whose start was just read (an lrm_rsc_op has no content). */
  private static void skipElement(XMLStreamReader x) throws XMLStreamException {
    int depth = 1;
    while (depth > 0 && x.hasNext()) {
      int ev = x.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  /**
   * An {@code <lrm_rsc_op>}, read straight from the stream (the status section holds hundreds of
   * thousands: a tree node each doubled the parse time). A number that does not parse is a problem
   * reported with its line, and the operation is left out.
   */
  private LrmRscOp lrmRscOp(XMLStreamReader x) {
    int line = x.getLocation().getLineNumber();
    String id = null;
    String operationKey = null;
    String operation = null;
    String opDigest = null;
    String transitionKey = null;
    String transitionMagic = null;
    Long callId = null;
    Long rcCode = null;
    Long opStatus = null;
    Long interval = null;
    Long lastRun = null;
    Long lastRcChange = null;
    Long execTime = null;
    Long queueTime = null;
    Map<String, String> others = null;
    String badAttribute = null;
    String badValue = null;
    // Numbers are read as numbers (Stax2's typed access: no string per value); only the
    // strings kept go through canonical().
    org.codehaus.stax2.XMLStreamReader2 t =
        x instanceof org.codehaus.stax2.XMLStreamReader2 r2 ? r2 : null;
    for (int i = 0; i < x.getAttributeCount(); i++) {
      String name = x.getAttributeLocalName(i);
      try {
        switch (name) {
          case "id" -> id = canonical(x.getAttributeValue(i));
          case "operation_key" -> operationKey = canonical(x.getAttributeValue(i));
          case "operation" -> operation = canonical(x.getAttributeValue(i));
          case "op-digest" -> opDigest = canonical(x.getAttributeValue(i));
          case "transition-key" -> transitionKey = canonical(x.getAttributeValue(i));
          case "transition-magic" -> transitionMagic = canonical(x.getAttributeValue(i));
          case "call-id" -> callId = number(x, t, i);
          case "rc-code" -> rcCode = number(x, t, i);
          case "op-status" -> opStatus = number(x, t, i);
          case "interval" -> interval = number(x, t, i);
          case "last-run" -> lastRun = number(x, t, i);
          case "last-rc-change" -> lastRcChange = number(x, t, i);
          case "exec-time" -> execTime = number(x, t, i);
          case "queue-time" -> queueTime = number(x, t, i);
          default -> {
            if (others == null) {
              others = new LinkedHashMap<>();
            }
            others.put(name, canonical(x.getAttributeValue(i)));
          }
        }
      } catch (NumberFormatException | XMLStreamException e) {
        badAttribute = name;
        badValue = x.getAttributeValue(i);
      }
    }
    if (badAttribute != null) {
      problems.add(
          where(line)
              + (id == null ? "<lrm_rsc_op>" : "<lrm_rsc_op id=\"" + id + "\">")
              + ": attribute "
              + badAttribute
              + ": bad integer '"
              + badValue
              + "'");
      return null;
    }
    return LrmRscOp.builder(id)
        .operationKey(operationKey)
        .operation(operation)
        .callId(callId == null ? null : (int) (long) callId)
        .rcCode(rcCode == null ? null : (int) (long) rcCode)
        .opStatus(opStatus == null ? null : (int) (long) opStatus)
        .intervalMs(interval == null ? 0 : interval)
        .lastRun(lastRun)
        .lastRcChange(lastRcChange)
        .execTimeMs(execTime)
        .queueTimeMs(queueTime)
        .opDigest(opDigest)
        .transitionKey(transitionKey)
        .transitionMagic(transitionMagic)
        .otherAttributes(others == null ? Map.of() : others)
        .build();
  }

  private static long number(XMLStreamReader x, org.codehaus.stax2.XMLStreamReader2 typed, int i)
      throws XMLStreamException {
    return typed != null
        ? typed.getAttributeAsLong(i)
        : Long.parseLong(x.getAttributeValue(i).trim());
  }

  private String where(int line) {
    String s = source == null ? "" : source;
    if (line > 0) {
      return s.isEmpty() ? "line " + line + ": " : s + ":" + line + ": ";
    }
    return s.isEmpty() ? "" : s + ": ";
  }

  private String at(ParsedElement e) {
    return where(e.line) + e.describe() + ": ";
  }

  private void problem(ParsedElement e, String message) {
    problems.add(at(e) + message);
  }

  /** Attributes of {@code e} other than the typed ones, in document order. */
  private static Map<String, String> others(ParsedElement e, String... typed) {
    // Without copying: the status section has hundreds of thousands of elements whose attributes
    // are all typed.
    Map<String, String> out = null;
    next:
    for (Map.Entry<String, String> a : e.attributes.entrySet()) {
      for (String t : typed) {
        if (t.equals(a.getKey())) {
          continue next;
        }
      }
      if (out == null) {
        out = new LinkedHashMap<>();
      }
      out.put(a.getKey(), a.getValue());
    }
    return out == null ? new LinkedHashMap<>() : out;
  }

  private void track(ParsedElement e) {
    locations.record(e.attr("id"), e.line);
  }

  private <T> T parse(ParsedElement e, String attr, Function<String, T> parser) {
    String v = e.attr(attr);
    if (v == null) {
      return null;
    }
    try {
      return parser.apply(v);
    } catch (IllegalArgumentException ex) {
      problem(e, "attribute " + attr + ": " + ex.getMessage());
      return null;
    }
  }

  private Long parseLong(ParsedElement e, String attr) {
    return parse(
        e,
        attr,
        v -> {
          try {
            return Long.parseLong(v.trim());
          } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("bad integer '" + v + "'");
          }
        });
  }

  private Integer parseInt(ParsedElement e, String attr) {
    Long v = parseLong(e, attr);
    return v == null ? null : (int) (long) v;
  }

  private Boolean parseBool(ParsedElement e, String attr) {
    return parse(e, attr, CibBooleans::parse);
  }

  private void unexpected(ParsedElement parent, ParsedElement child, String expected) {
    problems.add(
        where(child.line)
            + "unexpected <"
            + child.name
            + "> inside "
            + parent.describe()
            + " (expected "
            + expected
            + ")");
  }

  // ---------------------------------------------------------------- cib

  private Cib cib(ParsedElement e) {
    Long admin = parseLong(e, "admin_epoch");
    Long epoch = parseLong(e, "epoch");
    Long updates = parseLong(e, "num_updates");
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
        case "configuration" -> configuration = configuration(c);
        case "status" -> {
          status.addAll(nodeStates);
          for (ParsedElement s : c.children) {
            otherStatus.add(s.toXmlNode());
          }
        }
        default -> unexpected(e, c, "<configuration> and <status>");
      }
    }
    if (configuration == null) {
      problem(e, "missing <configuration>");
    }
    return new Cib(
        version,
        validateWith,
        parseBool(e, "have-quorum"),
        e.attr("dc-uuid"),
        parseLong(e, "execution-date"),
        others(
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

  private Configuration configuration(ParsedElement e) {
    List<NvSet> props = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    List<Resource> resources = new ArrayList<>();
    List<Constraint> constraints = new ArrayList<>();
    List<NvSet> rscDefaults = new ArrayList<>();
    List<NvSet> opDefaults = new ArrayList<>();
    List<FencingLevel> levels = new ArrayList<>();
    List<Tag> tags = new ArrayList<>();
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "crm_config" -> props.addAll(sets(c, "cluster_property_set"));
        case "rsc_defaults" -> rscDefaults.addAll(sets(c, "meta_attributes"));
        case "op_defaults" -> opDefaults.addAll(sets(c, "meta_attributes"));
        case "nodes" -> {
          for (ParsedElement n : c.children) {
            if ("node".equals(n.name)) {
              nodes.add(node(n));
            } else {
              unexpected(c, n, "<node>");
            }
          }
        }
        case "resources" -> {
          for (ParsedElement r : c.children) {
            resources.add(resource(r));
          }
        }
        case "constraints" -> {
          for (ParsedElement r : c.children) {
            constraints.add(constraint(r));
          }
        }
        case "fencing-topology" -> {
          for (ParsedElement l : c.children) {
            if ("fencing-level".equals(l.name)) {
              levels.add(fencingLevel(l));
            } else {
              unexpected(c, l, "<fencing-level>");
            }
          }
        }
        case "tags" -> {
          for (ParsedElement t : c.children) {
            if ("tag".equals(t.name)) {
              track(t);
              List<String> refs = new ArrayList<>();
              for (ParsedElement o : t.children) {
                refs.add(o.attr("id"));
              }
              tags.add(new Tag(t.attr("id"), refs));
            } else {
              unexpected(c, t, "<tag>");
            }
          }
        }
        default -> others.add(c.toXmlNode());
      }
    }
    return new Configuration(
        props, nodes, resources, constraints, rscDefaults, opDefaults, levels, tags, others);
  }

  // ---------------------------------------------------------------- attribute sets and rules

  private List<NvSet> sets(ParsedElement parent, String setName) {
    List<NvSet> out = new ArrayList<>();
    for (ParsedElement c : parent.children) {
      if (setName.equals(c.name)) {
        out.add(nvSet(c));
      } else {
        unexpected(parent, c, "<" + setName + ">");
      }
    }
    return out;
  }

  private NvSet nvSet(ParsedElement e) {
    track(e);
    boolean meta = "meta_attributes".equals(e.name);
    Rule rule = null;
    List<NvPair> pairs = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "nvpair" -> {
          track(c);
          String value = c.attr("value");
          if (meta && "target-role".equals(c.attr("name")) && value != null) {
            value = normalizeRoleWord(value);
          }
          pairs.add(new NvPair(c.attr("id"), c.attr("name"), value, c.attr("id-ref")));
        }
        case "rule" -> {
          if (rule != null) {
            problem(c, "a set holds at most one <rule>");
          }
          rule = rule(c);
        }
        default -> unexpected(e, c, "<nvpair> or <rule>");
      }
    }
    return new NvSet(
        e.attr("id"),
        e.attr("id-ref"),
        parse(e, "score", Score::parse),
        rule,
        pairs,
        others(e, "id", "id-ref", "score"));
  }

  /** Master/Slave in a target-role value become Promoted/Unpromoted; other values stay. */
  private static String normalizeRoleWord(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "master" -> Role.PROMOTED.xmlName();
      case "slave" -> Role.UNPROMOTED.xmlName();
      default -> value;
    };
  }

  private Rule rule(ParsedElement e) {
    track(e);
    List<RuleExpression> exprs = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "rule" -> exprs.add(rule(c));
        case "expression" -> {
          track(c);
          exprs.add(
              new AttributeExpression(
                  c.attr("id"),
                  c.attr("attribute"),
                  c.attr("operation"),
                  c.attr("value"),
                  c.attr("type"),
                  c.attr("value-source"),
                  others(c, "id", "attribute", "operation", "value", "type", "value-source")));
        }
        case "date_expression" -> {
          track(c);
          List<XmlNode> details = new ArrayList<>();
          for (ParsedElement d : c.children) {
            details.add(d.toXmlNode());
          }
          exprs.add(
              new DateExpression(
                  c.attr("id"),
                  c.attr("operation"),
                  c.attr("start"),
                  c.attr("end"),
                  details,
                  others(c, "id", "operation", "start", "end")));
        }
        default -> {
          track(c);
          exprs.add(new OtherExpression(c.toXmlNode()));
        }
      }
    }
    return new Rule(
        e.attr("id"),
        e.attr("id-ref"),
        parse(e, "score", Score::parse),
        e.attr("score-attribute"),
        e.attr("boolean-op"),
        parse(e, "role", Role::parse),
        exprs,
        others(e, "id", "id-ref", "score", "score-attribute", "boolean-op", "role"));
  }

  // ---------------------------------------------------------------- nodes

  private Node node(ParsedElement e) {
    track(e);
    List<NvSet> attrs = new ArrayList<>();
    List<NvSet> util = new ArrayList<>();
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "instance_attributes" -> attrs.add(nvSet(c));
        case "utilization" -> util.add(nvSet(c));
        default -> others.add(c.toXmlNode());
      }
    }
    return new Node(
        e.attr("id"),
        e.attr("uname"),
        e.attr("type"),
        e.attr("description"),
        attrs,
        util,
        others(e, "id", "uname", "type", "description"),
        others);
  }

  // ---------------------------------------------------------------- resources

  private Resource resource(ParsedElement e) {
    return switch (e.name) {
      case "primitive" -> primitive(e);
      case "group" -> group(e);
      case "clone" -> clone(e, false);
      case "master" -> clone(e, true);
      default -> {
        track(e);
        yield new OtherResource(e.toXmlNode());
      }
    };
  }

  private Primitive primitive(ParsedElement e) {
    track(e);
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> inst = new ArrayList<>();
    List<NvSet> util = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    String opsId = null;
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "meta_attributes" -> meta.add(nvSet(c));
        case "instance_attributes" -> inst.add(nvSet(c));
        case "utilization" -> util.add(nvSet(c));
        case "operations" -> {
          track(c);
          opsId = c.attr("id");
          for (ParsedElement o : c.children) {
            if ("op".equals(o.name)) {
              ops.add(op(o));
            } else {
              unexpected(c, o, "<op>");
            }
          }
        }
        default -> others.add(c.toXmlNode());
      }
    }
    return new Primitive(
        e.attr("id"),
        e.attr("class"),
        e.attr("provider"),
        e.attr("type"),
        e.attr("description"),
        e.attr("template"),
        meta,
        inst,
        util,
        opsId,
        ops,
        others(e, "id", "class", "provider", "type", "description", "template"),
        others);
  }

  private Op op(ParsedElement e) {
    track(e);
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> inst = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "meta_attributes" -> meta.add(nvSet(c));
        case "instance_attributes" -> inst.add(nvSet(c));
        default -> unexpected(e, c, "<meta_attributes> or <instance_attributes>");
      }
    }
    return new Op(
        e.attr("id"),
        e.attr("name"),
        e.attr("interval"),
        e.attr("timeout"),
        parse(e, "role", Role::parse),
        e.attr("on-fail"),
        parseBool(e, "enabled"),
        meta,
        inst,
        others(e, "id", "name", "interval", "timeout", "role", "on-fail", "enabled"));
  }

  private Group group(ParsedElement e) {
    track(e);
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> inst = new ArrayList<>();
    List<Resource> members = new ArrayList<>();
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "meta_attributes" -> meta.add(nvSet(c));
        case "instance_attributes" -> inst.add(nvSet(c));
        case "primitive", "group", "clone", "master" -> members.add(resource(c));
        default -> others.add(c.toXmlNode());
      }
    }
    return new Group(
        e.attr("id"),
        e.attr("description"),
        meta,
        inst,
        members,
        others(e, "id", "description"),
        others);
  }

  private Clone clone(ParsedElement e, boolean legacyMaster) {
    track(e);
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> inst = new ArrayList<>();
    Resource child = null;
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "meta_attributes" -> meta.add(nvSet(c));
        case "instance_attributes" -> inst.add(nvSet(c));
        case "primitive", "group", "clone", "master" -> {
          if (child != null) {
            problem(c, "a clone holds exactly one primitive or group, found a second one");
          }
          child = resource(c);
        }
        default -> others.add(c.toXmlNode());
      }
    }
    if (child == null) {
      problem(e, "a clone must hold one primitive or group");
    }
    String id = e.attr("id");
    if (legacyMaster && NvSet.lookup(meta, "promotable").isEmpty()) {
      // <master> is the old spelling of a promotable clone: write it the new way.
      NvPair p = NvPair.of(id + "-meta_attributes-promotable", "promotable", "true");
      if (meta.isEmpty()) {
        meta.add(NvSet.of(id + "-meta_attributes", List.of(p)));
      } else {
        NvSet first = meta.get(0);
        List<NvPair> pairs = new ArrayList<>(first.nvpairs());
        pairs.add(p);
        meta.set(
            0,
            new NvSet(
                first.id(),
                first.idRef(),
                first.score(),
                first.rule(),
                pairs,
                first.otherAttributes()));
      }
    }
    return new Clone(
        id, e.attr("description"), meta, inst, child, others(e, "id", "description"), others);
  }

  // ---------------------------------------------------------------- constraints

  private Constraint constraint(ParsedElement e) {
    track(e);
    return switch (e.name) {
      case "rsc_location" -> location(e);
      case "rsc_colocation" ->
          new ColocationConstraint(
              e.attr("id"),
              e.attr("rsc"),
              e.attr("with-rsc"),
              parse(e, "score", Score::parse),
              parse(e, "rsc-role", Role::parse),
              parse(e, "with-rsc-role", Role::parse),
              e.attr("node-attribute"),
              resourceSets(e),
              others(
                  e,
                  "id",
                  "rsc",
                  "with-rsc",
                  "score",
                  "rsc-role",
                  "with-rsc-role",
                  "node-attribute"));
      case "rsc_order" -> order(e);
      default -> new OtherConstraint(e.toXmlNode());
    };
  }

  /**
   * An rsc_order. A kind that is none of Pacemaker's words is kept verbatim among the other
   * attributes (so it is written back as read) and, as in Pacemaker, taken as Mandatory; the
   * validator warns about it.
   */
  private OrderConstraint order(ParsedElement e) {
    OrderKind kind = null;
    boolean knownKind = true;
    if (e.attr("kind") != null) {
      try {
        kind = OrderKind.parse(e.attr("kind"));
      } catch (IllegalArgumentException ex) {
        knownKind = false;
      }
    }
    List<String> known =
        new ArrayList<>(
            List.of("id", "first", "then", "first-action", "then-action", "symmetrical"));
    if (knownKind) {
      // With a bad kind, the score is ignored as well (Pacemaker); both are kept verbatim.
      known.add("kind");
      known.add("score");
    }
    return new OrderConstraint(
        e.attr("id"),
        e.attr("first"),
        e.attr("then"),
        e.attr("first-action"),
        e.attr("then-action"),
        kind,
        knownKind ? parse(e, "score", Score::parse) : null,
        parseBool(e, "symmetrical"),
        resourceSets(e),
        others(e, known.toArray(String[]::new)));
  }

  private LocationConstraint location(ParsedElement e) {
    List<Rule> rules = new ArrayList<>();
    List<ResourceSet> sets = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "rule" -> rules.add(rule(c));
        case "resource_set" -> sets.add(resourceSet(c));
        default -> unexpected(e, c, "<rule> or <resource_set>");
      }
    }
    return new LocationConstraint(
        e.attr("id"),
        e.attr("rsc"),
        e.attr("rsc-pattern"),
        parse(e, "role", Role::parse),
        parse(e, "score", Score::parse),
        e.attr("node"),
        rules,
        e.attr("resource-discovery"),
        sets,
        others(e, "id", "rsc", "rsc-pattern", "role", "score", "node", "resource-discovery"));
  }

  private List<ResourceSet> resourceSets(ParsedElement e) {
    List<ResourceSet> sets = new ArrayList<>();
    for (ParsedElement c : e.children) {
      if ("resource_set".equals(c.name)) {
        sets.add(resourceSet(c));
      } else {
        unexpected(e, c, "<resource_set>");
      }
    }
    return sets;
  }

  private ResourceSet resourceSet(ParsedElement e) {
    track(e);
    List<String> refs = new ArrayList<>();
    for (ParsedElement c : e.children) {
      if ("resource_ref".equals(c.name)) {
        if (c.attr("id") == null) {
          problem(c, "a resource_ref needs an id");
        }
        refs.add(c.attr("id"));
      } else {
        unexpected(e, c, "<resource_ref>");
      }
    }
    return new ResourceSet(
        e.attr("id"),
        e.attr("id-ref"),
        parseBool(e, "sequential"),
        parseBool(e, "require-all"),
        e.attr("ordering"),
        e.attr("action"),
        parse(e, "role", Role::parse),
        parse(e, "score", Score::parse),
        refs,
        others(
            e, "id", "id-ref", "sequential", "require-all", "ordering", "action", "role", "score"));
  }

  private FencingLevel fencingLevel(ParsedElement e) {
    track(e);
    Integer index = parseInt(e, "index");
    if (index == null) {
      problem(e, "missing index (expected 1-9)");
    }
    String devices = e.attr("devices");
    List<String> list = new ArrayList<>();
    if (devices == null || devices.isBlank()) {
      problem(e, "missing devices (expected a comma-separated list of fence device ids)");
    } else {
      for (String d : devices.split(",")) {
        list.add(d.trim());
      }
    }
    return new FencingLevel(
        e.attr("id"),
        e.attr("target"),
        e.attr("target-pattern"),
        e.attr("target-attribute"),
        e.attr("target-value"),
        index == null ? 0 : index,
        list,
        others(
            e,
            "id",
            "target",
            "target-pattern",
            "target-attribute",
            "target-value",
            "index",
            "devices"));
  }

  // ---------------------------------------------------------------- status

  private NodeState nodeState(ParsedElement e) {
    String transientId = null;
    List<NvSet> transientSets = new ArrayList<>();
    String lrmId = null;
    String lrmResourcesId = null;
    List<LrmResource> lrm = new ArrayList<>();
    List<XmlNode> others = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "transient_attributes" -> {
          transientId = c.attr("id") == null ? "" : c.attr("id");
          transientSets.addAll(sets(c, "instance_attributes"));
        }
        case "lrm" -> {
          lrmId = c.attr("id") == null ? "" : c.attr("id");
          for (ParsedElement rs : c.children) {
            if (!"lrm_resources".equals(rs.name)) {
              unexpected(c, rs, "<lrm_resources>");
              continue;
            }
            lrmResourcesId = rs.attr("id");
            for (ParsedElement r : rs.children) {
              if ("lrm_resource".equals(r.name)) {
                lrm.add(lrmResource(r));
              } else {
                unexpected(rs, r, "<lrm_resource>");
              }
            }
          }
        }
        default -> others.add(c.toXmlNode());
      }
    }
    return new NodeState(
        e.attr("id"),
        e.attr("uname"),
        e.attr("in_ccm"),
        e.attr("crmd"),
        e.attr("join"),
        e.attr("expected"),
        transientId,
        transientSets,
        lrmId,
        lrmResourcesId,
        lrm,
        others(e, "id", "uname", "in_ccm", "crmd", "join", "expected"),
        others);
  }

  private LrmResource lrmResource(ParsedElement e) {
    // Its lrm_rsc_op children were turned into the model as they were read (parseTree).
    List<LrmRscOp> ops = e.ops == null ? new ArrayList<>() : e.ops;
    for (ParsedElement c : e.children) {
      unexpected(e, c, "<lrm_rsc_op>");
    }
    return new LrmResource(
        e.attr("id"),
        e.attr("class"),
        e.attr("provider"),
        e.attr("type"),
        ops,
        others(e, "id", "class", "provider", "type"));
  }
}
