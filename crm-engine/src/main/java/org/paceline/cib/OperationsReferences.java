package org.paceline.cib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a primitive's {@code <operations id-ref="X"/>} to the ops of the {@code <operations
 * id="X">} defined elsewhere in the configuration (on another primitive or a template), as
 * Pacemaker's common_unpack does with expand_idref before it reads a resource's ops.
 *
 * <p>The reader keeps such a reference verbatim among the primitive's other children, so that what
 * is written back is what was read; this resolution is for scheduling and running only. A reference
 * to an id that names no {@code <operations>} is left as it is (the primitive then has no ops, as
 * Pacemaker's expand_idref yields nothing for it).
 */
final class OperationsReferences {
  private static final String OPERATIONS = "operations";
  private static final String ID_REF = "id-ref";

  private final Map<String, Primitive> byOperationsId = new LinkedHashMap<>();

  private OperationsReferences() {}

  /** The CIB with every resolvable {@code <operations id-ref>} replaced by the ops it names. */
  static Cib resolve(Cib cib) {
    Configuration c = cib.configuration();
    if (c.resources().stream().noneMatch(OperationsReferences::hasReference)) {
      return cib;
    }
    OperationsReferences x = new OperationsReferences();
    for (Resource r : c.resources()) {
      x.collect(r);
    }
    List<Resource> resources = new ArrayList<>();
    for (Resource r : c.resources()) {
      resources.add(x.resolved(r));
    }
    return cib.withConfiguration(c.withResourcesAndConstraints(resources, c.constraints()));
  }

  private static boolean hasReference(Resource r) {
    if (r instanceof Primitive p) {
      return reference(p) != null;
    }
    if (r instanceof Group g) {
      return g.members().stream().anyMatch(OperationsReferences::hasReference);
    }
    return r instanceof Clone cl && cl.child() != null && hasReference(cl.child());
  }

  /** The {@code <operations id-ref>} element among the primitive's untyped children, or null. */
  private static XmlNode reference(Primitive p) {
    for (XmlNode x : p.otherChildren()) {
      if (OPERATIONS.equals(x.name()) && x.attributes().get(ID_REF) != null) {
        return x;
      }
    }
    return null;
  }

  private void collect(Resource r) {
    if (r instanceof Primitive p && p.operationsId() != null) {
      byOperationsId.putIfAbsent(p.operationsId(), p);
    } else if (r instanceof Group g) {
      g.members().forEach(this::collect);
    } else if (r instanceof Clone cl && cl.child() != null) {
      collect(cl.child());
    } else if (r instanceof OtherResource o && "template".equals(o.element().name())) {
      Primitive t = CibXmlReader.templatePrimitive(o.element());
      if (t.operationsId() != null) {
        byOperationsId.putIfAbsent(t.operationsId(), t);
      }
    }
  }

  private Resource resolved(Resource r) {
    if (r instanceof Primitive p) {
      return resolved(p);
    }
    if (r instanceof Group g) {
      List<Resource> ms = new ArrayList<>();
      for (Resource m : g.members()) {
        ms.add(resolved(m));
      }
      return g.withMembers(ms);
    }
    if (r instanceof Clone cl && cl.child() != null) {
      return cl.withChild(resolved(cl.child()));
    }
    return r;
  }

  private Primitive resolved(Primitive p) {
    XmlNode ref = reference(p);
    Primitive source = ref == null ? null : byOperationsId.get(ref.attributes().get(ID_REF));
    if (source == null) {
      return p;
    }
    List<XmlNode> others = new ArrayList<>(p.otherChildren());
    others.remove(ref);
    return new Primitive(
        p.id(),
        p.resourceClass(),
        p.provider(),
        p.type(),
        p.description(),
        p.template(),
        p.metaAttributes(),
        p.instanceAttributes(),
        p.utilization(),
        null,
        source.operations(),
        p.otherAttributes(),
        others);
  }
}
