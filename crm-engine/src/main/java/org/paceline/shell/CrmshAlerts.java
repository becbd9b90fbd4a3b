package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Configuration;
import org.paceline.cib.XmlNode;

/**
 * crmsh's {@code alert} statement, both ways, as Pacemaker's {@code <alerts>} section:
 *
 * <pre>
 * alert ID PATH [description=TEXT] [attributes K=V ...] [meta K=V ...]
 *       [select nodes | fencing | resources | attributes [{ NAME ... }] ...]
 *       [to [{] RECIPIENT [attributes K=V ...] [meta K=V ...] [}] ...]
 * </pre>
 *
 * The section is kept as Pacemaker writes it (select, meta and instance attributes, recipients); an
 * alert of an id already there is replaced.
 */
final class CrmshAlerts {
  private CrmshAlerts() {}

  static Configuration parse(Configuration c, CrmshWords w) throws CrmshException {
    String id = w.next("an alert id");
    if (!id.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw w.error("'" + id + "' is not an id");
    }
    String path = w.next("the alert agent's path");
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("id", id);
    attrs.put("path", path);
    List<XmlNode> select = new ArrayList<>();
    List<XmlNode> sets = new ArrayList<>();
    List<XmlNode> recipients = new ArrayList<>();
    while (w.hasNext()) {
      String word = w.next("attributes, meta, select or to");
      if (word.startsWith("description=")) {
        attrs.put("description", word.substring("description=".length()));
      } else if (word.equals("attributes") || word.equals("meta")) {
        sets.add(set(id, word, w));
      } else if (word.equals("select")) {
        select.addAll(select(id, w));
      } else if (word.equals("to")) {
        recipients.add(recipient(id + "-recipient" + suffix(recipients.size()), w));
      } else {
        throw w.error("expected attributes, meta, select or to, found '" + word + "'");
      }
    }
    List<XmlNode> children = new ArrayList<>();
    if (!select.isEmpty()) {
      children.add(new XmlNode("select", Map.of(), select, null));
    }
    // Pacemaker's schema: meta_attributes before instance_attributes.
    sets.stream().filter(s -> s.name().equals("meta_attributes")).forEach(children::add);
    sets.stream().filter(s -> s.name().equals("instance_attributes")).forEach(children::add);
    children.addAll(recipients);
    return Configs.withSectionElement(c, "alerts", new XmlNode("alert", attrs, children, null));
  }

  private static String suffix(int n) {
    return n == 0 ? "" : "-" + n;
  }

  private static XmlNode set(String owner, String kind, CrmshWords w) throws CrmshException {
    String element = kind.equals("meta") ? "meta_attributes" : "instance_attributes";
    String setId = owner + "-" + element;
    List<XmlNode> pairs = new ArrayList<>();
    while (w.hasNext() && w.peek().contains("=") && !w.peek().startsWith("description=")) {
      String kv = w.next("NAME=VALUE");
      String k = kv.substring(0, kv.indexOf('='));
      if (k.isEmpty()) {
        throw w.error("'" + kv + "' has no name");
      }
      Map<String, String> a = new LinkedHashMap<>();
      a.put("id", setId + "-" + k);
      a.put("name", k);
      a.put("value", kv.substring(kv.indexOf('=') + 1));
      pairs.add(new XmlNode("nvpair", a, List.of(), null));
    }
    if (pairs.isEmpty()) {
      throw w.error(kind + " needs NAME=VALUE pairs");
    }
    return new XmlNode(element, Map.of("id", setId), pairs, null);
  }

  private static List<XmlNode> select(String id, CrmshWords w) throws CrmshException {
    List<XmlNode> out = new ArrayList<>();
    while (w.hasNext()) {
      String kind = w.peek();
      switch (kind) {
        case "nodes", "fencing", "resources" -> {
          w.next(kind);
          out.add(new XmlNode("select_" + kind, Map.of(), List.of(), null));
        }
        case "attributes" -> {
          w.next(kind);
          List<XmlNode> names = new ArrayList<>();
          if (w.hasNext() && w.peek().equals("{")) {
            w.next("{");
            while (!w.peek().equals("}")) {
              String n = w.next("an attribute name or }");
              names.add(
                  new XmlNode(
                      "attribute", Map.of("id", id + "-select-" + n, "name", n), List.of(), null));
            }
            w.next("}");
          }
          out.add(new XmlNode("select_attributes", Map.of(), names, null));
        }
        default -> {
          if (out.isEmpty()) {
            throw w.error("select takes nodes, fencing, resources or attributes");
          }
          return out;
        }
      }
    }
    return out;
  }

  private static XmlNode recipient(String id, CrmshWords w) throws CrmshException {
    boolean braced = w.hasNext() && w.peek().equals("{");
    if (braced) {
      w.next("{");
    }
    String value = w.next("a recipient (a file, an address, ...)");
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("id", id);
    attrs.put("value", value);
    List<XmlNode> sets = new ArrayList<>();
    while (w.hasNext() && (w.peek().equals("attributes") || w.peek().equals("meta"))) {
      sets.add(set(id, w.next("attributes or meta"), w));
    }
    if (braced) {
      String close = w.next("}");
      if (!close.equals("}")) {
        throw w.error("expected } to end the recipient");
      }
    }
    List<XmlNode> children = new ArrayList<>();
    sets.stream().filter(s -> s.name().equals("meta_attributes")).forEach(children::add);
    sets.stream().filter(s -> s.name().equals("instance_attributes")).forEach(children::add);
    return new XmlNode("recipient", attrs, children, null);
  }

  /** The {@code alert} statements of a configuration, as crmsh shows them. */
  static List<String> show(Configuration c) {
    List<String> out = new ArrayList<>();
    for (XmlNode section : c.otherChildren()) {
      if (!section.name().equals("alerts")) {
        continue;
      }
      for (XmlNode a : section.children()) {
        if (!a.name().equals("alert")) {
          continue;
        }
        List<String> parts = new ArrayList<>();
        String head =
            "alert " + a.attributes().get("id") + " " + CrmshShow.quote(a.attributes().get("path"));
        if (a.attributes().containsKey("description")) {
          parts.add("description=" + CrmshShow.quote(a.attributes().get("description")));
        }
        parts.addAll(sets(a));
        for (XmlNode ch : a.children()) {
          if (ch.name().equals("select")) {
            List<String> kinds = new ArrayList<>();
            for (XmlNode s : ch.children()) {
              String kind = s.name().replaceFirst("^select_", "");
              if (kind.equals("attributes") && !s.children().isEmpty()) {
                List<String> names = new ArrayList<>();
                s.children().forEach(x -> names.add(x.attributes().get("name")));
                kind += " { " + String.join(" ", names) + " }";
              }
              kinds.add(kind);
            }
            parts.add("select " + String.join(" ", kinds));
          }
        }
        for (XmlNode r : a.children()) {
          if (r.name().equals("recipient")) {
            List<String> rs = sets(r);
            String v = CrmshShow.quote(r.attributes().get("value"));
            parts.add(rs.isEmpty() ? "to " + v : "to { " + v + " " + String.join(" ", rs) + " }");
          }
        }
        out.add(CrmshShow.statement(head, parts));
      }
    }
    return out;
  }

  private static List<String> sets(XmlNode owner) {
    List<String> out = new ArrayList<>();
    for (XmlNode s : owner.children()) {
      String word =
          s.name().equals("meta_attributes")
              ? "meta"
              : s.name().equals("instance_attributes") ? "attributes" : null;
      if (word == null) {
        continue;
      }
      List<String> kv = new ArrayList<>();
      for (XmlNode p : s.children()) {
        kv.add(p.attributes().get("name") + "=" + CrmshShow.quote(p.attributes().get("value")));
      }
      out.add(word + " " + String.join(" ", kv));
    }
    return out;
  }
}
