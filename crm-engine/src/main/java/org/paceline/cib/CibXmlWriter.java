package org.paceline.cib;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the model as Pacemaker CIB XML that Pacemaker 2.1.5's tools read ({@code crm_verify},
 * {@code crm_simulate}). Typed attributes come first in a fixed order, then kept ones in their
 * original order; roles use the new words.
 */
public final class CibXmlWriter {
  private CibXmlWriter() {}

  /** The CIB as an XML document (UTF-8, two-space indent, trailing newline). */
  public static String write(Cib cib) {
    StringBuilder out = new StringBuilder();
    serialize(cib(cib), 0, out);
    return out.toString();
  }

  /** Writes the CIB to {@code file} atomically (temp file + rename): readers never see half. */
  public static void write(Cib cib, Path file) throws IOException {
    CibFiles.writeAtomically(file, write(cib));
  }

  // ---------------------------------------------------------------- model -> elements

  private static ParsedElement el(String name) {
    return new ParsedElement(name, 0, 0);
  }

  private static void set(ParsedElement e, String key, Object value) {
    if (value != null) {
      e.attributes.put(key, value.toString());
    }
  }

  private static void rest(ParsedElement e, Map<String, String> others) {
    others.forEach(e.attributes::putIfAbsent);
  }

  private static ParsedElement fromXmlNode(XmlNode n) {
    return ParsedElement.of(n);
  }

  private static ParsedElement cib(Cib cib) {
    ParsedElement e = el("cib");
    set(e, "admin_epoch", cib.version().adminEpoch());
    set(e, "epoch", cib.version().epoch());
    set(e, "num_updates", cib.version().numUpdates());
    set(e, "validate-with", cib.validateWith());
    if (cib.haveQuorum() != null) {
      set(e, "have-quorum", cib.haveQuorum() ? "1" : "0");
    }
    set(e, "dc-uuid", cib.dcUuid());
    set(e, "execution-date", cib.executionDate());
    rest(e, cib.otherAttributes());
    e.children.add(configuration(cib.configuration()));
    ParsedElement status = el("status");
    for (NodeState s : cib.status()) {
      status.children.add(nodeState(s));
    }
    for (XmlNode n : cib.otherStatusChildren()) {
      status.children.add(fromXmlNode(n));
    }
    e.children.add(status);
    return e;
  }

  private static ParsedElement configuration(Configuration c) {
    ParsedElement e = el("configuration");
    ParsedElement crmConfig = el("crm_config");
    sets(crmConfig, "cluster_property_set", c.clusterProperties());
    e.children.add(crmConfig);
    ParsedElement nodes = el("nodes");
    for (Node n : c.nodes()) {
      nodes.children.add(node(n));
    }
    e.children.add(nodes);
    ParsedElement resources = el("resources");
    for (Resource r : c.resources()) {
      resources.children.add(resource(r));
    }
    e.children.add(resources);
    ParsedElement constraints = el("constraints");
    for (Constraint k : c.constraints()) {
      constraints.children.add(constraint(k));
    }
    e.children.add(constraints);
    if (!c.fencingLevels().isEmpty()) {
      ParsedElement topo = el("fencing-topology");
      for (FencingLevel l : c.fencingLevels()) {
        topo.children.add(fencingLevel(l));
      }
      e.children.add(topo);
    }
    if (!c.rscDefaults().isEmpty()) {
      ParsedElement d = el("rsc_defaults");
      sets(d, "meta_attributes", c.rscDefaults());
      e.children.add(d);
    }
    if (!c.opDefaults().isEmpty()) {
      ParsedElement d = el("op_defaults");
      sets(d, "meta_attributes", c.opDefaults());
      e.children.add(d);
    }
    for (XmlNode n : c.otherChildren()) {
      e.children.add(fromXmlNode(n));
    }
    if (!c.tags().isEmpty()) {
      ParsedElement tags = el("tags");
      for (Tag t : c.tags()) {
        ParsedElement te = el("tag");
        set(te, "id", t.id());
        for (String ref : t.refs()) {
          ParsedElement o = el("obj_ref");
          set(o, "id", ref);
          te.children.add(o);
        }
        tags.children.add(te);
      }
      e.children.add(tags);
    }
    return e;
  }

  private static void sets(ParsedElement parent, String name, List<NvSet> sets) {
    for (NvSet s : sets) {
      parent.children.add(nvSet(name, s));
    }
  }

  /** An attribute set element ({@code meta_attributes}, ...) of {@code s}. */
  public static XmlNode nvSetElement(String name, NvSet s) {
    return nvSet(name, s).toXmlNode();
  }

  private static ParsedElement nvSet(String name, NvSet s) {
    ParsedElement e = el(name);
    set(e, "id", s.id());
    set(e, "id-ref", s.idRef());
    set(e, "score", s.score());
    rest(e, s.otherAttributes());
    if (s.rule() != null) {
      e.children.add(rule(s.rule()));
    }
    for (NvPair p : s.nvpairs()) {
      ParsedElement pe = el("nvpair");
      set(pe, "id", p.id());
      set(pe, "id-ref", p.idRef());
      set(pe, "name", p.name());
      set(pe, "value", p.value());
      e.children.add(pe);
    }
    return e;
  }

  private static ParsedElement rule(Rule r) {
    ParsedElement e = el("rule");
    set(e, "id", r.id());
    set(e, "id-ref", r.idRef());
    set(e, "score", r.score());
    set(e, "score-attribute", r.scoreAttribute());
    set(e, "boolean-op", r.booleanOp());
    set(e, "role", r.role() == null ? null : r.role().xmlName());
    rest(e, r.otherAttributes());
    for (RuleExpression x : r.expressions()) {
      e.children.add(expression(x));
    }
    return e;
  }

  private static ParsedElement expression(RuleExpression x) {
    if (x instanceof Rule r) {
      return rule(r);
    }
    if (x instanceof AttributeExpression a) {
      ParsedElement e = el("expression");
      set(e, "id", a.id());
      set(e, "attribute", a.attribute());
      set(e, "operation", a.operation());
      set(e, "value", a.value());
      set(e, "type", a.type());
      set(e, "value-source", a.valueSource());
      rest(e, a.otherAttributes());
      return e;
    }
    if (x instanceof DateExpression d) {
      ParsedElement e = el("date_expression");
      set(e, "id", d.id());
      set(e, "operation", d.operation());
      set(e, "start", d.start());
      set(e, "end", d.end());
      rest(e, d.otherAttributes());
      for (XmlNode n : d.details()) {
        e.children.add(fromXmlNode(n));
      }
      return e;
    }
    return fromXmlNode(((OtherExpression) x).element());
  }

  private static ParsedElement node(Node n) {
    ParsedElement e = el("node");
    set(e, "id", n.id());
    set(e, "uname", n.uname());
    set(e, "type", n.type());
    set(e, "description", n.description());
    rest(e, n.otherAttributes());
    sets(e, "instance_attributes", n.instanceAttributes());
    sets(e, "utilization", n.utilization());
    for (XmlNode x : n.otherChildren()) {
      e.children.add(fromXmlNode(x));
    }
    return e;
  }

  /** The {@code <primitive>} element of {@code p} (as a bundle holds it). */
  public static XmlNode primitiveElement(Primitive p) {
    return resource(p).toXmlNode();
  }

  /**
   * A {@code <template>} element (kept as an {@link OtherResource}) describing {@code p}: the same
   * attributes and children as its primitive element.
   */
  public static XmlNode templateElement(Primitive p) {
    XmlNode e = resource(p).toXmlNode();
    return new XmlNode("template", e.attributes(), e.children(), e.text());
  }

  private static ParsedElement resource(Resource r) {
    if (r instanceof Primitive p) {
      ParsedElement e = el("primitive");
      set(e, "id", p.id());
      set(e, "class", p.resourceClass());
      set(e, "provider", p.provider());
      set(e, "type", p.type());
      set(e, "description", p.description());
      set(e, "template", p.template());
      rest(e, p.otherAttributes());
      sets(e, "meta_attributes", p.metaAttributes());
      sets(e, "instance_attributes", p.instanceAttributes());
      sets(e, "utilization", p.utilization());
      if (!p.operations().isEmpty() || p.operationsId() != null) {
        ParsedElement ops = el("operations");
        set(ops, "id", p.operationsId());
        for (Op op : p.operations()) {
          ops.children.add(op(op));
        }
        e.children.add(ops);
      }
      for (XmlNode x : p.otherChildren()) {
        e.children.add(fromXmlNode(x));
      }
      return e;
    }
    if (r instanceof Group g) {
      ParsedElement e = el("group");
      set(e, "id", g.id());
      set(e, "description", g.description());
      rest(e, g.otherAttributes());
      sets(e, "meta_attributes", g.metaAttributes());
      sets(e, "instance_attributes", g.instanceAttributes());
      for (Resource m : g.members()) {
        e.children.add(resource(m));
      }
      for (XmlNode x : g.otherChildren()) {
        e.children.add(fromXmlNode(x));
      }
      return e;
    }
    if (r instanceof Clone c) {
      ParsedElement e = el("clone");
      set(e, "id", c.id());
      set(e, "description", c.description());
      rest(e, c.otherAttributes());
      sets(e, "meta_attributes", c.metaAttributes());
      sets(e, "instance_attributes", c.instanceAttributes());
      if (c.child() != null) {
        e.children.add(resource(c.child()));
      }
      for (XmlNode x : c.otherChildren()) {
        e.children.add(fromXmlNode(x));
      }
      return e;
    }
    return fromXmlNode(((OtherResource) r).element());
  }

  private static ParsedElement op(Op op) {
    ParsedElement e = el("op");
    set(e, "id", op.id());
    set(e, "name", op.name());
    set(e, "interval", op.interval());
    set(e, "timeout", op.timeout());
    set(e, "role", op.role() == null ? null : op.role().xmlName());
    set(e, "on-fail", op.onFail());
    set(e, "enabled", op.enabled());
    rest(e, op.otherAttributes());
    sets(e, "meta_attributes", op.metaAttributes());
    sets(e, "instance_attributes", op.instanceAttributes());
    return e;
  }

  private static ParsedElement constraint(Constraint k) {
    if (k instanceof LocationConstraint l) {
      ParsedElement e = el("rsc_location");
      set(e, "id", l.id());
      set(e, "rsc", l.rsc());
      set(e, "rsc-pattern", l.rscPattern());
      set(e, "role", l.role() == null ? null : l.role().xmlName());
      set(e, "score", l.score());
      set(e, "node", l.node());
      set(e, "resource-discovery", l.resourceDiscovery());
      rest(e, l.otherAttributes());
      for (ResourceSet s : l.resourceSets()) {
        e.children.add(resourceSet(s));
      }
      for (Rule r : l.rules()) {
        e.children.add(rule(r));
      }
      return e;
    }
    if (k instanceof ColocationConstraint c) {
      ParsedElement e = el("rsc_colocation");
      set(e, "id", c.id());
      set(e, "rsc", c.rsc());
      set(e, "with-rsc", c.withRsc());
      set(e, "score", c.score());
      set(e, "rsc-role", c.rscRole() == null ? null : c.rscRole().xmlName());
      set(e, "with-rsc-role", c.withRscRole() == null ? null : c.withRscRole().xmlName());
      set(e, "node-attribute", c.nodeAttribute());
      rest(e, c.otherAttributes());
      for (ResourceSet s : c.resourceSets()) {
        e.children.add(resourceSet(s));
      }
      return e;
    }
    if (k instanceof OrderConstraint o) {
      ParsedElement e = el("rsc_order");
      set(e, "id", o.id());
      set(e, "first", o.first());
      set(e, "then", o.then());
      set(e, "first-action", o.firstAction());
      set(e, "then-action", o.thenAction());
      set(e, "kind", o.kind() == null ? null : o.kind().xmlName());
      set(e, "score", o.score());
      set(e, "symmetrical", o.symmetrical());
      rest(e, o.otherAttributes());
      for (ResourceSet s : o.resourceSets()) {
        e.children.add(resourceSet(s));
      }
      return e;
    }
    return fromXmlNode(((OtherConstraint) k).element());
  }

  private static ParsedElement resourceSet(ResourceSet s) {
    ParsedElement e = el("resource_set");
    set(e, "id", s.id());
    set(e, "id-ref", s.idRef());
    set(e, "sequential", s.sequential());
    set(e, "require-all", s.requireAll());
    set(e, "ordering", s.ordering());
    set(e, "action", s.action());
    set(e, "role", s.role() == null ? null : s.role().xmlName());
    set(e, "score", s.score());
    rest(e, s.otherAttributes());
    for (String ref : s.resourceRefs()) {
      ParsedElement r = el("resource_ref");
      set(r, "id", ref);
      e.children.add(r);
    }
    return e;
  }

  private static ParsedElement fencingLevel(FencingLevel l) {
    ParsedElement e = el("fencing-level");
    set(e, "id", l.id());
    set(e, "target", l.target());
    set(e, "target-pattern", l.targetPattern());
    set(e, "target-attribute", l.targetAttribute());
    set(e, "target-value", l.targetValue());
    set(e, "index", l.index());
    set(e, "devices", String.join(",", l.devices()));
    rest(e, l.otherAttributes());
    return e;
  }

  private static ParsedElement nodeState(NodeState s) {
    ParsedElement e = el("node_state");
    set(e, "id", s.id());
    set(e, "uname", s.uname());
    set(e, "in_ccm", s.inCcm());
    set(e, "crmd", s.crmd());
    set(e, "join", s.join());
    set(e, "expected", s.expected());
    rest(e, s.otherAttributes());
    if (s.transientAttributesId() != null) {
      ParsedElement t = el("transient_attributes");
      set(t, "id", s.transientAttributesId().isEmpty() ? null : s.transientAttributesId());
      sets(t, "instance_attributes", s.transientAttributes());
      e.children.add(t);
    }
    if (s.lrmId() != null) {
      ParsedElement lrm = el("lrm");
      set(lrm, "id", s.lrmId().isEmpty() ? null : s.lrmId());
      ParsedElement rs = el("lrm_resources");
      set(rs, "id", s.lrmResourcesId());
      for (LrmResource r : s.lrmResources()) {
        ParsedElement re = el("lrm_resource");
        set(re, "id", r.id());
        set(re, "class", r.resourceClass());
        set(re, "provider", r.provider());
        set(re, "type", r.type());
        rest(re, r.otherAttributes());
        for (LrmRscOp op : r.ops()) {
          re.children.add(lrmRscOp(op));
        }
        rs.children.add(re);
      }
      lrm.children.add(rs);
      e.children.add(lrm);
    }
    for (XmlNode x : s.otherChildren()) {
      e.children.add(fromXmlNode(x));
    }
    return e;
  }

  private static ParsedElement lrmRscOp(LrmRscOp op) {
    ParsedElement e = el("lrm_rsc_op");
    set(e, "id", op.id());
    set(e, "operation_key", op.operationKey());
    set(e, "operation", op.operation());
    set(e, "call-id", op.callId());
    set(e, "rc-code", op.rcCode());
    set(e, "op-status", op.opStatus());
    set(e, "interval", op.intervalMs());
    set(e, "last-run", op.lastRun());
    set(e, "last-rc-change", op.lastRcChange());
    set(e, "exec-time", op.execTimeMs());
    set(e, "queue-time", op.queueTimeMs());
    set(e, "op-digest", op.opDigest());
    set(e, "transition-key", op.transitionKey());
    set(e, "transition-magic", op.transitionMagic());
    rest(e, op.otherAttributes());
    return e;
  }

  // ---------------------------------------------------------------- serialisation

  private static void serialize(ParsedElement e, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append('<').append(e.name);
    for (Map.Entry<String, String> a : e.attributes.entrySet()) {
      out.append(' ').append(a.getKey()).append("=\"");
      escape(a.getValue(), true, out);
      out.append('"');
    }
    if (e.children.isEmpty() && !e.hasText()) {
      out.append("/>\n");
      return;
    }
    out.append('>');
    if (e.children.isEmpty()) {
      escape(e.text.toString(), false, out);
      out.append("</").append(e.name).append(">\n");
      return;
    }
    out.append('\n');
    for (ParsedElement c : e.children) {
      serialize(c, depth + 1, out);
    }
    out.append("  ".repeat(depth)).append("</").append(e.name).append(">\n");
  }

  private static void escape(String s, boolean attribute, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        default -> out.append(ch);
      }
    }
  }
}
