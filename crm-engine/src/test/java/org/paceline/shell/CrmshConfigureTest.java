package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.AttributeExpression;
import org.paceline.cib.CibValidator;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.Clone;
import org.paceline.cib.ColocationConstraint;
import org.paceline.cib.Configuration;
import org.paceline.cib.Group;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.OrderKind;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;
import org.paceline.cib.Score;

/** The crmsh configure language: each command's change, and refusals that say what and where. */
@Tag("unit")
class CrmshConfigureTest {
  static final String BASE =
      """
      <cib admin_epoch="0" epoch="5" num_updates="0" validate-with="pacemaker-3.7">
        <configuration>
          <crm_config>
            <cluster_property_set id="cib-bootstrap-options">
              <nvpair id="o-stonith" name="stonith-enabled" value="false"/>
            </cluster_property_set>
          </crm_config>
          <nodes>
            <node id="1" uname="n1"/>
            <node id="2" uname="n2"/>
            <node id="3" uname="n3"/>
          </nodes>
          <resources>
            <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
            <primitive id="e" class="ocf" provider="heartbeat" type="Dummy"/>
            <primitive id="fence" class="stonith" type="fence_dummy"/>
          </resources>
          <constraints/>
        </configuration>
        <status>
          <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member"/>
          <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>
          <node_state id="3" uname="n3" in_ccm="true" crmd="online" join="member" expected="member"/>
        </status>
      </cib>
      """;

  static final AgentParameters AGENTS =
      agent ->
          agent.equals("ocf:heartbeat:Dummy")
              ? Optional.of(Set.of("state", "fake"))
              : Optional.empty();

  static Configuration base() throws Exception {
    return CibXmlReader.read(BASE, "base").cib().configuration();
  }

  static Configuration ok(Configuration c, String line) {
    CrmshConfigure.Result r = CrmshConfigure.apply(c, ShellWords.split(line), AGENTS);
    if (r instanceof CrmshConfigure.Failed f) {
      throw new AssertionError(line + ": " + f.message());
    }
    Configuration next = ((CrmshConfigure.Changed) r).configuration();
    assertFalse(CibValidator.hasErrors(CibValidator.validate(next)), line);
    return next;
  }

  static String fails(Configuration c, String line) {
    CrmshConfigure.Result r = CrmshConfigure.apply(c, ShellWords.split(line), AGENTS);
    return assertInstanceOf(CrmshConfigure.Failed.class, r, line).message();
  }

  @Test
  void primitiveWithParamsMetaAndOps() throws Exception {
    Configuration c =
        ok(
            base(),
            "primitive web ocf:heartbeat:Dummy params state=/run/web fake=1 meta"
                + " target-role=Stopped op monitor interval=10s timeout=20s role=Promoted op start"
                + " timeout=30s");
    Primitive p = (Primitive) c.resource("web").orElseThrow();
    assertEquals("ocf:heartbeat:Dummy", p.agent());
    assertEquals(Optional.of("/run/web"), p.param("state"));
    assertEquals(Optional.of("Stopped"), p.meta("target-role"));
    assertEquals(2, p.operations().size());
    assertEquals("web-monitor-10s", p.operations().get(0).id());
    assertEquals(Role.PROMOTED, p.operations().get(0).role());
    assertEquals(10_000, p.operations().get(0).intervalMs());
    // As crmsh: an op without an interval gets interval=0.
    assertEquals("0", p.operations().get(1).interval());
    assertEquals("30s", p.operations().get(1).timeout());
  }

  @Test
  void crmshFormsConfigurationFilesUse() throws Exception {
    // An op parameter is the op's instance attribute, not an attribute of <op>.
    Configuration c =
        ok(base(), "primitive chk ocf:heartbeat:Dummy op monitor interval=300s OCF_CHECK_LEVEL=10");
    org.paceline.cib.Op mon = ((Primitive) c.resource("chk").orElseThrow()).operations().get(0);
    assertEquals(
        java.util.Optional.of("10"),
        org.paceline.cib.NvSet.lookup(mon.instanceAttributes(), "OCF_CHECK_LEVEL"));
    assertTrue(mon.otherAttributes().isEmpty(), mon.otherAttributes().toString());
    // "property $id=SET" names the set; it is not an attribute called "$id".
    c = ok(c, "property $id=cpset2 maintenance-mode=false");
    assertTrue(
        c.clusterProperties().stream()
            .anyMatch(x -> "cpset2".equals(x.id()) && x.value("maintenance-mode").isPresent()));
    assertTrue(c.clusterProperties().stream().noneMatch(x -> x.value("$id").isPresent()));
    // An order without a kind is Pacemaker's default (Mandatory); a score is the older form.
    c = ok(c, "order o1 d chk");
    c = ok(c, "order o2 0: chk d");
    assertEquals(
        org.paceline.cib.OrderKind.OPTIONAL,
        c.constraints().stream()
            .filter(x -> x.id().equals("o2"))
            .map(x -> ((org.paceline.cib.OrderConstraint) x).kind())
            .findFirst()
            .orElseThrow());
    // Nodes as crmsh 4 shows them: "node ID: NAME attributes ...".
    c = ok(c, "node 9: n9 attributes rack=b");
    assertEquals("9", c.node("n9").orElseThrow().id());
    assertEquals(
        java.util.Optional.of("b"),
        org.paceline.cib.NvSet.lookup(c.node("n9").orElseThrow().instanceAttributes(), "rack"));
  }

  @Test
  void ticketsAndTagsAsCrmshWritesThem() throws Exception {
    Configuration c = ok(base(), "rsc_ticket t1 ticketA: d:Started e loss-policy=fence");
    org.paceline.cib.XmlNode t =
        ((org.paceline.cib.OtherConstraint)
                c.constraints().stream().filter(x -> x.id().equals("t1")).findFirst().orElseThrow())
            .element();
    assertEquals("rsc_ticket", t.name());
    assertEquals("ticketA", t.attributes().get("ticket"));
    assertEquals("fence", t.attributes().get("loss-policy"));
    assertEquals(2, t.children().size()); // a set per role: d as Started, e with none
    c = ok(c, "tag pair: d e");
    assertEquals(List.of("d", "e"), c.tags().get(0).refs());
    String show = CrmshShow.render(c);
    assertTrue(show.contains("rsc_ticket t1 ticketA: d:Started e loss-policy=fence"), show);
    assertTrue(show.contains("tag pair d e"), show);
    assertTrue(
        fails(base(), "rsc_ticket t2 ticketA: ghost").contains("no resource or tag 'ghost'"));
    assertTrue(fails(base(), "rsc_ticket t2 ticketA: d loss-policy=maybe").contains("loss-policy"));
  }

  @Test
  void unknownAgentParameterIsAnErrorNamingItAndTheAgent() throws Exception {
    String m = fails(base(), "primitive web ocf:heartbeat:Dummy params stat=/x");
    assertTrue(m.contains("unknown parameter 'stat'"), m);
    assertTrue(m.contains("ocf:heartbeat:Dummy"), m);
    assertTrue(m.contains("state"), m);
  }

  @Test
  void agentNotInstalledSkipsTheCheckWithAWarning() throws Exception {
    CrmshConfigure.Result r =
        CrmshConfigure.apply(
            base(), ShellWords.split("primitive x ocf:acme:Thing params a=1"), AGENTS);
    CrmshConfigure.Changed ch = assertInstanceOf(CrmshConfigure.Changed.class, r);
    assertTrue(ch.warnings().get(0).contains("not checked"), ch.warnings().toString());
  }

  @Test
  void syntaxErrorsSayWhichWord() throws Exception {
    String m = fails(base(), "location l1 d 100 n1");
    assertTrue(m.contains("expected SCORE: with a colon"), m);
    assertTrue(m.contains("word 4 '100'"), m);
    m = fails(base(), "primitive web ocf:heartbeat:Dummy parms fake=1");
    assertTrue(m.contains("expected params, meta, utilization or op, found 'parms'"), m);
    m = fails(base(), "primitive 1web ocf:heartbeat:Dummy");
    assertTrue(m.contains("bad id '1web'"), m);
    m = fails(base(), "order o1 Sometimes: d e");
    assertTrue(m.contains("bad order kind 'Sometimes'"), m);
    m = fails(base(), "frobnicate x");
    assertTrue(m.contains("unknown configure command 'frobnicate'"), m);
    m = fails(base(), "colocation c1 inf: d");
    assertTrue(m.contains("expected the resource it runs with"), m);
  }

  @Test
  void unknownIdsAndDuplicatesAreRefused() throws Exception {
    assertTrue(fails(base(), "location l1 nope 100: n1").contains("no resource or tag 'nope'"));
    // As crmsh: a node not (yet) in the configuration is a warning, not an error.
    assertTrue(
        ((CrmshConfigure.Changed)
                CrmshConfigure.apply(base(), ShellWords.split("location l1 d 100: n9"), AGENTS))
            .warnings()
            .toString()
            .contains("n9 is not a node"));
    assertTrue(fails(base(), "group g d nope").contains("no resource 'nope'"));
    assertTrue(fails(base(), "primitive d ocf:heartbeat:Dummy").contains("already in use"));
    assertTrue(
        fails(base(), "delete nope")
            .contains("no resource, constraint, tag or node with id 'nope'"));
    assertTrue(fails(base(), "fencing_topology n1: d").contains("'d' is not a stonith primitive"));
  }

  @Test
  void groupCloneAndPromotableTakeTheirMembers() throws Exception {
    Configuration c = ok(base(), "group g d e meta target-role=Started");
    // As crmsh: the members leave their places, the new group is appended.
    assertEquals(List.of("fence", "g"), c.resources().stream().map(r -> r.id()).toList());
    Group g = (Group) c.resource("g").orElseThrow();
    assertEquals(List.of("d", "e"), g.members().stream().map(r -> r.id()).toList());
    Configuration cl = ok(c, "clone g-clone g meta interleave=true");
    assertInstanceOf(Clone.class, cl.resources().get(cl.resources().size() - 1));
    Configuration pr = ok(base(), "ms d-ms d meta promoted-max=1");
    Clone p = (Clone) pr.resource("d-ms").orElseThrow();
    assertTrue(p.promotable());
    assertEquals(Optional.of("1"), p.meta("promoted-max"));
    assertTrue(fails(c, "clone c2 d").contains("already inside a group or clone"));
  }

  @Test
  void constraints() throws Exception {
    Configuration c = ok(base(), "location l1 d role=Started -inf: n2");
    LocationConstraint l = (LocationConstraint) c.constraints().get(0);
    assertEquals(Score.MINUS_INFINITY, l.score());
    assertEquals("n2", l.node());
    assertEquals(Role.STARTED, l.role());
    c = ok(c, "colocation c1 inf: d e:Promoted");
    ColocationConstraint col = (ColocationConstraint) c.constraints().get(1);
    assertEquals("d", col.rsc());
    assertEquals(Role.PROMOTED, col.withRscRole());
    assertNull(col.rscRole());
    c = ok(c, "order o1 Optional: d:stop e:start");
    OrderConstraint o = (OrderConstraint) c.constraints().get(2);
    assertEquals(OrderKind.OPTIONAL, o.kind());
    assertEquals("stop", o.firstAction());
    c = ok(c, "location l2 d rule 50: #uname eq n3 or defined pingd");
    LocationConstraint rule = (LocationConstraint) c.constraints().get(3);
    assertEquals("or", rule.rules().get(0).booleanOp());
    assertEquals(
        "#uname", ((AttributeExpression) rule.rules().get(0).expressions().get(0)).attribute());
  }

  @Test
  void propertiesDefaultsAndTopology() throws Exception {
    Configuration c = ok(base(), "property stonith-enabled=true no-quorum-policy=stop");
    assertEquals(Optional.of("true"), c.property("stonith-enabled"));
    c = ok(c, "property stonith-enabled=false");
    assertEquals(Optional.of("false"), c.property("stonith-enabled"));
    assertEquals(1, c.clusterProperties().size());
    c = ok(c, "rsc_defaults resource-stickiness=100");
    assertEquals("rsc-options", c.rscDefaults().get(0).id());
    c = ok(c, "op_defaults timeout=30s");
    assertEquals(Optional.of("30s"), c.opDefaults().get(0).value("timeout"));
    c = ok(c, "fencing_topology n1: fence n2: fence");
    assertEquals(2, c.fencingLevels().size());
    assertEquals("n2", c.fencingLevels().get(1).target());
  }

  @Test
  void deleteRemovesConstraintsThatNameTheResource() throws Exception {
    Configuration c = ok(base(), "location l1 d 100: n1");
    c = ok(c, "group g d e");
    CrmshConfigure.Changed ch =
        (CrmshConfigure.Changed) CrmshConfigure.apply(c, List.of("delete", "d"), AGENTS);
    assertTrue(ch.configuration().constraints().isEmpty());
    assertTrue(ch.warnings().get(0).contains("l1"));
    Group g = (Group) ch.configuration().resource("g").orElseThrow();
    assertEquals(1, g.members().size());
  }

  @Test
  void showOutputReadsBack() throws Exception {
    Configuration c =
        ok(base(), "primitive web ocf:heartbeat:Dummy params fake=\"a b\" op monitor interval=5s");
    c = ok(c, "location l1 web 100: n1");
    String shown = CrmshShow.render(c);
    assertTrue(
        shown.contains("primitive web ocf:heartbeat:Dummy \\\n\tparams fake=\"a b\""), shown);
    assertTrue(shown.contains("location l1 web 100: n1"), shown);
    // Each statement of show, joined, is a command that builds the same object on an empty base.
    Configuration again =
        ok(base(), "primitive web ocf:heartbeat:Dummy params fake=\"a b\" op monitor interval=5s");
    assertEquals(c.resource("web"), again.resource("web"));
  }

  static org.paceline.cib.Constraint find(Configuration c, String id) {
    return c.constraints().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
  }

  static org.paceline.cib.ResourceSet plainSet(String id, String rsc) {
    return new org.paceline.cib.ResourceSet(
        id, null, null, null, null, null, null, null, List.of(rsc), java.util.Map.of());
  }

  @Test
  void resourceSetsAreReadAndShownInCrmshSyntax() throws Exception {
    Configuration c = ok(base(), "primitive f ocf:heartbeat:Dummy");
    c = ok(c, "colocation c-set inf: d e f");
    c = ok(c, "order o-set Optional: d ( e f ) symmetrical=false");
    c = ok(c, "order o-act Mandatory: [ d:start e:start ] f:start");
    c = ok(c, "colocation c-role 100: d:Promoted e:Started f:Started");
    ColocationConstraint cs = (ColocationConstraint) find(c, "c-set");
    assertNull(cs.rsc());
    assertEquals(1, cs.resourceSets().size());
    assertEquals(List.of("d", "e", "f"), cs.resourceSets().get(0).resourceRefs());
    OrderConstraint os = (OrderConstraint) find(c, "o-set");
    assertEquals(2, os.resourceSets().size());
    assertEquals(Boolean.FALSE, os.resourceSets().get(1).sequential());
    assertEquals(Boolean.FALSE, os.symmetrical());
    OrderConstraint oa = (OrderConstraint) find(c, "o-act");
    assertEquals(Boolean.FALSE, oa.resourceSets().get(0).requireAll());
    assertEquals("start", oa.resourceSets().get(1).action());
    ColocationConstraint cr = (ColocationConstraint) find(c, "c-role");
    assertEquals(2, cr.resourceSets().size());
    assertEquals(Role.PROMOTED, cr.resourceSets().get(0).role());

    String shown = CrmshShow.render(c);
    assertTrue(shown.contains("colocation c-set inf: d e f"), shown);
    assertTrue(shown.contains("order o-set Optional: d ( e f ) symmetrical=false"), shown);
    assertTrue(shown.contains("order o-act Mandatory: [ d:start e:start ] f:start"), shown);
    assertTrue(shown.contains("colocation c-role 100: d:Promoted e:Started f:Started"), shown);
    assertFalse(shown.contains("shown by 'show xml' only"), shown);

    // Two sets that would read back as one, or as the two-resource form, are bracketed.
    Configuration twoSets =
        ok(ok(base(), "primitive f ocf:heartbeat:Dummy"), "colocation c2 inf: ( d e ) f");
    ColocationConstraint c2 = (ColocationConstraint) find(twoSets, "c2");
    assertEquals(2, c2.resourceSets().size());
    assertEquals(Boolean.FALSE, c2.resourceSets().get(0).sequential());
    Configuration adjacent =
        Configs.withConstraint(
            base(),
            new ColocationConstraint(
                "adj",
                null,
                null,
                Score.INFINITY,
                null,
                null,
                null,
                List.of(plainSet("r1", "d"), plainSet("r2", "e")),
                java.util.Map.of()));
    String adj = CrmshShow.render(adjacent);
    assertTrue(adj.contains("colocation adj inf: d ( e sequential=true )"), adj);
    for (Configuration x : List.of(twoSets, adjacent)) {
      String text = CrmshShow.render(x);
      Configuration back = base();
      for (String line : text.replace(" \\\n\t", " ").split("\n")) {
        if (line.startsWith("colocation") || line.startsWith("primitive f ")) {
          back = ok(back, line);
        }
      }
      assertEquals(text, CrmshShow.render(back));
    }

    assertTrue(fails(base(), "colocation bad inf: d ( e").contains("not closed"));
    assertTrue(fails(base(), "colocation bad inf: d e ghost").contains("ghost"));
    assertTrue(fails(base(), "order bad Mandatory: d:start e:stop ( d e ]").contains("]"));
    // As crmsh's parser: a role change inside brackets starts a new set, still unordered.
    ColocationConstraint split =
        (ColocationConstraint)
            ok(base(), "colocation split inf: ( d e:Started )").constraints().stream()
                .filter(x -> x.id().equals("split"))
                .findFirst()
                .orElseThrow();
    assertEquals(2, split.resourceSets().size());
    assertEquals(Boolean.FALSE, split.resourceSets().get(0).sequential());
    assertEquals(Boolean.FALSE, split.resourceSets().get(1).sequential());
    assertEquals(Role.STARTED, split.resourceSets().get(1).role());
  }
}
