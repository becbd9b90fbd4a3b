package org.paceline.cib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the {@code <status>} section: each {@code <node_state>} turned into the model as soon as
 * the element tree has read it, and each {@code <lrm_rsc_op>} straight from the stream, because a
 * large cluster's status holds hundreds of thousands of them.
 */
final class StatusXmlReader {
  private final CibReadContext ctx;
  private final CanonicalValues values;
  private final AttributeSetXmlReader attributeSets;
  private final List<NodeState> nodeStates = new ArrayList<>();

  StatusXmlReader(CibReadContext ctx, CanonicalValues values, AttributeSetXmlReader attributeSets) {
    this.ctx = ctx;
    this.values = values;
    this.attributeSets = attributeSets;
  }

  /** The node states read so far, in document order. */
  List<NodeState> nodeStates() {
    return nodeStates;
  }

  /** Turns a {@code <node_state>} the tree has just finished into the model. */
  void nodeStateRead(ParsedElement e) {
    nodeStates.add(nodeState(e));
  }

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
          transientSets.addAll(attributeSets.sets(c, "instance_attributes"));
        }
        case "lrm" -> {
          lrmId = c.attr("id") == null ? "" : c.attr("id");
          for (ParsedElement rs : c.children) {
            if (!"lrm_resources".equals(rs.name)) {
              ctx.unexpected(c, rs, "<lrm_resources>");
              continue;
            }
            lrmResourcesId = rs.attr("id");
            for (ParsedElement r : rs.children) {
              if ("lrm_resource".equals(r.name)) {
                lrm.add(lrmResource(r));
              } else {
                ctx.unexpected(rs, r, "<lrm_resource>");
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
        CibReadContext.others(e, "id", "uname", "in_ccm", "crmd", "join", "expected"),
        others);
  }

  private LrmResource lrmResource(ParsedElement e) {
    // Its lrm_rsc_op children were turned into the model as they were read (parseTree).
    List<LrmRscOp> ops = e.ops == null ? new ArrayList<>() : e.ops;
    for (ParsedElement c : e.children) {
      ctx.unexpected(e, c, "<lrm_rsc_op>");
    }
    return new LrmResource(
        e.attr("id"),
        e.attr("class"),
        e.attr("provider"),
        e.attr("type"),
        ops,
        CibReadContext.others(e, "id", "class", "provider", "type"));
  }

  /**
   * An {@code <lrm_rsc_op>}, read straight from the stream (the status section holds hundreds of
   * thousands: a tree node each doubled the parse time). A number that does not parse is a problem
   * reported with its line, and the operation is left out.
   */
  LrmRscOp lrmRscOp(XMLStreamReader x) {
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
    // strings kept go through values.canonical().
    org.codehaus.stax2.XMLStreamReader2 t =
        x instanceof org.codehaus.stax2.XMLStreamReader2 r2 ? r2 : null;
    for (int i = 0; i < x.getAttributeCount(); i++) {
      String name = x.getAttributeLocalName(i);
      try {
        switch (name) {
          case "id" -> id = values.canonical(x.getAttributeValue(i));
          case "operation_key" -> operationKey = values.canonical(x.getAttributeValue(i));
          case "operation" -> operation = values.canonical(x.getAttributeValue(i));
          case "op-digest" -> opDigest = values.canonical(x.getAttributeValue(i));
          case "transition-key" -> transitionKey = values.canonical(x.getAttributeValue(i));
          case "transition-magic" -> transitionMagic = values.canonical(x.getAttributeValue(i));
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
            others.put(name, values.canonical(x.getAttributeValue(i)));
          }
        }
      } catch (NumberFormatException | XMLStreamException e) {
        badAttribute = name;
        badValue = x.getAttributeValue(i);
      }
    }
    if (badAttribute != null) {
      ctx.problems.add(
          ctx.where(line)
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
}
