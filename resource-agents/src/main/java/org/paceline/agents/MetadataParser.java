package org.paceline.agents;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Parses OCF resource-agent meta-data XML ({@code <resource-agent>} with {@code <parameters>} and
 * {@code <actions>}). The DTD is never fetched: agents reference it by a path that may not exist.
 */
public final class MetadataParser {
  private MetadataParser() {}

  /** Parses meta-data printed by an agent; {@code source} names the agent in errors. */
  public static AgentMetadata parse(String xml, String source) throws AgentMetadataException {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      doc = b.parse(new InputSource(new StringReader(xml.strip())));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AgentMetadataException(
          source + ": meta-data is not valid XML: " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    if (!root.getTagName().equals("resource-agent")) {
      throw new AgentMetadataException(
          source + ": meta-data root element is <" + root.getTagName() + ">, not <resource-agent>");
    }
    List<ParameterSpec> params = new ArrayList<>();
    for (Element p : children(child(root, "parameters"), "parameter")) {
      Element content = child(p, "content");
      String def = content == null ? "" : content.getAttribute("default");
      params.add(
          new ParameterSpec(
              p.getAttribute("name"),
              isTrue(p.getAttribute("required")),
              isTrue(p.getAttribute("unique")),
              content == null || content.getAttribute("type").isEmpty()
                  ? "string"
                  : content.getAttribute("type"),
              def.isEmpty() ? Optional.empty() : Optional.of(def),
              text(child(p, "shortdesc"))));
    }
    List<ActionSpec> actions = new ArrayList<>();
    for (Element a : children(child(root, "actions"), "action")) {
      String role = a.getAttribute("role");
      actions.add(
          new ActionSpec(
              a.getAttribute("name"),
              durationMs(a.getAttribute("timeout")),
              durationMs(a.getAttribute("interval")),
              role.isEmpty() ? Optional.empty() : Optional.of(role)));
    }
    String version = root.getAttribute("version");
    Element v = child(root, "version");
    if (v != null) {
      version = text(v);
    }
    return new AgentMetadata(
        root.getAttribute("name"),
        version,
        text(child(root, "shortdesc")),
        text(child(root, "longdesc")),
        params,
        actions);
  }

  /**
   * Parses Pacemaker's duration syntax used in meta-data ({@code 20s}, {@code 20}, {@code 2min},
   * {@code 500ms}, {@code 1h}); empty when absent or unreadable.
   */
  public static Optional<Long> durationMs(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)\\s*(ms|msec|s|sec|m|min|h|hr)?").matcher(t);
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    long factor =
        switch (unit) {
          case "ms", "msec" -> 1L;
          case "m", "min" -> 60_000L;
          case "h", "hr" -> 3_600_000L;
          default -> 1000L;
        };
    return Optional.of(n * factor);
  }

  private static boolean isTrue(String s) {
    return s.equals("1") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes");
  }

  private static Element child(Element parent, String tag) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    NodeList nl = parent.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      if (nl.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element e) {
    return e == null ? "" : e.getTextContent().strip();
  }
}
