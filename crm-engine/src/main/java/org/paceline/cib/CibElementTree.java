package org.paceline.cib;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The element-tree layer of a CIB read: StAX events into {@link ParsedElement}s with their lines,
 * DTDs refused, parser errors worded with file:line. The status section is handed to the {@link
 * StatusXmlReader} as it streams by, so the whole document never exists twice in memory.
 */
final class CibElementTree {
  private final CibReadContext ctx;
  private final CanonicalValues values;
  private final StatusXmlReader status;

  CibElementTree(CibReadContext ctx, CanonicalValues values, StatusXmlReader status) {
    this.ctx = ctx;
    this.values = values;
    this.status = status;
  }

  static XMLInputFactory inputFactory() {
    // Aalto (FasterXML's StAX parser): the JDK's Xerces took ~1.3 s for the 73 MB status of
    // 32 nodes x 5,000 resources, Aalto ~0.4 s.
    XMLInputFactory f = new com.fasterxml.aalto.stax.InputFactoryImpl();
    // No DTDs and no external entities: a CIB never needs them and they are an XXE door.
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    return f;
  }

  /** Reads the whole document (or part) into its root element; the status goes to the reader. */
  ParsedElement parse(XMLStreamReader x) throws CibFormatException {
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
            LrmRscOp op = status.lrmRscOp(x);
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
            e.attributes.put(x.getAttributeLocalName(i), values.canonical(x.getAttributeValue(i)));
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
            status.nodeStateRead(done);
            parent.children.remove(parent.children.size() - 1);
          }
        } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA)
            && !stack.isEmpty()) {
          stack.peek().appendText(x.getText());
        } else if (ev == XMLStreamConstants.DTD) {
          throw new CibFormatException(
              ctx.where(x.getLocation().getLineNumber()) + "DTDs are not allowed in a CIB");
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
          (ctx.source == null ? "" : ctx.source + ":")
              + (line > 0 ? line + ":" + col + ": " : " ")
              + "malformed XML: "
              + detail);
    }
    if (root == null) {
      throw new CibFormatException(ctx.where(-1) + "empty document, expected <cib>");
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
}
