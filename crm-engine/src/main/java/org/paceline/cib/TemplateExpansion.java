package org.paceline.cib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resource templates and tags, expanded as Pacemaker's unpack expands them before it schedules:
 *
 * <ul>
 *   <li>a primitive with {@code template="T"} becomes the template's agent with the template's
 *       meta, instance and utilization sets after its own (its own values win) and the template's
 *       operations that it does not override (same name and role, Started and Unpromoted counting
 *       as none);
 *   <li>a constraint naming a template or a tag (its {@code rsc}, {@code with-rsc}, {@code first}
 *       or {@code then}) names, through a resource set, every primitive made from the template or
 *       every object the tag lists: a location and a ticket get one set (with the role moved into
 *       it); a colocation and an order get one set per side, both with sequential=false and the
 *       side's role or action moved into it (a plain resource on the other side becomes a set of
 *       one), as pcmk__tag_to_set does; a colocation of a template or tag with another one is
 *       dropped, as unpack_colocation_tags ignores it;
 *   <li>a {@code resource_ref} to a template or tag inside a set is replaced by its members;
 *   <li>a primitive's {@code <operations id-ref>} gets the ops it names ({@link
 *       OperationsReferences}).
 * </ul>
 *
 * A CIB without templates and tags is returned as it is. The expansion is for scheduling: what is
 * written back keeps the templates and tags.
 */
public final class TemplateExpansion {
  private final Map<String, Primitive> templates = new LinkedHashMap<>();
  private final Map<String, List<String>> members = new LinkedHashMap<>();

  private TemplateExpansion() {}

  /** The CIB with templates instantiated and template and tag references expanded. */
  public static Cib expand(Cib raw) {
    Cib cib = OperationsReferences.resolve(raw);
    Configuration c = cib.configuration();
    TemplateExpansion x = new TemplateExpansion();
    for (Resource r : c.resources()) {
      if (r instanceof OtherResource o && "template".equals(o.element().name()) && o.id() != null) {
        x.templates.put(o.id(), CibXmlReader.templatePrimitive(o.element()));
      }
    }
    if (x.templates.isEmpty() && c.tags().isEmpty()) {
      return cib;
    }
    List<Resource> resources = new ArrayList<>();
    for (Resource r : c.resources()) {
      resources.add(x.instantiate(r));
    }
    for (Tag t : c.tags()) {
      List<String> refs = new ArrayList<>();
      for (String ref : t.refs()) {
        refs.addAll(x.members.getOrDefault(ref, List.of(ref)));
      }
      x.members.putIfAbsent(t.id(), refs);
    }
    List<Constraint> constraints = new ArrayList<>();
    for (Constraint k : c.constraints()) {
      if (x.colocatesTwoTemplatesOrTags(k)) {
        // Pacemaker's unpack_colocation_tags ignores such a constraint ("two templates or tags
        // cannot be colocated", a configuration error) rather than colocating their members.
        continue;
      }
      constraints.add(x.constraint(k));
    }
    Configuration expanded = c.withResourcesAndConstraints(resources, constraints);
    return cib.withConfiguration(expanded);
  }

  // ---------------------------------------------------------------- templates

  private Resource instantiate(Resource r) {
    if (r instanceof Primitive p) {
      return p.template() == null ? p : fromTemplate(p);
    }
    if (r instanceof Group g) {
      List<Resource> ms = new ArrayList<>();
      for (Resource m : g.members()) {
        ms.add(instantiate(m));
      }
      return g.withMembers(ms);
    }
    if (r instanceof Clone cl && cl.child() != null) {
      return cl.withChild(instantiate(cl.child()));
    }
    return r;
  }

  private Primitive fromTemplate(Primitive p) {
    Primitive t = templates.get(p.template());
    if (t == null) {
      return p; // the validator names the unknown template
    }
    members.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(p.id());
    List<Op> ops = new ArrayList<>(p.operations());
    for (Op o : t.operations()) {
      boolean overridden =
          p.operations().stream()
              .anyMatch(mine -> mine.name().equals(o.name()) && sameRole(mine, o));
      if (!overridden) {
        ops.add(o);
      }
    }
    return new Primitive(
        p.id(),
        p.resourceClass() != null ? p.resourceClass() : t.resourceClass(),
        p.resourceClass() != null ? p.provider() : t.provider(),
        p.type() != null ? p.type() : t.type(),
        p.description(),
        null,
        concat(p.metaAttributes(), t.metaAttributes()),
        concat(p.instanceAttributes(), t.instanceAttributes()),
        concat(p.utilization(), t.utilization()),
        p.operationsId() != null ? p.operationsId() : t.operationsId(),
        ops,
        p.otherAttributes(),
        p.otherChildren());
  }

  /**
   * Whether two ops of the same name are one for template expansion (Pacemaker's template_op_key):
   * their roles, counting none, Started and Unpromoted as one, are the same; the interval plays no
   * part.
   */
  private static boolean sameRole(Op a, Op b) {
    return roleKey(a) == roleKey(b);
  }

  private static Role roleKey(Op op) {
    Role r = op.role();
    return r == null || r == Role.STARTED || r == Role.UNPROMOTED ? null : r;
  }

  private static <T> List<T> concat(List<T> first, List<T> then) {
    List<T> out = new ArrayList<>(first);
    out.addAll(then);
    return out;
  }

  // ---------------------------------------------------------------- constraints

  private boolean expands(String id) {
    return id != null && members.containsKey(id);
  }

  private boolean colocatesTwoTemplatesOrTags(Constraint k) {
    return k instanceof ColocationConstraint c
        && c.resourceSets().isEmpty()
        && expands(c.rsc())
        && expands(c.withRsc());
  }

  private Constraint constraint(Constraint k) {
    if (k instanceof LocationConstraint l) {
      return location(l);
    }
    if (k instanceof ColocationConstraint c) {
      return colocation(c);
    }
    if (k instanceof OrderConstraint o) {
      return order(o);
    }
    if (k instanceof OtherConstraint o && "rsc_ticket".equals(o.element().name())) {
      return new OtherConstraint(ticket(o.element()));
    }
    return k;
  }

  private LocationConstraint location(LocationConstraint l) {
    if (!expands(l.rsc())) {
      List<ResourceSet> sets = sets(l.resourceSets());
      return sets == l.resourceSets() ? l : l.withSets(l.rsc(), sets);
    }
    return l.withSets(
        null, List.of(set(l.id() + "-rsc", members.get(l.rsc()), null, l.role(), null)));
  }

  private ColocationConstraint colocation(ColocationConstraint c) {
    if (!c.resourceSets().isEmpty() || !(expands(c.rsc()) || expands(c.withRsc()))) {
      List<ResourceSet> sets = sets(c.resourceSets());
      return sets == c.resourceSets()
          ? c
          : c.withSets(c.rsc(), c.withRsc(), c.rscRole(), c.withRscRole(), sets);
    }
    return c.withSets(
        null,
        null,
        null,
        null,
        List.of(
            set(c.id() + "-rsc", refs(c.rsc()), false, c.rscRole(), null),
            set(c.id() + "-with-rsc", refs(c.withRsc()), false, c.withRscRole(), null)));
  }

  private OrderConstraint order(OrderConstraint o) {
    if (!o.resourceSets().isEmpty() || !(expands(o.first()) || expands(o.then()))) {
      List<ResourceSet> sets = sets(o.resourceSets());
      return sets == o.resourceSets()
          ? o
          : o.withSets(o.first(), o.then(), o.firstAction(), o.thenAction(), sets);
    }
    return o.withSets(
        null,
        null,
        null,
        null,
        List.of(
            set(o.id() + "-first", refs(o.first()), false, null, o.firstAction()),
            set(o.id() + "-then", refs(o.then()), false, null, o.thenAction())));
  }

  private XmlNode ticket(XmlNode e) {
    String rsc = e.attributes().get("rsc");
    List<XmlNode> children = new ArrayList<>();
    boolean changed = false;
    for (XmlNode c : e.children()) {
      if (c.name().equals("resource_set")) {
        List<XmlNode> refs = new ArrayList<>();
        for (XmlNode r : c.children()) {
          if (r.name().equals("resource_ref") && expands(r.id())) {
            changed = true;
            for (String m : members.get(r.id())) {
              refs.add(new XmlNode("resource_ref", Map.of("id", m), List.of(), null));
            }
          } else {
            refs.add(r);
          }
        }
        children.add(new XmlNode(c.name(), c.attributes(), refs, c.text()));
      } else {
        children.add(c);
      }
    }
    Map<String, String> attrs = new LinkedHashMap<>(e.attributes());
    if (expands(rsc)) {
      changed = true;
      attrs.remove("rsc");
      Map<String, String> setAttrs = new LinkedHashMap<>();
      setAttrs.put("id", e.id() + "-rsc");
      String role = attrs.remove("rsc-role");
      if (role != null) {
        setAttrs.put("role", role);
      }
      List<XmlNode> refs = new ArrayList<>();
      for (String m : members.get(rsc)) {
        refs.add(new XmlNode("resource_ref", Map.of("id", m), List.of(), null));
      }
      children.add(new XmlNode("resource_set", setAttrs, refs, null));
    }
    return changed ? new XmlNode(e.name(), attrs, children, e.text()) : e;
  }

  /**
   * The sets with references to templates and tags replaced by their members (same list if none).
   */
  private List<ResourceSet> sets(List<ResourceSet> sets) {
    boolean any = false;
    List<ResourceSet> out = new ArrayList<>();
    for (ResourceSet s : sets) {
      if (s.resourceRefs().stream().noneMatch(this::expands)) {
        out.add(s);
        continue;
      }
      any = true;
      Set<String> refs = new LinkedHashSet<>();
      for (String r : s.resourceRefs()) {
        refs.addAll(refs(r));
      }
      out.add(
          new ResourceSet(
              s.id(),
              s.idRef(),
              s.sequential(),
              s.requireAll(),
              s.ordering(),
              s.action(),
              s.role(),
              s.score(),
              List.copyOf(refs),
              s.otherAttributes()));
    }
    return any ? out : sets;
  }

  private List<String> refs(String id) {
    return expands(id) ? members.get(id) : List.of(id);
  }

  private static ResourceSet set(
      String id, List<String> refs, Boolean sequential, Role role, String action) {
    return new ResourceSet(
        id, null, sequential, null, null, action, role, null, List.copyOf(refs), Map.of());
  }
}
