package org.paceline.fencing.agents;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a fence agent says about itself ({@code fence_x -o metadata}): its parameters and actions.
 *
 * @param agent the agent name
 * @param shortDescription its one-line description
 * @param parameters declared parameters, in document order
 * @param actions declared actions, in document order
 */
public record AgentMetadata(
    String agent, String shortDescription, List<AgentParameter> parameters, List<String> actions) {
  public AgentMetadata {
    parameters = List.copyOf(parameters);
    actions = List.copyOf(actions);
  }

  /** A declared parameter by name. */
  public Optional<AgentParameter> parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * Parses the metadata XML.
   *
   * @throws IllegalArgumentException when it is not fence-agent metadata
   */
  public static AgentMetadata parse(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // Metadata comes from a local script, but never let it pull external entities.
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      Document d =
          f.newDocumentBuilder()
              .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      Element root = d.getDocumentElement();
      if (!"resource-agent".equals(root.getTagName())) {
        throw new IllegalArgumentException("root element is " + root.getTagName());
      }
      List<AgentParameter> params = new ArrayList<>();
      NodeList ps = root.getElementsByTagName("parameter");
      for (int i = 0; i < ps.getLength(); i++) {
        Element p = (Element) ps.item(i);
        Element content = first(p, "content");
        Element shortdesc = first(p, "shortdesc");
        params.add(
            new AgentParameter(
                p.getAttribute("name"),
                "1".equals(p.getAttribute("required")),
                content == null ? "string" : content.getAttribute("type"),
                content == null || !content.hasAttribute("default")
                    ? null
                    : content.getAttribute("default"),
                shortdesc == null ? "" : shortdesc.getTextContent().trim()));
      }
      List<String> actions = new ArrayList<>();
      NodeList as = root.getElementsByTagName("action");
      for (int i = 0; i < as.getLength(); i++) {
        actions.add(((Element) as.item(i)).getAttribute("name"));
      }
      return new AgentMetadata(
          root.getAttribute("name"), root.getAttribute("shortdesc"), params, actions);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("not fence agent metadata: " + e.getMessage(), e);
    }
  }

  private static Element first(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? null : (Element) l.item(0);
  }
}
