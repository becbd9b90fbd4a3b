package org.paceline.unpack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.Clone;
import org.paceline.cib.ColocationConstraint;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.Node;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.OtherResource;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Role;
import org.paceline.cib.Score;
import org.paceline.cib.XmlNode;

/**
 * Bundles, as Pacemaker 2.1.5's pe__unpack_bundle builds them: each replica N of bundle B is a
 * container primitive {@code B-docker-N} (or {@code -podman-N}, {@code -rkt-N}), an optional {@code
 * B-ip-ADDR} (IPaddr2, colocated with the container and started before it) and, when the bundle
 * holds a primitive and has a control port or an IP range, a guest node {@code B-N} whose
 * connection runs with the container; the primitive becomes the clone {@code B-clone} ({@code
 * B-master} when promoted-max is set) with one instance per replica, allowed only on the bundle's
 * guest nodes. The bundle's meta attributes are inherited by everything it creates, and its
 * constraints apply to its containers (role-bound ones to its clone). The bundle element itself is
 * kept (status displays show it); the scheduler sees the resources it creates.
 */
public final class BundleExpansion {
  /**
   * Marks a primitive a bundle created (its value: the bundle's id). Pacemaker computes such a
   * primitive's parameters from the bundle (mounts, ports, run options), which Paceline does not
   * rebuild, so its recorded digests are not compared.
   */
  public static final String BUNDLE_MARK = "paceline-bundle";

  /**
   * Marks the primitive a bundle holds (its value: the bundle's id): its instances may run and be
   * probed only on the bundle's own guest nodes.
   */
  public static final String BUNDLED_MARK = "paceline-bundled";

  /**
   * Marks an order whose first was a bundle (its value: the bundle's id): Pacemaker orders then
   * after the bundle's own pseudo actions ("running", "promoted"), which its reasons name.
   */
  public static final String FIRST_BUNDLE_MARK = "paceline-first-bundle";

  private BundleExpansion() {}

  /** The bundle holding this primitive (the one inside its replicas), or null. */
  public static String holder(Primitive p) {
    return p.otherAttributes().get(BUNDLED_MARK);
  }

  /**
   * The bundle whose replica connection this primitive is (the connection to guest node {@code
   * B-N}), or null.
   */
  public static String guestConnectionOf(Primitive p) {
    String bundle = p.otherAttributes().get(BUNDLE_MARK);
    return bundle != null && StatusUnpacker.isRemoteConnection(p) ? bundle : null;
  }

  /** Whether a bundle created this primitive (its container, IP or connection). */
  public static boolean generated(Primitive p) {
    return p.otherAttributes().containsKey(BUNDLE_MARK);
  }

  /** Whether this primitive is a bundle's container (a replica's {@code B-docker-N} and alike). */
  public static boolean container(Primitive p) {
    String bundle = p.otherAttributes().get(BUNDLE_MARK);
    return bundle != null
        && List.of("docker", "rkt", "podman").contains(p.type())
        && p.id().startsWith(bundle + "-" + p.type() + "-");
  }

  /** One bundle's parts, by what constraints on the bundle map to. */
  private record Parts(
      String id, List<String> containers, List<String> guests, String innerClone, int replicas) {}

  /** The CIB with each bundle's resources and constraints added; the same CIB without bundles. */
  public static Cib expand(Cib cib) {
    Configuration c = cib.configuration();
    List<OtherResource> bundles = new ArrayList<>();
    for (Resource r : c.resources()) {
      if (r instanceof OtherResource o && "bundle".equals(o.element().name()) && o.id() != null) {
        bundles.add(o);
      }
    }
    if (bundles.isEmpty()) {
      return cib;
    }
    List<Resource> resources = new ArrayList<>(c.resources());
    List<Constraint> constraints = new ArrayList<>();
    Map<String, Parts> parts = new LinkedHashMap<>();
    for (OtherResource b : bundles) {
      // The created resources take the bundle's place in the configuration: Pacemaker assigns a
      // bundle (its containers, IPs and connections) where it stands among the resources.
      List<Resource> created = new ArrayList<>();
      Parts p = unpack(b.element(), created, constraints);
      if (p != null) {
        parts.put(p.id(), p);
      }
      resources.addAll(resources.indexOf(b) + 1, created);
    }
    for (Constraint k : c.constraints()) {
      constraints.addAll(retarget(k, parts));
    }
    banOthersFromGuests(c, cib, resources, parts, constraints);
    return cib.withConfiguration(c.withResourcesAndConstraints(resources, constraints));
  }

  private static Parts unpack(XmlNode bundle, List<Resource> out, List<Constraint> constraints) {
    String id = bundle.id();
    XmlNode runtime = null;
    String agent = null;
    for (String a : List.of("docker", "rkt", "podman")) {
      runtime = child(bundle, a);
      if (runtime != null) {
        agent = a;
        break;
      }
    }
    if (runtime == null) {
      return null; // Pacemaker refuses a bundle without a container runtime
    }
    int promotedMax = intAttr(runtime, "promoted-max", intAttr(runtime, "masters", 0, 0), 0);
    String replicasValue = runtime.attributes().get("replicas");
    int replicas =
        replicasValue == null && promotedMax > 0 ? promotedMax : intAttr(runtime, "replicas", 1, 1);
    int perHost = intAttr(runtime, "replicas-per-host", 1, 1);
    XmlNode network = child(bundle, "network");
    String ipStart = network == null ? null : network.attributes().get("ip-range-start");
    String controlPort = network == null ? null : network.attributes().get("control-port");
    XmlNode inner = child(bundle, "primitive");
    boolean remote = inner != null && (ipStart != null || controlPort != null);
    if (inner != null && !remote) {
      return null; // "Cannot control ... without either ip-range-start or control-port"
    }
    List<NvSet> meta = metaSets(bundle);
    Primitive child = remote ? CibXmlReader.templatePrimitive(inner) : null;

    List<String> containers = new ArrayList<>();
    List<String> guests = new ArrayList<>();
    String ip = null;
    for (int i = 0; i < replicas; i++) {
      if (ipStart != null) {
        ip = ip == null ? ipStart : nextIp(ip);
      }
      String container = id + "-" + agent + "-" + i;
      containers.add(container);
      List<NvSet> containerMeta = new ArrayList<>(meta);
      if (remote) {
        // The guest-node mechanism (GuestNodes) recognizes the container by this meta attribute.
        containerMeta.add(
            0,
            NvSet.of(id + "-" + agent + "-meta-" + i, List.of(pair("remote-node", id + "-" + i))));
      }
      out.add(
          primitive(
              container,
              "heartbeat",
              agent,
              containerMeta,
              List.of(pair("image", runtime.attributes().get("image"))),
              // The inner primitive's utilization is the container's (it alone uses the host).
              child == null ? List.of() : child.utilization(),
              monitor(container, "60s", null),
              id));
      if (ip != null) {
        String ipId = id + "-ip-" + ip;
        List<NvPair> params = new ArrayList<>();
        params.add(pair("ip", ip));
        if (network.attributes().get("host-interface") != null) {
          params.add(pair("nic", network.attributes().get("host-interface")));
        }
        params.add(pair("cidr_netmask", network.attributes().getOrDefault("host-netmask", "32")));
        out.add(
            primitive(
                ipId,
                "heartbeat",
                "IPaddr2",
                meta,
                params,
                List.of(),
                monitor(ipId, "60s", null),
                id));
        constraints.add(
            ColocationConstraint.of(ipId + "-with-" + container, ipId, container, Score.INFINITY));
        constraints.add(OrderConstraint.of(ipId + "-then-" + container, ipId, container));
      }
      if (remote) {
        String guest = id + "-" + i;
        guests.add(guest);
        out.add(
            primitive(
                guest,
                "pacemaker",
                "remote",
                meta,
                List.of(pair("addr", "#uname")),
                List.of(),
                monitor(guest, "30s", "30s"),
                id));
        constraints.add(
            ColocationConstraint.of(
                "guest-" + guest + "-with-" + container, guest, container, Score.INFINITY));
        constraints.add(
            OrderConstraint.of("guest-" + container + "-then-" + guest, container, guest));
      }
      if (perHost <= 1) {
        // Replicas are assigned like clone instances, at most replicas-per-host per node.
        for (int j = 0; j < i; j++) {
          constraints.add(
              ColocationConstraint.of(
                  container + "-apart-from-" + containers.get(j),
                  container,
                  containers.get(j),
                  Score.MINUS_INFINITY));
        }
      }
    }
    String cloneId = null;
    if (child != null) {
      cloneId = id + "-" + (promotedMax > 0 ? "master" : "clone");
      List<NvPair> own = new ArrayList<>();
      own.add(pair("ordered", "true"));
      own.add(pair("clone-max", Integer.toString(replicas)));
      own.add(pair("clone-node-max", Integer.toString(perHost)));
      own.add(pair("globally-unique", Boolean.toString(perHost > 1)));
      if (child.meta("notify").map(v -> org.paceline.cib.CibBooleans.isTrue(v)).orElse(false)) {
        // pe__unpack_bundle: the clone notifies when the primitive inside asks for it.
        own.add(pair("notify", "true"));
      }
      if (promotedMax > 0) {
        own.add(pair("promotable", "true"));
        own.add(pair("promoted-max", Integer.toString(promotedMax)));
      }
      List<NvSet> cloneMeta = new ArrayList<>();
      cloneMeta.add(NvSet.of(cloneId + "-meta", own));
      cloneMeta.addAll(meta);
      Primitive inside =
          new Primitive(
              child.id(),
              child.resourceClass(),
              child.provider(),
              child.type(),
              child.description(),
              child.template(),
              child.metaAttributes(),
              child.instanceAttributes(),
              List.of(),
              child.operationsId(),
              child.operations(),
              withMark(child.otherAttributes(), BUNDLED_MARK, id),
              child.otherChildren());
      out.add(new Clone(cloneId, null, cloneMeta, List.of(), inside, Map.of(), List.of()));
    }
    return new Parts(id, containers, guests, cloneId, replicas);
  }

  /**
   * A constraint naming a bundle, as Pacemaker applies it: locations and colocations as dependent
   * to every container, role-bound colocations and promote/demote orders to the inner clone, a
   * bundle that must start first by its inner clone (it starts last), a bundle that starts after
   * something by its containers (they start first).
   */
  private static List<Constraint> retarget(Constraint k, Map<String, Parts> parts) {
    if (k instanceof LocationConstraint l && l.rsc() != null && parts.containsKey(l.rsc())) {
      Parts p = parts.get(l.rsc());
      // pcmk__bundle_apply_location: a role-bound location is the inner clone's (a container has
      // no role); any other applies to every container.
      boolean roleBound = l.role() != null && l.role() != Role.STARTED;
      List<String> targets =
          roleBound
              ? (p.innerClone() == null ? List.of() : List.of(p.innerClone()))
              : p.containers();
      List<Constraint> out = new ArrayList<>();
      for (String container : targets) {
        out.add(
            new LocationConstraint(
                l.id() + "-" + container,
                container,
                null,
                l.role(),
                l.score(),
                l.node(),
                l.rules(),
                l.resourceDiscovery(),
                List.of(),
                l.otherAttributes()));
      }
      return out;
    }
    if (k instanceof ColocationConstraint c && c.resourceSets().isEmpty()) {
      List<String> dependents = colocated(c.rsc(), c.rscRole(), parts, true);
      List<String> primaries = colocated(c.withRsc(), c.withRscRole(), parts, false);
      if (dependents == null && primaries == null) {
        return List.of(c);
      }
      List<Constraint> out = new ArrayList<>();
      for (String d : dependents == null ? List.of(c.rsc()) : dependents) {
        for (String p : primaries == null ? List.of(c.withRsc()) : primaries) {
          out.add(
              new ColocationConstraint(
                  c.id()
                      + (d.equals(c.rsc()) ? "" : "-" + d)
                      + (p.equals(c.withRsc()) ? "" : "-" + p),
                  d,
                  p,
                  c.score(),
                  c.rscRole(),
                  c.withRscRole(),
                  c.nodeAttribute(),
                  List.of(),
                  c.otherAttributes()));
        }
      }
      return out;
    }
    if (k instanceof OrderConstraint o && o.resourceSets().isEmpty()) {
      List<String> firsts = ordered(o.first(), o.effectiveFirstAction(), parts, true);
      List<String> thens = ordered(o.then(), thenAction(o), parts, false);
      if (firsts == null && thens == null) {
        return List.of(o);
      }
      List<Constraint> out = new ArrayList<>();
      Map<String, String> attributes = o.otherAttributes();
      if (firsts != null) {
        attributes = withMark(attributes, FIRST_BUNDLE_MARK, o.first());
      }
      for (String f : firsts == null ? List.of(o.first()) : firsts) {
        for (String t : thens == null ? List.of(o.then()) : thens) {
          out.add(
              new OrderConstraint(
                  o.id()
                      + (f.equals(o.first()) ? "" : "-" + f)
                      + (t.equals(o.then()) ? "" : "-" + t),
                  f,
                  t,
                  o.firstAction(),
                  o.thenAction(),
                  o.kind(),
                  o.score(),
                  o.symmetrical(),
                  List.of(),
                  attributes));
        }
      }
      return out;
    }
    return List.of(k);
  }

  private static String thenAction(OrderConstraint o) {
    return o.thenAction() == null ? o.effectiveFirstAction() : o.thenAction();
  }

  /** What a colocation naming a bundle binds, or null when it does not name one. */
  private static List<String> colocated(
      String rsc, Role role, Map<String, Parts> parts, boolean dependent) {
    Parts p = rsc == null ? null : parts.get(rsc);
    if (p == null) {
      return null;
    }
    if (role != null && role != Role.STARTED && p.innerClone() != null) {
      return List.of(p.innerClone());
    }
    if (dependent || p.replicas() == 1) {
      return p.containers();
    }
    // With several replicas Pacemaker colocates with wherever any container runs (the bundle is a
    // primary like a clone); no single container stands for that, and binding one would pull
    // every dependent onto one node, so the colocation is left out.
    return List.of();
  }

  /** What an order naming a bundle binds, or null when it does not name one. */
  private static List<String> ordered(
      String rsc, String action, Map<String, Parts> parts, boolean first) {
    Parts p = rsc == null ? null : parts.get(rsc);
    if (p == null) {
      return null;
    }
    boolean roleAction =
        "promote".equals(action)
            || "demote".equals(action)
            || "promoted".equals(action)
            || "demoted".equals(action);
    if (p.innerClone() != null && (first || roleAction)) {
      return List.of(p.innerClone());
    }
    return p.containers();
  }

  /**
   * A bundle's guest nodes take only its inner clone (Pacemaker creates them with a -INFINITY
   * weight for everything else), and that clone takes nothing but them.
   */
  private static void banOthersFromGuests(
      Configuration c,
      Cib cib,
      List<Resource> resources,
      Map<String, Parts> parts,
      List<Constraint> constraints) {
    Set<String> allNodes = new LinkedHashSet<>();
    for (Node n : c.nodes()) {
      allNodes.add(n.uname() != null ? n.uname() : n.id());
    }
    for (NodeState s : cib.status()) {
      if (s.uname() != null) {
        allNodes.add(s.uname());
      }
    }
    for (Resource r : resources) {
      if (r instanceof Primitive p && StatusUnpacker.isRemoteConnection(p)) {
        allNodes.add(p.id());
      }
    }
    allNodes.addAll(GuestNodes.containers(c).keySet());
    for (Parts p : parts.values()) {
      allNodes.addAll(p.guests());
    }
    for (Parts p : parts.values()) {
      if (p.guests().isEmpty()) {
        continue;
      }
      for (String node : allNodes) {
        if (!p.guests().contains(node)) {
          constraints.add(
              LocationConstraint.of(
                  p.innerClone() + "-only-in-" + p.id() + "-" + node,
                  p.innerClone(),
                  node,
                  Score.MINUS_INFINITY));
        }
      }
      for (Resource r : resources) {
        if (r instanceof OtherResource || r.id().equals(p.innerClone())) {
          continue;
        }
        for (String guest : p.guests()) {
          constraints.add(
              LocationConstraint.of(
                  r.id() + "-not-in-" + guest, r.id(), guest, Score.MINUS_INFINITY));
        }
      }
    }
  }

  private static Primitive primitive(
      String id,
      String provider,
      String type,
      List<NvSet> meta,
      List<NvPair> params,
      List<NvSet> utilization,
      Op monitor,
      String bundle) {
    return new Primitive(
        id,
        "ocf",
        provider,
        type,
        null,
        null,
        meta,
        List.of(NvSet.of(id + "-instance_attributes", params)),
        utilization,
        null,
        List.of(monitor),
        Map.of(BUNDLE_MARK, bundle),
        List.of());
  }

  /**
   * The one recurring monitor Pacemaker gives what a bundle creates (crm_create_op_xml in
   * create_container_resource and create_ip_resource: 60s; pe_create_remote_xml for the connection:
   * 30s with a 30s timeout), so that their monitors run and their recorded ones are kept.
   */
  private static Op monitor(String rsc, String interval, String timeout) {
    return new Op(
        rsc + "-monitor-" + interval,
        "monitor",
        interval,
        timeout,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static Map<String, String> withMark(Map<String, String> attrs, String key, String v) {
    Map<String, String> out = new LinkedHashMap<>(attrs);
    out.put(key, v);
    return out;
  }

  private static NvPair pair(String name, String value) {
    return NvPair.of(null, name, value);
  }

  /** The bundle's meta attribute sets, read as a primitive's (rules and scores included). */
  private static List<NvSet> metaSets(XmlNode bundle) {
    List<XmlNode> sets = new ArrayList<>();
    for (XmlNode n : bundle.children()) {
      if ("meta_attributes".equals(n.name())) {
        sets.add(n);
      }
    }
    if (sets.isEmpty()) {
      return List.of();
    }
    XmlNode holder =
        new XmlNode(
            "primitive",
            Map.of("id", bundle.id(), "class", "ocf", "provider", "heartbeat", "type", "docker"),
            sets,
            null);
    return CibXmlReader.templatePrimitive(holder).metaAttributes();
  }

  private static XmlNode child(XmlNode parent, String name) {
    for (XmlNode n : parent.children()) {
      if (name.equals(n.name())) {
        return n;
      }
    }
    return null;
  }

  /** An integer attribute, at least {@code min}; {@code dflt} when absent or invalid. */
  private static int intAttr(XmlNode e, String name, int dflt, int min) {
    String v = e.attributes().get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Math.max(min, Integer.parseInt(v.trim()));
    } catch (NumberFormatException ex) {
      return dflt;
    }
  }

  /** Pacemaker's next_ip: the next IPv4 address of the range (x.y.z.254 wraps to x.y.z+1.1). */
  private static String nextIp(String last) {
    String[] o = last.split("\\.");
    if (o.length != 4) {
      return null;
    }
    try {
      int a = Integer.parseInt(o[0]);
      int b = Integer.parseInt(o[1]);
      int c = Integer.parseInt(o[2]);
      int d = Integer.parseInt(o[3]);
      if (c > 253) {
        return null;
      }
      if (d > 253) {
        c++;
        d = 1;
      } else {
        d++;
      }
      return a + "." + b + "." + c + "." + d;
    } catch (NumberFormatException ex) {
      return null;
    }
  }
}
