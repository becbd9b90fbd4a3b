package org.paceline.replication;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.Configuration;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;

/**
 * Applies a committed {@link ConfigEntry} to a CIB: a pure, deterministic function, so every voter
 * that applies the same log reaches the same configuration and epoch. No I/O, no clock.
 */
public final class ConfigurationEdits {
  /** The property set Pacemaker keeps cluster options in. */
  public static final String BOOTSTRAP_SET = "cib-bootstrap-options";

  /** Node XML attribute: the transport address of a node that joined with crm cluster join. */
  public static final String ADDRESS_ATTRIBUTE = "paceline-address";

  /** Node XML attribute: its transport port. */
  public static final String PORT_ATTRIBUTE = "paceline-port";

  /** Node XML attribute: voter or witness. */
  public static final String ROLE_ATTRIBUTE = "paceline-role";

  private ConfigurationEdits() {}

  /** The outcome of applying one entry: the new CIB, or why the entry changes nothing. */
  public sealed interface Outcome permits Applied, Rejected {}

  /** The entry was applied; the CIB's epoch was bumped. */
  public record Applied(Cib cib) implements Outcome {}

  /** The entry is not applicable (e.g. unreadable XML); every voter rejects it the same way. */
  public record Rejected(String reason) implements Outcome {}

  /** Applies {@code e} to {@code cib}. */
  public static Outcome apply(Cib cib, ConfigEntry e) {
    Configuration next;
    if (e instanceof ConfigEntry.LeaderAnnounce) {
      return new Applied(cib);
    }
    if (e instanceof ConfigEntry.ReplaceConfiguration r) {
      try {
        next = CibXmlReader.read(r.cibXml(), "replicated edit").cib().configuration();
      } catch (CibFormatException ex) {
        return new Rejected("invalid CIB XML: " + ex.getMessage());
      }
    } else if (e instanceof ConfigEntry.ReplaceConfigurationIfEpoch r) {
      if (cib.version().epoch() != r.epoch()) {
        return new Rejected(
            "the configuration changed meanwhile (epoch is "
                + cib.version().epoch()
                + ", the edit was based on epoch "
                + r.epoch()
                + "); nothing changed: read it again and retry");
      }
      try {
        next = CibXmlReader.read(r.cibXml(), "replicated edit").cib().configuration();
      } catch (CibFormatException ex) {
        return new Rejected("invalid CIB XML: " + ex.getMessage());
      }
    } else if (e instanceof ConfigEntry.SetProperty s) {
      next = withProperty(cib.configuration(), s.name(), s.value());
    } else if (e instanceof ConfigEntry.RemoveNode n) {
      // Removing a node absent from the CIB still bumps the epoch: the Raft membership change
      // it goes with was committed, and the version records every committed change.
      Configuration c = cib.configuration();
      next = c.withNodes(c.nodes().stream().filter(x -> !x.uname().equals(n.name())).toList());
    } else if (e instanceof ConfigEntry.AddNode a) {
      Configuration c = cib.configuration();
      List<org.paceline.cib.Node> nodes = new ArrayList<>();
      org.paceline.cib.Node old = c.node(a.name()).orElse(null);
      java.util.Map<String, String> attrs =
          new java.util.LinkedHashMap<>(old == null ? java.util.Map.of() : old.otherAttributes());
      attrs.put(ADDRESS_ATTRIBUTE, a.address());
      attrs.put(PORT_ATTRIBUTE, String.valueOf(a.port()));
      attrs.put(ROLE_ATTRIBUTE, a.role());
      for (org.paceline.cib.Node n : c.nodes()) {
        if (!n.uname().equals(a.name())) {
          nodes.add(n);
        }
      }
      nodes.add(
          old == null
              ? new org.paceline.cib.Node(
                  a.name(), a.name(), null, null, List.of(), List.of(), attrs, List.of())
              : new org.paceline.cib.Node(
                  old.id(),
                  old.uname(),
                  old.type(),
                  old.description(),
                  old.instanceAttributes(),
                  old.utilization(),
                  attrs,
                  old.otherChildren()));
      next = c.withNodes(nodes);
    } else if (e instanceof ConfigEntry.SetNodeAttribute a) {
      Configuration c = cib.configuration();
      if (c.node(a.node()).isEmpty()) {
        return new Rejected("no node '" + a.node() + "' in the configuration");
      }
      List<org.paceline.cib.Node> nodes = new ArrayList<>();
      for (org.paceline.cib.Node n : c.nodes()) {
        nodes.add(n.uname().equals(a.node()) ? withAttribute(n, a.name(), a.value()) : n);
      }
      next = c.withNodes(nodes);
    } else {
      throw new IllegalStateException("unknown entry " + e);
    }
    Cib bumped =
        new Cib(
            cib.version().nextEpoch(),
            cib.validateWith(),
            cib.haveQuorum(),
            cib.dcUuid(),
            cib.executionDate(),
            cib.otherAttributes(),
            next,
            cib.status(),
            cib.otherStatusChildren());
    return new Applied(bumped);
  }

  /** {@code n} with instance attribute {@code name} set (null: removed) in its first set. */
  static org.paceline.cib.Node withAttribute(org.paceline.cib.Node n, String name, String value) {
    List<NvSet> sets = new ArrayList<>();
    boolean done = false;
    for (NvSet set : n.instanceAttributes()) {
      List<NvPair> pairs = new ArrayList<>();
      for (NvPair p : set.nvpairs()) {
        if (p.name().equals(name)) {
          if (value != null && !done) {
            pairs.add(new NvPair(p.id(), name, value, null));
            done = true;
          }
        } else {
          pairs.add(p);
        }
      }
      if (!done && value != null && sets.isEmpty()) {
        pairs.add(NvPair.of("nodes-" + n.id() + "-" + name, name, value));
        done = true;
      }
      sets.add(
          new NvSet(set.id(), set.idRef(), set.score(), set.rule(), pairs, set.otherAttributes()));
    }
    if (!done && value != null) {
      sets.add(
          NvSet.of(
              "nodes-" + n.id(), List.of(NvPair.of("nodes-" + n.id() + "-" + name, name, value))));
    }
    return new org.paceline.cib.Node(
        n.id(),
        n.uname(),
        n.type(),
        n.description(),
        sets,
        n.utilization(),
        n.otherAttributes(),
        n.otherChildren());
  }

  /** {@code c} with cluster property {@code name} set in the bootstrap set (created if absent). */
  static Configuration withProperty(Configuration c, String name, String value) {
    List<NvSet> sets = new ArrayList<>(c.clusterProperties());
    int idx = -1;
    for (int i = 0; i < sets.size(); i++) {
      if (BOOTSTRAP_SET.equals(sets.get(i).id())) {
        idx = i;
      }
    }
    NvSet set = idx < 0 ? NvSet.of(BOOTSTRAP_SET, List.of()) : sets.get(idx);
    List<NvPair> pairs = new ArrayList<>();
    boolean replaced = false;
    for (NvPair p : set.nvpairs()) {
      if (p.name().equals(name) && !replaced) {
        pairs.add(new NvPair(p.id(), name, value, null));
        replaced = true;
      } else {
        pairs.add(p);
      }
    }
    if (!replaced) {
      pairs.add(NvPair.of(BOOTSTRAP_SET + "-" + name, name, value));
    }
    NvSet updated =
        new NvSet(set.id(), set.idRef(), set.score(), set.rule(), pairs, set.otherAttributes());
    if (idx < 0) {
      sets.add(updated);
    } else {
      sets.set(idx, updated);
    }
    return c.withClusterProperties(sets);
  }
}
