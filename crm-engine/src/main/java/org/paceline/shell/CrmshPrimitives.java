package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.Configuration;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.OtherResource;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Role;

/**
 * crmsh's {@code primitive} and {@code rsc_template} statements and their operations, applied to a
 * configuration (part of {@link CrmshConfigure}, which dispatches to it).
 */
final class CrmshPrimitives {
  private CrmshPrimitives() {}

  /**
   * {@code primitive ID AGENT|@TEMPLATE [params ...] [meta ...] [utilization ...] [op ...]}, and
   * {@code rsc_template ID AGENT ...} (the same words, kept as Pacemaker's {@code <template>}).
   */
  static Configuration primitive(
      Configuration c,
      CrmshWords w,
      AgentParameters agents,
      List<String> warnings,
      boolean template)
      throws CrmshException {
    String id = CrmshConfigure.newId(c, w);
    String agentWord = w.next("an agent (class:provider:type)");
    String[] a = agentWord.split(":", -1);
    String cls = null;
    String provider = null;
    String type = null;
    String fromTemplate = null;
    if (agentWord.startsWith("@") && !template) {
      // An instance of a resource template: its agent, parameters and ops come from there.
      fromTemplate = agentWord.substring(1);
      Primitive t = templateNamed(c, fromTemplate);
      if (t == null) {
        throw w.error("no resource template '" + fromTemplate + "' (define it with rsc_template)");
      }
      a = t.agent().split(":", -1);
    }
    if (a.length == 3 && a[0].equals("ocf")) {
      cls = a[0];
      provider = a[1];
      type = a[2];
    } else if (a.length == 2 && !a[0].equals("ocf")) {
      cls = a[0];
      type = a[1];
      if (!CrmshConfigure.RESOURCE_CLASSES.contains(cls)) {
        throw w.error(
            "unknown resource class '"
                + cls
                + "' (expected one of "
                + String.join(", ", CrmshConfigure.RESOURCE_CLASSES)
                + ")");
      }
    } else if (a.length == 1 && !a[0].isEmpty()) {
      // crmsh's short form: a bare type is ocf:heartbeat:TYPE.
      cls = "ocf";
      provider = "heartbeat";
      type = a[0];
    } else {
      throw w.error(
          "bad agent '"
              + agentWord
              + "' (expected ocf:PROVIDER:TYPE, stonith:TYPE, systemd:NAME, lsb:NAME)");
    }
    String agent = provider == null ? cls + ":" + type : cls + ":" + provider + ":" + type;
    if (fromTemplate != null) {
      cls = null;
      provider = null;
      type = null;
    }
    List<NvSet> paramSets = new ArrayList<>();
    List<NvSet> metaSets = new ArrayList<>();
    List<NvSet> utilizationSets = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    String description = null;
    String operationsId = null;
    while (w.hasNext()) {
      String section = w.next("params, meta, utilization or op");
      if (section.startsWith("description=")) {
        description = section.substring("description=".length());
        continue;
      }
      switch (section) {
        case "params" ->
            paramSets.add(CrmshWords.attrList(w, id + "-instance_attributes", paramSets));
        case "meta" -> metaSets.add(CrmshWords.attrList(w, id + "-meta_attributes", metaSets));
        case "utilization" ->
            utilizationSets.add(CrmshWords.attrList(w, id + "-utilization", utilizationSets));
        case "op" -> ops.add(op(id, w));
        case "operations" -> {
          // crmsh: "operations $id=ID" names the <operations> element the ops go in
          String spec = w.next("$id=ID");
          if (!spec.startsWith("$id=") || spec.length() == "$id=".length()) {
            throw w.error("operations: expected $id=ID, found '" + spec + "'");
          }
          operationsId = spec.substring("$id=".length());
        }
        default -> {
          boolean first =
              paramSets.isEmpty()
                  && metaSets.isEmpty()
                  && utilizationSets.isEmpty()
                  && ops.isEmpty();
          if (first && section.contains("=")) {
            // crmsh: parameters right after the agent need no "params" ("primitive p Dummy a=1").
            w.back();
            paramSets.add(CrmshWords.attrList(w, id + "-instance_attributes", paramSets));
          } else {
            throw w.error("expected params, meta, utilization or op, found '" + section + "'");
          }
        }
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    paramSets.forEach(set -> set.nvpairs().forEach(nv -> params.put(nv.name(), nv.value())));
    Optional<String> missing = agents.missing(agent);
    if (missing.isPresent()) {
      throw new CrmshException(id + ": " + missing.get());
    }
    Optional<Set<String>> known = agents.parameters(agent);
    if (known.isPresent() && fromTemplate == null && !template) {
      // crmsh refuses a primitive without a parameter its agent requires (IPaddr2 without ip).
      for (String r : agents.required(agent).orElse(Set.of())) {
        if (!params.containsKey(r)) {
          throw new CrmshException(
              id + ": agent " + agent + " requires parameter '" + r + "', which is not set");
        }
      }
    }
    if (known.isEmpty()) {
      if (!params.isEmpty()) {
        warnings.add(
            "no meta-data for agent "
                + agent
                + " here (not installed, or not an OCF agent): its parameters were not checked");
      }
    } else {
      for (String p : params.keySet()) {
        if (!known.get().contains(p)) {
          throw new CrmshException(
              id
                  + ": unknown parameter '"
                  + p
                  + "' for agent "
                  + agent
                  + " (it takes: "
                  + String.join(", ", known.get())
                  + ")");
        }
      }
    }
    Primitive p =
        new Primitive(
            id,
            cls,
            provider,
            type,
            description,
            fromTemplate,
            metaSets,
            paramSets,
            utilizationSets,
            operationsId,
            ops,
            Map.of(),
            List.of());
    List<Resource> rs = new ArrayList<>(c.resources());
    rs.add(template ? new OtherResource(CibXmlWriter.templateElement(p)) : p);
    return Configs.withResources(c, rs);
  }

  /** The resource template of that id, read as the primitive it describes, or null. */
  static Primitive templateNamed(Configuration c, String id) {
    for (Resource r : c.resources()) {
      if (r instanceof OtherResource o
          && o.element().name().equals("template")
          && id.equals(o.id())) {
        return CibXmlReader.templatePrimitive(o.element());
      }
    }
    return null;
  }

  private static Op op(String rscId, CrmshWords w) throws CrmshException {
    String name = w.next("an op name (monitor, start, stop, ...)");
    if (!name.matches("[a-z_-]+")) {
      throw w.error("bad op name '" + name + "'");
    }
    Map<String, String> kv = new LinkedHashMap<>();
    CrmshWords.pairs(w, kv, "op " + name);
    String interval = kv.remove("interval");
    String timeout = kv.remove("timeout");
    String role = kv.remove("role");
    String onFail = kv.remove("on-fail");
    String enabled = kv.remove("enabled");
    Role r = null;
    if (role != null) {
      try {
        r = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw new CrmshException("op " + name + ": " + e.getMessage());
      }
    }
    String iv = interval == null ? "0" : interval;
    String opId = rscId + "-" + name + "-" + iv;
    // What the op element does not define (OCF_CHECK_LEVEL=10, ...) is a parameter of the
    // operation: crmsh writes it into the op's instance_attributes, which Pacemaker passes on.
    Map<String, String> attrs = new LinkedHashMap<>();
    Map<String, String> params = new LinkedHashMap<>();
    kv.forEach((k, v) -> (OP_ATTRIBUTES.contains(k) ? attrs : params).put(k, v));
    List<NvSet> instance = new ArrayList<>(CrmshWords.sets(opId + "-instance_attributes", params));
    List<NvSet> meta = new ArrayList<>();
    // crmsh: "op_params ..." and "op_meta ..." after the op add attribute sets to it.
    while (w.hasNext() && (w.peek().equals("op_params") || w.peek().equals("op_meta"))) {
      if (w.next("op_params or op_meta").equals("op_params")) {
        instance.add(CrmshWords.attrList(w, opId + "-instance_attributes", instance));
      } else {
        meta.add(CrmshWords.attrList(w, opId + "-meta_attributes", meta));
      }
    }
    return new Op(
        opId,
        name,
        iv,
        timeout,
        r,
        onFail,
        enabled == null ? null : Boolean.parseBoolean(enabled),
        meta,
        instance,
        attrs);
  }

  /** The op element's own attributes besides those typed above (Pacemaker's schema). */
  private static final java.util.Set<String> OP_ATTRIBUTES =
      java.util.Set.of(
          "description", "start-delay", "interval-origin", "record-pending", "requires");
}
