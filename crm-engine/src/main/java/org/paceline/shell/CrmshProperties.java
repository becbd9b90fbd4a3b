package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paceline.cib.Configuration;
import org.paceline.cib.FencingLevel;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Rule;

/**
 * crmsh's statements for cluster-wide and per-node settings: {@code property}, {@code
 * rsc_defaults}, {@code op_defaults}, {@code fencing_topology} and {@code node} (part of {@link
 * CrmshConfigure}, which dispatches to it).
 */
final class CrmshProperties {
  private CrmshProperties() {}

  enum Section {
    PROPERTY("cib-bootstrap-options"),
    RSC_DEFAULTS("rsc-options"),
    OP_DEFAULTS("op-options");

    final String setId;

    Section(String setId) {
      this.setId = setId;
    }
  }

  static Configuration properties(Configuration c, CrmshWords w, Section s) throws CrmshException {
    Map<String, String> kv = new LinkedHashMap<>();
    String setId = null;
    if (w.hasNext() && w.peek().endsWith(":") && !w.peek().contains("=")) {
      // crmsh's optional "SET-ID:" prefix names the attribute set to change.
      String word = w.next("set id");
      setId = word.substring(0, word.length() - 1);
    } else if (w.hasNext() && w.peek().startsWith("$id=")) {
      // The older form of the same: "property $id=SET-ID NAME=VALUE ...".
      setId = w.next("$id=SET-ID").substring(4);
      if (setId.isEmpty()) {
        throw w.error("empty $id");
      }
    }
    Rule rule = null;
    if (w.hasNext() && w.peek().equals("rule")) {
      // crmsh: a set that applies only where its rule holds (a date, a node).
      List<Rule> rules = CrmshRules.parse(setId == null ? s.setId : setId, w);
      if (rules.size() > 1) {
        throw w.error("an attribute set takes one rule");
      }
      rule = rules.get(0);
    }
    CrmshWords.pairs(w, kv, s.name().toLowerCase(Locale.ROOT));
    if (kv.isEmpty()) {
      throw w.error("expected NAME=VALUE");
    }
    w.end();
    List<NvSet> sets =
        switch (s) {
          case PROPERTY -> c.clusterProperties();
          case RSC_DEFAULTS -> c.rscDefaults();
          case OP_DEFAULTS -> c.opDefaults();
        };
    if (rule != null) {
      // A ruled set is defined whole by its statement: it replaces a set of that id.
      String id = setId == null ? s.setId : setId;
      List<NvPair> pairs = new ArrayList<>();
      kv.forEach((k, v) -> pairs.add(NvPair.of(id + "-" + k, k, v)));
      NvSet ruled = new NvSet(id, null, null, rule, pairs, Map.of());
      List<NvSet> result = new ArrayList<>();
      boolean replaced = false;
      for (NvSet set : sets) {
        if (id.equals(set.id())) {
          result.add(ruled);
          replaced = true;
        } else {
          result.add(set);
        }
      }
      if (!replaced) {
        result.add(ruled);
      }
      sets = result;
    } else if (setId == null) {
      for (Map.Entry<String, String> e : kv.entrySet()) {
        sets =
            NvSetEdits.set(sets, s.setId, e.getKey(), e.getValue().isEmpty() ? null : e.getValue());
      }
    } else {
      List<NvSet> result = new ArrayList<>();
      boolean found = false;
      for (NvSet set : sets) {
        if (setId.equals(set.id())) {
          found = true;
          List<NvSet> one = List.of(set);
          for (Map.Entry<String, String> e : kv.entrySet()) {
            one =
                NvSetEdits.set(
                    one, setId, e.getKey(), e.getValue().isEmpty() ? null : e.getValue());
          }
          result.addAll(one);
        } else {
          result.add(set);
        }
      }
      if (!found) {
        List<NvSet> one = List.of();
        for (Map.Entry<String, String> e : kv.entrySet()) {
          if (!e.getValue().isEmpty()) {
            one = NvSetEdits.set(one, setId, e.getKey(), e.getValue());
          }
        }
        result.addAll(one);
      }
      sets = result;
    }
    return switch (s) {
      case PROPERTY -> c.withClusterProperties(sets);
      case RSC_DEFAULTS -> Configs.withRscDefaults(c, sets);
      case OP_DEFAULTS -> Configs.withOpDefaults(c, sets);
    };
  }

  /** crmsh's target words: {@code attr:NAME=VALUE}, {@code pattern:REGEX}, {@code NODE:}. */
  private static final java.util.regex.Pattern TARGET_ATTR =
      java.util.regex.Pattern.compile(
          "attr:([\\w-]+)=([\\w-]+)", java.util.regex.Pattern.CASE_INSENSITIVE);

  private static final java.util.regex.Pattern TARGET_PATTERN =
      java.util.regex.Pattern.compile("pattern:(.+)", java.util.regex.Pattern.CASE_INSENSITIVE);

  private static final java.util.regex.Pattern TARGET_NODE =
      java.util.regex.Pattern.compile("([^:]+):");

  /**
   * {@code fencing_topology [TARGET] DEVICES[,DEVICES] ... [TARGET DEVICES ...]}, as crmsh reads
   * it: a TARGET is {@code NODE:}, {@code attr:NAME=VALUE} (nodes with that attribute) or {@code
   * pattern:REGEX} (node names matching it); each DEVICES word after it is the next level. Devices
   * before any target are levels of every node the configuration lists. Level indexes count per
   * node, per pattern and, as crmsh counts them, per attribute name. A node not in the
   * configuration is a warning (it may join later); a device that is not a stonith primitive is an
   * error. The whole topology is replaced.
   */
  static Configuration fencingTopology(Configuration c, CrmshWords w, List<String> warnings)
      throws CrmshException {
    record Raw(String[] target, String devices) {}
    String[] target = null;
    List<Raw> raw = new ArrayList<>();
    while (w.hasNext()) {
      String word = w.next("a target or devices");
      java.util.regex.Matcher m;
      if ((m = TARGET_ATTR.matcher(word)).matches()) {
        target = new String[] {"attr", m.group(1), m.group(2)};
      } else if ((m = TARGET_PATTERN.matcher(word)).matches()) {
        target = new String[] {"pattern", m.group(1)};
      } else if ((m = TARGET_NODE.matcher(word)).matches()) {
        target = new String[] {"node", m.group(1)};
        if (c.node(m.group(1)).isEmpty()) {
          warnings.add("fencing_topology: target " + m.group(1) + " not a node");
        }
      } else {
        for (String d : word.split(",")) {
          if (!CrmshResourceSets.isStonith(c, d)) {
            throw w.error("'" + d + "' is not a stonith primitive");
          }
        }
        raw.add(new Raw(target, word));
      }
    }
    if (raw.isEmpty()) {
      throw w.error("expected [TARGET] DEVICE[,DEVICE] ...");
    }
    if (raw.get(0).target() == null) {
      // No target at all: every level applies to every node, in name order.
      List<String> names = c.nodes().stream().map(n -> n.uname()).sorted().toList();
      if (names.isEmpty()) {
        throw w.error("devices without a target need nodes in the configuration");
      }
      List<Raw> all = new ArrayList<>();
      for (String n : names) {
        for (Raw r : raw) {
          all.add(new Raw(new String[] {"node", n}, r.devices()));
        }
      }
      raw = all;
    }
    Map<String, Integer> counters = new LinkedHashMap<>();
    List<FencingLevel> levels = new ArrayList<>();
    for (Raw r : raw) {
      String[] t = r.target();
      String key = t[0] + ":" + t[1];
      int index = counters.merge(key, 1, Integer::sum);
      if (index > 9) {
        throw w.error("at most 9 levels per target (" + String.join(":", t) + ")");
      }
      String id = "fencing-" + (levels.size() + 1);
      List<String> devices = List.of(r.devices().split(","));
      levels.add(
          switch (t[0]) {
            case "attr" -> new FencingLevel(id, null, null, t[1], t[2], index, devices, null);
            case "pattern" -> new FencingLevel(id, null, t[1], null, null, index, devices, null);
            default -> new FencingLevel(id, t[1], null, null, null, index, devices, null);
          });
    }
    return Configs.withFencingLevels(c, levels);
  }

  /**
   * {@code node [$id=ID] NAME[:TYPE] [description=TEXT] [attributes NAME=VALUE ...] [utilization
   * NAME=VALUE ...]}, as crmsh writes nodes: adds the node, or sets the given attributes and
   * utilization of the node of that name (its other attributes stay).
   */
  static Configuration node(Configuration c, CrmshWords w) throws CrmshException {
    String id = null;
    if (w.hasNext() && w.peek().startsWith("$id=")) {
      id = w.next("$id=ID").substring(4);
    } else if (w.hasNext() && w.peek().endsWith(":") && w.peek().length() > 1) {
      // crmsh 4 shows nodes as "node ID: NAME".
      String word = w.next("ID:");
      id = word.substring(0, word.length() - 1);
    }
    String name = w.next("a node name");
    String type = null;
    int colon = name.indexOf(':');
    if (colon > 0) {
      type = name.substring(colon + 1);
      name = name.substring(0, colon);
      if (!List.of("member", "normal", "ping", "remote").contains(type)) {
        throw w.error("node type '" + type + "': expected member, normal, ping or remote");
      }
      if (type.equals("normal")) {
        type = "member";
      }
    }
    String description = null;
    List<org.paceline.cib.Node> nodes = new ArrayList<>(c.nodes());
    int at = -1;
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).uname().equals(name)) {
        at = i;
      }
    }
    org.paceline.cib.Node n =
        at >= 0
            ? nodes.get(at)
            : new org.paceline.cib.Node(
                id != null ? id : name,
                name,
                null,
                null,
                List.of(),
                List.of(),
                Map.of(),
                List.of());
    if (id != null && n.id() != null && !id.equals(n.id())) {
      throw w.error("node " + name + " has id '" + n.id() + "', not '" + id + "'");
    }
    // Each "attributes"/"utilization" is an attribute set as crmsh reads one ($id=, a score, a
    // rule); a plain one sets its pairs in the node's set of that id, the others stay.
    String attrBase = "nodes-" + n.id();
    String utilBase = "nodes-" + n.id() + "-utilization";
    List<NvSet> attrSets = new ArrayList<>();
    List<NvSet> utilSets = new ArrayList<>();
    while (w.hasNext()) {
      String word = w.next("attributes, utilization or description=");
      if (word.startsWith("description=")) {
        description = word.substring("description=".length());
      } else if (word.equals("attributes")) {
        attrSets.add(CrmshWords.attrList(w, attrBase, attrSets));
      } else if (word.equals("utilization")) {
        utilSets.add(CrmshWords.attrList(w, utilBase, utilSets));
      } else {
        throw w.error(
            "unexpected '" + word + "' (expected attributes, utilization or description=)");
      }
    }
    List<NvSet> attrs = NvSetEdits.merge(n.instanceAttributes(), attrSets);
    List<NvSet> util = NvSetEdits.merge(n.utilization(), utilSets);
    org.paceline.cib.Node changed =
        new org.paceline.cib.Node(
            n.id(),
            n.uname(),
            type != null ? type : n.type(),
            description != null ? description : n.description(),
            attrs,
            util,
            n.otherAttributes(),
            n.otherChildren());
    if (at >= 0) {
      nodes.set(at, changed);
    } else {
      nodes.add(changed);
    }
    return c.withNodes(nodes);
  }
}
