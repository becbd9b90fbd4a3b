package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.Clone;
import org.paceline.cib.Configuration;
import org.paceline.cib.Group;
import org.paceline.cib.NvSet;
import org.paceline.cib.OtherResource;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.XmlNode;

/**
 * crmsh's statements that put resources into a parent: {@code group}, {@code clone}, {@code
 * promotable} ({@code ms}) and {@code bundle} (part of {@link CrmshConfigure}, which dispatches to
 * it). The members leave their places and the new parent is appended, as crmsh does.
 */
final class CrmshGroupsClones {
  private CrmshGroupsClones() {}

  static Configuration group(Configuration c, CrmshWords w) throws CrmshException {
    String id = CrmshConfigure.newId(c, w);
    List<String> members = new ArrayList<>();
    Map<String, String> meta = new LinkedHashMap<>();
    String description = null;
    while (w.hasNext()) {
      String word = w.next("a member");
      if (word.startsWith("description=")) {
        description = word.substring("description=".length());
        continue;
      }
      if (word.equals("meta")) {
        CrmshWords.pairs(w, meta, "meta");
        break;
      }
      members.add(word);
    }
    if (members.isEmpty()) {
      throw w.error("a group needs at least one member");
    }
    List<Resource> taken = new ArrayList<>();
    for (String m : members) {
      Resource r = CrmshConfigure.topLevel(c, m, "group " + id);
      if (!(r instanceof Primitive)) {
        throw new CrmshException("member '" + m + "' is not a primitive (groups hold primitives)");
      }
      taken.add(r);
    }
    // As crmsh: the members leave their places and the new group is appended to the resources.
    List<Resource> rs = new ArrayList<>();
    for (Resource r : c.resources()) {
      if (!members.contains(r.id())) {
        rs.add(r);
      }
    }
    rs.add(
        new Group(
            id,
            description,
            CrmshWords.sets(id + "-meta_attributes", meta),
            List.of(),
            taken,
            Map.of(),
            null));
    return Configs.withResources(c, rs);
  }

  /**
   * {@code clone|promotable|ms ID CHILD [description=...] [meta ...]}. crmsh writes {@code ms} as
   * Pacemaker 1's {@code <master>}; Paceline writes what Pacemaker's schema upgrade makes of that,
   * a clone whose meta attributes end with {@code promotable=true}.
   */
  static Configuration clone(Configuration c, CrmshWords w, boolean promotable, boolean legacyMs)
      throws CrmshException {
    String id = CrmshConfigure.newId(c, w);
    String child = w.next("the resource to clone");
    Map<String, String> meta = new LinkedHashMap<>();
    if (promotable && !legacyMs) {
      meta.put("promotable", "true");
    }
    String description = null;
    while (w.hasNext()) {
      String word = w.next("meta");
      if (word.startsWith("description=")) {
        description = word.substring("description=".length());
        continue;
      }
      if (!word.equals("meta")) {
        throw w.error("expected meta, found '" + word + "' (a clone has one child)");
      }
      CrmshWords.pairs(w, meta, "meta");
    }
    if (legacyMs) {
      meta.putIfAbsent("promotable", "true");
    }
    Resource r = CrmshConfigure.topLevel(c, child, (promotable ? "promotable " : "clone ") + id);
    if (r instanceof Clone) {
      throw new CrmshException("'" + child + "' is already a clone");
    }
    // As crmsh: the child leaves its place and the new clone is appended to the resources.
    List<Resource> rs = new ArrayList<>();
    for (Resource x : c.resources()) {
      if (!x.id().equals(child)) {
        rs.add(x);
      }
    }
    rs.add(
        new Clone(
            id,
            description,
            CrmshWords.sets(id + "-meta_attributes", meta),
            List.of(),
            r,
            Map.of(),
            null));
    return Configs.withResources(c, rs);
  }

  /** The words that start a part of a bundle statement. */
  private static final Set<String> BUNDLE_PARTS =
      Set.of("docker", "rkt", "podman", "network", "storage", "meta", "primitive");

  /**
   * {@code bundle ID [description=...] docker|rkt|podman NAME=VALUE ... [network NAME=VALUE ...
   * [port-mapping NAME=VALUE ...] ...] [storage [storage-mapping NAME=VALUE ...] ...] [meta ...]
   * [primitive RSC]}, as crmsh's parser reads it (podman too, which Pacemaker 2 runs and crmsh 4.4
   * does not know). RSC, a top-level primitive, moves into the bundle; the bundle is appended to
   * the resources. Written as Pacemaker's {@code <bundle>}: container, network, storage, meta
   * attributes, then the primitive.
   */
  static Configuration bundle(Configuration c, CrmshWords w) throws CrmshException {
    String id = CrmshConfigure.newId(c, w);
    String description = null;
    XmlNode container = null;
    XmlNode network = null;
    XmlNode storage = null;
    List<NvSet> meta = new ArrayList<>();
    String child = null;
    while (w.hasNext()) {
      String word = w.next("docker, rkt, podman, network, storage, meta or primitive");
      if (word.startsWith("description=")) {
        description = word.substring("description=".length());
        continue;
      }
      switch (word) {
        case "docker", "rkt", "podman" -> {
          if (container != null) {
            throw w.error("a bundle has one container (" + container.name() + " already)");
          }
          Map<String, String> kv = new LinkedHashMap<>();
          CrmshWords.pairs(w, kv, word);
          if (!kv.containsKey("image")) {
            throw w.error(word + " needs image=");
          }
          container = new XmlNode(word, kv, List.of(), null);
        }
        case "network" -> network = bundlePart(w, "network", "port-mapping", id + "-port-map");
        case "storage" -> storage = bundlePart(w, "storage", "storage-mapping", id + "-storage");
        case "meta" -> meta.add(CrmshWords.attrList(w, id + "-meta_attributes", meta));
        case "primitive" -> {
          if (child != null) {
            throw w.error("a bundle holds one primitive");
          }
          child = w.next("the primitive in the bundle");
        }
        default ->
            throw w.error(
                "expected one of " + String.join(", ", new java.util.TreeSet<>(BUNDLE_PARTS)));
      }
    }
    if (container == null) {
      throw w.error("a bundle needs its container: docker, rkt or podman image=...");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("id", id);
    if (description != null) {
      attrs.put("description", description);
    }
    List<XmlNode> children = new ArrayList<>();
    children.add(container);
    if (network != null) {
      children.add(network);
    }
    if (storage != null) {
      children.add(storage);
    }
    for (NvSet m : meta) {
      children.add(CibXmlWriter.nvSetElement("meta_attributes", m));
    }
    List<Resource> rs = new ArrayList<>();
    Primitive inner = null;
    if (child != null) {
      Resource r = CrmshConfigure.topLevel(c, child, "bundle " + id);
      if (!(r instanceof Primitive p) || p.template() != null) {
        throw new CrmshException("bundle " + id + ": '" + child + "' is not a primitive");
      }
      inner = p;
    }
    for (Resource x : c.resources()) {
      if (inner == null || !x.id().equals(inner.id())) {
        rs.add(x);
      }
    }
    if (inner != null) {
      children.add(CibXmlWriter.primitiveElement(inner));
    }
    rs.add(new OtherResource(new XmlNode("bundle", attrs, children, null)));
    return Configs.withResources(c, rs);
  }

  /**
   * {@code network|storage NAME=VALUE ... [MAPPING NAME=VALUE ...] ...}: the part's attributes,
   * then one MAPPING element per MAPPING word (ids default to {@code baseId-N}).
   */
  private static XmlNode bundlePart(CrmshWords w, String part, String mapping, String baseId)
      throws CrmshException {
    Map<String, String> attrs = new LinkedHashMap<>();
    CrmshWords.pairs(w, attrs, part);
    List<XmlNode> maps = new ArrayList<>();
    while (w.hasNext() && w.peek().equals(mapping)) {
      w.next(mapping);
      Map<String, String> m = new LinkedHashMap<>();
      CrmshWords.pairs(w, m, mapping);
      if (m.isEmpty()) {
        throw w.error(mapping + " needs NAME=VALUE pairs");
      }
      m.putIfAbsent("id", baseId + "-" + (maps.size() + 1));
      maps.add(new XmlNode(mapping, m, List.of(), null));
    }
    return new XmlNode(part, attrs, maps, null);
  }
}
