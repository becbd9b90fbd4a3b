package org.paceline.shell;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.Configuration;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * crmsh's {@code configure rename OLD NEW}: an object's id, and every reference to it. crmsh
 * rewrites the constraints that name a resource; this rewrites every place the CIB refers to an id
 * (constraints and their resource sets, tags, a primitive's template, fencing levels' devices, ACL
 * references and role lists), since ids are unique in a CIB and a reference left behind would name
 * nothing (crmsh 4.4 leaves a tag naming the old id). Works on the CIB's XML, so every kind of
 * object is handled the same way.
 */
final class ConfigRename {
  private ConfigRename() {}

  /**
   * The elements that are crmsh objects, whose id the user writes (every other element's id is one
   * crmsh generates): the ones rename works on (a node's is refused: it is its identity).
   */
  static final Set<String> OBJECT_ELEMENTS =
      Set.of(
          "node",
          "primitive",
          "group",
          "clone",
          "master",
          "bundle",
          "template",
          "rsc_location",
          "rsc_colocation",
          "rsc_order",
          "rsc_ticket",
          "tag",
          "alert",
          "acl_target",
          "acl_user",
          "acl_group",
          "acl_role");

  /** Attributes whose value is one id. */
  private static final Set<String> REFERENCE_ATTRIBUTES =
      Set.of("rsc", "with-rsc", "first", "then", "template", "reference");

  /** Elements whose {@code id} attribute refers to an object rather than naming themselves. */
  private static final Set<String> REFERENCE_ELEMENTS = Set.of("resource_ref", "obj_ref", "role");

  /** {@code c} with {@code oldId} renamed to {@code newId}. */
  static Configuration rename(Cib base, Configuration c, String oldId, String newId)
      throws ConfigureSession.EditFailure {
    if (!newId.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw new ConfigureSession.EditFailure(
          "rename: bad id '" + newId + "' (letters, digits, '_', '.', '-'; not a digit first)");
    }
    Document d = parse(CibXmlWriter.write(base.withConfiguration(c).withStatus(List.of())));
    Element target = null;
    for (Element e : elements(d)) {
      String id = e.getAttribute("id");
      if (isReference(e)) {
        continue;
      }
      if (id.equals(newId)) {
        throw new ConfigureSession.EditFailure("rename: id '" + newId + "' is already in use");
      }
      if (id.equals(oldId)) {
        target = e;
      }
    }
    if (target == null) {
      throw new ConfigureSession.EditFailure("rename: no object with id '" + oldId + "'");
    }
    if (target.getTagName().equals("node")) {
      throw new ConfigureSession.EditFailure(
          "rename: cannot rename node " + oldId + " (its id is its identity in the cluster)");
    }
    if (!OBJECT_ELEMENTS.contains(target.getTagName())) {
      throw new ConfigureSession.EditFailure(
          "rename: '" + oldId + "' is a <" + target.getTagName() + ">, not an object to rename");
    }
    target.setAttribute("id", newId);
    for (Element e : elements(d)) {
      if (e == target) {
        continue;
      }
      for (String a : REFERENCE_ATTRIBUTES) {
        if (e.getAttribute(a).equals(oldId)) {
          e.setAttribute(a, newId);
        }
      }
      if (isReference(e) && e.getAttribute("id").equals(oldId)) {
        e.setAttribute("id", newId);
      }
      if (e.getTagName().equals("fencing-level") && e.hasAttribute("devices")) {
        List<String> devices = new ArrayList<>();
        for (String dev : e.getAttribute("devices").split(",")) {
          devices.add(dev.equals(oldId) ? newId : dev);
        }
        e.setAttribute("devices", String.join(",", devices));
      }
    }
    try {
      return CibXmlReader.read(write(d), "rename " + oldId + " " + newId).cib().configuration();
    } catch (CibFormatException ex) {
      throw new ConfigureSession.EditFailure("rename: " + ex.getMessage());
    }
  }

  /**
   * Whether {@code e}'s id refers to an object instead of naming {@code e}: a resource set's or a
   * tag's reference, a role named in an ACL target or group (an {@code acl_role} is an object).
   */
  private static boolean isReference(Element e) {
    if (!REFERENCE_ELEMENTS.contains(e.getTagName())) {
      return false;
    }
    return !e.getTagName().equals("role")
        || (e.getParentNode() instanceof Element p
            && (p.getTagName().equals("acl_target") || p.getTagName().equals("acl_group")));
  }

  private static List<Element> elements(Document d) {
    NodeList all = d.getElementsByTagName("*");
    List<Element> out = new ArrayList<>(all.getLength());
    for (int i = 0; i < all.getLength(); i++) {
      out.add((Element) all.item(i));
    }
    return out;
  }

  private static Document parse(String xml) throws ConfigureSession.EditFailure {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) {
      throw new ConfigureSession.EditFailure("rename: cannot read the configuration: " + e);
    }
  }

  private static String write(Document d) throws ConfigureSession.EditFailure {
    try {
      var t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(d), new StreamResult(w));
      return w.toString();
    } catch (Exception e) {
      throw new ConfigureSession.EditFailure("rename: cannot write the configuration: " + e);
    }
  }
}
