package org.paceline.cib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A read XML element with its source line: the reader's intermediate form before the model. */
final class ParsedElement {
  final String name;
  final Map<String, String> attributes = new LinkedHashMap<>();
  final List<ParsedElement> children = new ArrayList<>();

  /**
   * For {@code <lrm_resource>}: its operations, read straight into the model (the status section
   * holds hundreds of thousands; a tree node per operation doubled the parse time), in document
   * order.
   */
  List<LrmRscOp> ops;

  /** Text content, allocated only for elements that have some (most CIB elements have none). */
  StringBuilder text;

  final int line;
  final int column;

  ParsedElement(String name, int line, int column) {
    this.name = name;
    this.line = line;
    this.column = column;
  }

  /** An element kept verbatim, back in the reader's form (no source line: line 0). */
  static ParsedElement of(XmlNode n) {
    ParsedElement e = new ParsedElement(n.name(), 0, 0);
    e.attributes.putAll(n.attributes());
    for (XmlNode c : n.children()) {
      e.children.add(of(c));
    }
    if (n.text() != null) {
      e.appendText(n.text());
    }
    return e;
  }

  void appendText(String s) {
    if (text == null) {
      text = new StringBuilder();
    }
    text.append(s);
  }

  boolean hasText() {
    return text != null && text.length() > 0;
  }

  String attr(String key) {
    return attributes.get(key);
  }

  /** "<name id="x">" for messages. */
  String describe() {
    String id = attributes.get("id");
    return id == null ? "<" + name + ">" : "<" + name + " id=\"" + id + "\">";
  }

  /** This element as a verbatim node. */
  XmlNode toXmlNode() {
    List<XmlNode> kids = new ArrayList<>();
    for (ParsedElement c : children) {
      kids.add(c.toXmlNode());
    }
    String t =
        children.isEmpty() && text != null && !text.toString().isBlank() ? text.toString() : null;
    return new XmlNode(name, attributes, kids, t);
  }
}
