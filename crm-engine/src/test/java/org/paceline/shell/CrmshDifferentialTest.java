package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Paceline's {@code crm configure load update} against Debian's crmsh on the same crmsh text: each
 * configuration of {@code src/test/resources/crmsh-corpus} (written for this purpose, never tuned
 * against Paceline) is loaded by {@code CIB_file=A crm configure load update F} and by Paceline's
 * {@code crm -x B configure load update F --yes}, each into a CIB from {@code cibadmin --empty}.
 * The two {@code <configuration>} sections must be equal once the ids crmsh generates for
 * sub-elements (nvpairs, attribute sets, operations, rules, resource sets) are set aside; object
 * ids, every other attribute and the order of elements count. The configuration Paceline wrote must
 * then survive its own {@code configure show} piped into {@code load replace}. Each differing file
 * is printed with the first difference. Skipped where crmsh is not installed (test.sh installs it).
 * The ho-NN files were written later, apart from Paceline, and measured once before anything was
 * changed for them (28 of 30 equal, 27 round trips): tags of constraints, {@code operations $id=}
 * and node attribute sets with {@code $id=} were then implemented as crmsh's grammar has them.
 */
@Tag("process")
class CrmshDifferentialTest {
  /**
   * Files whose configuration equals crmsh's when this floor was last raised: 95 of 96. The one
   * left, adv-05-topology-plain, is a deliberate difference: crmsh gives a fencing_topology without
   * targets to the nodes the CIB held before the load, so on a new CIB it writes an empty topology
   * (the levels are lost without a word); Paceline gives the levels to the nodes of the loaded
   * configuration, those the file defines included.
   */
  private static final int FLOOR = 95;

  /** Files whose loaded configuration survives show | load replace (all of them). */
  private static final int ROUND_TRIP_FLOOR = 96;

  private static final Path CORPUS = Path.of("src/test/resources/crmsh-corpus");

  /**
   * Another directory of crmsh files to measure instead ({@code -Dpaceline.crmsh.corpus=DIR}):
   * prints the same report and holds it to no floor, for a held-out measurement.
   */
  private static final String OTHER_CORPUS = System.getProperty("paceline.crmsh.corpus");

  /** Elements whose id the user writes; every other element's id is one crmsh generates. */
  static final Set<String> NAMED = ConfigRename.OBJECT_ELEMENTS;

  @Test
  void configurationsLoadAsCrmshLoadsThem() throws Exception {
    Path crm = onPath("crm");
    Path cibadmin = onPath("cibadmin");
    Assumptions.assumeTrue(crm != null && cibadmin != null, "Debian's crmsh is not installed");
    Path work = Path.of("target", "crmsh-differential").toAbsolutePath();
    Files.createDirectories(work);
    List<Path> files;
    Path corpus = OTHER_CORPUS == null ? CORPUS : Path.of(OTHER_CORPUS);
    try (Stream<Path> s = Files.list(corpus)) {
      files = s.filter(p -> p.toString().endsWith(".crm")).sorted().toList();
    }
    int equal = 0;
    int roundTrips = 0;
    int verifyDiffers = 0;
    List<String> report = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString().replace(".crm", "");
      Path a = work.resolve(name + ".crmsh.xml");
      Path b = work.resolve(name + ".paceline.xml");
      emptyCib(cibadmin, a);
      emptyCib(cibadmin, b);
      String crmshOut = crmsh(crm, a, f.toAbsolutePath());
      if (crmshOut != null) {
        report.add(name + ": crmsh refuses it: " + crmshOut);
        continue;
      }
      CrmRun p =
          CrmRun.of("configure", "load", "update", f.toString(), "--yes", "-x", b.toString());
      if (p.exitCode() != 0) {
        report.add(name + ": Paceline refuses it (" + p.exitCode() + "): " + firstLine(p.err()));
        continue;
      }
      String diff = firstDifference(configuration(a), configuration(b), "configuration");
      if (diff == null) {
        equal++;
      } else {
        report.add(name + ": " + diff);
      }
      // Pacemaker's own checker: the same verdict on both (on a CIB without status that is
      // "warnings" for the missing quorum; an error in what Paceline wrote would differ).
      Path crmVerify = onPath("crm_verify");
      if (crmVerify != null) {
        int theirs = exitOf(crmVerify, a);
        int ours = exitOf(crmVerify, b);
        if (theirs == ours && ours != 0 && ours != 78) {
          report.add(name + ": crm_verify exits " + ours + " on both");
        }
        if (theirs != ours) {
          verifyDiffers++;
          report.add(
              name + ": crm_verify exits " + ours + " on Paceline's, " + theirs + " on crmsh's");
        }
      }
      String rt = roundTrip(cibadmin, work, name, b);
      if (rt == null) {
        roundTrips++;
      } else {
        report.add(name + ": round trip: " + rt);
      }
    }
    System.out.println(
        "crmsh differential: "
            + equal
            + " of "
            + files.size()
            + " configurations equal to crmsh's; "
            + roundTrips
            + " round-trip through configure show | load replace -");
    report.forEach(r -> System.out.println("  " + r));
    if (OTHER_CORPUS != null) {
      return;
    }
    assertTrue(verifyDiffers == 0, "crm_verify judges Paceline's CIBs otherwise: " + report);
    assertTrue(
        equal >= FLOOR,
        equal + " of " + files.size() + " equal, below the floor of " + FLOOR + ": " + report);
    assertTrue(
        roundTrips >= ROUND_TRIP_FLOOR,
        roundTrips + " round trips, below the floor of " + ROUND_TRIP_FLOOR + ": " + report);
  }

  /** show | load replace of Paceline's own result gives the same configuration; null if so. */
  private static String roundTrip(Path cibadmin, Path work, String name, Path loaded)
      throws Exception {
    CrmRun show = CrmRun.of("configure", "show", "-x", loaded.toString());
    if (show.exitCode() != 0) {
      return "show failed: " + firstLine(show.err());
    }
    Path text = work.resolve(name + ".shown.crm");
    Files.writeString(text, show.out());
    Path again = work.resolve(name + ".again.xml");
    emptyCib(cibadmin, again);
    CrmRun load =
        CrmRun.of("configure", "load", "replace", text.toString(), "--yes", "-x", again.toString());
    if (load.exitCode() != 0) {
      return "load replace of the shown text failed: " + firstLine(load.err());
    }
    return firstDifference(configuration(loaded), configuration(again), "configuration");
  }

  /** {@code tool -x cib}'s exit code (crm_verify: 0 valid, 78 warnings only). */
  private static int exitOf(Path tool, Path cib) throws Exception {
    Process p =
        new ProcessBuilder(tool.toString(), "-x", cib.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), tool + " did not finish on " + cib);
    return p.exitValue();
  }

  private static void emptyCib(Path cibadmin, Path to) throws Exception {
    Process p =
        new ProcessBuilder(cibadmin.toString(), "--empty")
            .redirectOutput(to.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "cibadmin --empty failed");
  }

  /** Runs crmsh's load; null if it succeeded, else what it said. */
  private static String crmsh(Path crm, Path cib, Path file) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(crm.toString(), "configure", "load", "update", file.toString())
            .redirectErrorStream(true);
    pb.environment().put("CIB_file", cib.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timed out";
    }
    // crmsh labels the CIB checker's warnings after a load ERROR too ("ERROR: (cluster_status)
    // warning: ... lack of quorum"): those are no refusal.
    boolean error =
        out.lines()
            .map(l -> l.replaceAll("\u001B\\[[0-9;]*m", ""))
            .anyMatch(l -> l.contains("ERROR") && !l.contains("warning:"));
    if (p.exitValue() != 0 || error) {
      return "exit " + p.exitValue() + ": " + firstLine(out);
    }
    return null;
  }

  static Element configuration(Path cib) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element root = f.newDocumentBuilder().parse(cib.toFile()).getDocumentElement();
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("configuration")) {
        return e;
      }
    }
    throw new IOException(cib + " has no <configuration>");
  }

  /**
   * The first difference between two elements, as a path and what differs; null if equal. Ids of
   * elements not in {@link #NAMED} are ignored; children are compared in order, except that a
   * resource's or an alert's attribute sets, operations, select and recipients are compared by kind
   * (Pacemaker does not read their order; within a kind, the order counts). crmsh 4.4 writes {@code
   * ms} as Pacemaker 1's {@code <master>}; Paceline writes what Pacemaker's own schema upgrade
   * makes of it, a clone with {@code promotable=true}, so a master is compared as that clone.
   */
  static String firstDifference(Element x, Element y, String path) {
    x = modern(x);
    y = modern(y);
    if (!x.getTagName().equals(y.getTagName())) {
      return path + ": <" + x.getTagName() + "> (crmsh) vs <" + y.getTagName() + "> (Paceline)";
    }
    String ax = attributes(x);
    String ay = attributes(y);
    if (!ax.equals(ay)) {
      return path + ": [" + ax + "] (crmsh) vs [" + ay + "] (Paceline)";
    }
    List<Element> cx = sectionsByKind(x, children(x));
    List<Element> cy = sectionsByKind(y, children(y));
    for (int i = 0; i < Math.min(cx.size(), cy.size()); i++) {
      String sub = cx.get(i).getTagName();
      String id = cx.get(i).getAttribute("id");
      String d =
          firstDifference(cx.get(i), cy.get(i), path + "/" + sub + (id.isEmpty() ? "" : "#" + id));
      if (d != null) {
        return d;
      }
    }
    if (cx.size() != cy.size()) {
      List<Element> longer = cx.size() > cy.size() ? cx : cy;
      Element extra = longer.get(Math.min(cx.size(), cy.size()));
      return path
          + ": "
          + (cx.size() > cy.size() ? "only crmsh has " : "only Paceline has ")
          + "<"
          + extra.getTagName()
          + " "
          + attributes(extra)
          + ">";
    }
    return null;
  }

  /**
   * Attributes naming a role: crmsh keeps Pacemaker 1's Master and Slave as written (unless its
   * OCF_1_1_SUPPORT option is on), Paceline writes Pacemaker 2.1's Promoted and Unpromoted, which
   * Pacemaker reads as the same roles; compared as the new names.
   */
  private static final Set<String> ROLE_ATTRIBUTES = Set.of("role", "rsc-role", "with-rsc-role");

  /** Elements whose children Pacemaker reads by kind, not by position. */
  private static final List<String> BY_KIND =
      List.of(
          "configuration",
          "primitive",
          "group",
          "clone",
          "master",
          "template",
          "bundle",
          "op",
          "alert",
          "recipient");

  private static final List<String> SECTIONS =
      List.of(
          "crm_config",
          "nodes",
          "resources",
          "constraints",
          "tags",
          "fencing-topology",
          "rsc_defaults",
          "op_defaults",
          "acls",
          "alerts",
          "select",
          "meta_attributes",
          "instance_attributes",
          "utilization",
          "operations",
          "recipient");

  /**
   * The children of a configuration, resource, operation or alert with its sections in one order of
   * kinds (stable).
   */
  private static List<Element> sectionsByKind(Element parent, List<Element> children) {
    if (!BY_KIND.contains(parent.getTagName())) {
      return children;
    }
    List<Element> out = new ArrayList<>(children);
    out.sort(
        java.util.Comparator.comparingInt(
            c -> {
              int k = SECTIONS.indexOf(c.getTagName());
              return k < 0 ? SECTIONS.size() : k;
            }));
    return out;
  }

  /** A {@code <master>} as the promotable clone Pacemaker's schema upgrade makes of it. */
  private static Element modern(Element e) {
    if (!e.getTagName().equals("master")) {
      return e;
    }
    Element c = e.getOwnerDocument().createElement("clone");
    NamedNodeMap m = e.getAttributes();
    for (int i = 0; i < m.getLength(); i++) {
      c.setAttribute(m.item(i).getNodeName(), m.item(i).getNodeValue());
    }
    Element meta = null;
    for (Element k : children(e)) {
      Element copy = (Element) k.cloneNode(true);
      c.appendChild(copy);
      if (meta == null && k.getTagName().equals("meta_attributes")) {
        meta = copy;
      }
    }
    boolean has = false;
    for (Element k : children(c)) {
      if (k.getTagName().equals("meta_attributes")) {
        for (Element nv : children(k)) {
          has |= nv.getAttribute("name").equals("promotable");
        }
      }
    }
    if (!has) {
      if (meta == null) {
        meta = e.getOwnerDocument().createElement("meta_attributes");
        c.insertBefore(meta, c.getFirstChild());
      }
      Element nv = e.getOwnerDocument().createElement("nvpair");
      nv.setAttribute("name", "promotable");
      nv.setAttribute("value", "true");
      meta.appendChild(nv);
    }
    return c;
  }

  private static String attributes(Element e) {
    NamedNodeMap m = e.getAttributes();
    List<String> out = new ArrayList<>();
    boolean named = NAMED.contains(e.getTagName());
    for (int i = 0; i < m.getLength(); i++) {
      Node a = m.item(i);
      if (a.getNodeName().equals("id") && !named) {
        continue;
      }
      String v = a.getNodeValue();
      if (ROLE_ATTRIBUTES.contains(a.getNodeName())) {
        v = v.replace("Master", "Promoted").replace("Slave", "Unpromoted");
      }
      out.add(a.getNodeName() + "=" + v);
    }
    out.sort(null);
    return String.join(" ", out);
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  private static Path onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : List.of("/usr/sbin", "/usr/bin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
