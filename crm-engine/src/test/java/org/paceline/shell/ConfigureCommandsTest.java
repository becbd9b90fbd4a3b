package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * crm configure and crm resource edits on a CIB file (-x): dry run by default, --yes writes,
 * refusals exit non-zero and leave the file as it was. The golden {@code configure show} output is
 * rewritten only with -Dpaceline.golden.update=true (then review the diff).
 */
@Tag("unit")
class ConfigureCommandsTest {
  @TempDir Path dir;

  Path cib() throws Exception {
    Path f = dir.resolve("cib.xml");
    Files.writeString(f, CrmshConfigureTest.BASE);
    return f;
  }

  static final String NO_AGENTS = "--ocf-root=/nonexistent";

  @Test
  void dryRunChangesNothingAndYesCommits() throws Exception {
    Path f = cib();
    String before = Files.readString(f);
    CrmRun r =
        CrmRun.of("configure", "primitive", "web", "ocf:heartbeat:Dummy", "-x", f.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("Transition Summary:"), r.out());
    assertTrue(r.out().contains("* Start      web"), r.out());
    assertTrue(r.out().contains("not committed: pass --yes"), r.out());
    assertEquals(before, Files.readString(f));
    r =
        CrmRun.of(
            "configure", "primitive", "web", "ocf:heartbeat:Dummy", "--yes", "-x", f.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.readString(f).contains("id=\"web\""));
    assertTrue(Files.readString(f).contains("epoch=\"6\""));
  }

  @Test
  void refusalsExitNonZeroAndChangeNothing() throws Exception {
    Path f = cib();
    String before = Files.readString(f);
    String[][] bad = {
      {"configure", "location", "l1", "d", "100", "n1"},
      {"configure", "location", "l1", "nope", "100:", "n1"},
      {"configure", "colocation", "c", "-inf:", "d", "ghost"},
      {"configure", "delete", "ghost"},
      {"configure", "order", "o", "Mandatory:", "d", "d"},
      {"resource", "move", "ghost", "n1"},
      {"resource", "ban", "d", "n9"},
      {"resource", "move", "d", "n1", "--lifetime", "soon"},
    };
    for (String[] args : bad) {
      String[] withFile = java.util.Arrays.copyOf(args, args.length + 3);
      withFile[args.length] = "--yes";
      withFile[args.length + 1] = "-x";
      withFile[args.length + 2] = f.toString();
      if (args[0].equals("resource")) {
        withFile[args.length] = "--dry-run";
      }
      CrmRun r = CrmRun.of(withFile);
      assertNotEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.out());
      assertTrue(r.err().contains("error:"), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().contains("nothing changed"), r.err());
      assertEquals(before, Files.readString(f), String.join(" ", args));
    }
  }

  @Test
  void aMissingRequiredParameterAndAMistypedAgentAreRefusedAsCrmshDoes() throws Exception {
    Path ipaddr2 = Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(ipaddr2));
    Path f = cib();
    String before = Files.readString(f);
    CrmRun noIp =
        CrmRun.of("configure", "primitive", "vip", "ocf:heartbeat:IPaddr2", "--yes", "-x", f + "");
    assertEquals(ExitCodes.INVALID_INPUT, noIp.exitCode());
    assertTrue(noIp.err().contains("requires parameter 'ip'"), noIp.err());
    CrmRun typo =
        CrmRun.of(
            "configure",
            "primitive",
            "vip",
            "ocf:heartbeat:IPadr2",
            "params",
            "ip=192.0.2.9",
            "--yes",
            "-x",
            f + "");
    assertEquals(ExitCodes.INVALID_INPUT, typo.exitCode());
    assertTrue(typo.err().contains("no agent ocf:heartbeat:IPadr2"), typo.err());
    assertEquals(before, Files.readString(f));
    CrmRun ok =
        CrmRun.of(
            "configure",
            "primitive",
            "vip",
            "ocf:heartbeat:IPaddr2",
            "params",
            "ip=192.0.2.9",
            "--yes",
            "-x",
            f + "");
    assertEquals(0, ok.exitCode(), ok.err());
  }

  @Test
  void unknownAgentParameterNamesItWithInstalledDummy() throws Exception {
    Path dummy = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(dummy));
    Path f = cib();
    String before = Files.readString(f);
    CrmRun r =
        CrmRun.of(
            "configure",
            "primitive",
            "web",
            "ocf:heartbeat:Dummy",
            "params",
            "stat=/x",
            "--yes",
            "-x",
            f.toString());
    assertEquals(ExitCodes.INVALID_INPUT, r.exitCode());
    assertTrue(r.err().contains("unknown parameter 'stat' for agent ocf:heartbeat:Dummy"), r.err());
    assertEquals(before, Files.readString(f));
  }

  @Test
  void resourceCommandsWriteMetaAndCliConstraints() throws Exception {
    Path f = cib();
    assertEquals(0, CrmRun.of("resource", "stop", "d", "-x", f.toString()).exitCode());
    assertTrue(Files.readString(f).contains("name=\"target-role\" value=\"Stopped\""));
    assertEquals(0, CrmRun.of("resource", "unmanage", "d", "-x", f.toString()).exitCode());
    assertTrue(Files.readString(f).contains("name=\"is-managed\" value=\"false\""));
    assertEquals(0, CrmRun.of("resource", "move", "e", "n2", "-x", f.toString()).exitCode());
    assertEquals(
        0, CrmRun.of("resource", "ban", "e", "n3", "-u", "PT1H", "-x", f.toString()).exitCode());
    String xml = Files.readString(f);
    assertTrue(xml.contains("id=\"cli-prefer-e\""), xml);
    assertTrue(xml.contains("id=\"cli-ban-e-on-n3\""), xml);
    assertTrue(xml.contains("operation=\"lt\""), xml);
    assertEquals(0, CrmRun.of("resource", "clear", "e", "-x", f.toString()).exitCode());
    assertTrue(!Files.readString(f).contains("cli-"));
  }

  static final String PROMOTABLE =
      """
      <cib admin_epoch="0" epoch="5" num_updates="0" validate-with="pacemaker-3.7">
        <configuration>
          <crm_config>
            <cluster_property_set id="o">
              <nvpair id="o-stonith" name="stonith-enabled" value="false"/>
            </cluster_property_set>
          </crm_config>
          <nodes>
            <node id="1" uname="n1"/>
            <node id="2" uname="n2"/>
          </nodes>
          <resources>
            <clone id="db-clone">
              <meta_attributes id="db-clone-m">
                <nvpair id="db-clone-p" name="promotable" value="true"/>
              </meta_attributes>
              <primitive id="db" class="ocf" provider="pacemaker" type="Stateful"/>
            </clone>
            <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
          </resources>
          <constraints/>
        </configuration>
        <status>
          <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
            <transient_attributes id="1"><instance_attributes id="s1">
              <nvpair id="s1-m" name="master-db" value="10"/>
            </instance_attributes></transient_attributes>
            <lrm id="1"><lrm_resources>
              <lrm_resource id="db:0" class="ocf" provider="pacemaker" type="Stateful">
                <lrm_rsc_op id="db:0_last_0" operation_key="db:0_promote_0" operation="promote"
                  transition-key="1:1:0:x" transition-magic="0:0;1:1:0:x" call-id="2"
                  rc-code="0" op-status="0" interval="0"/>
              </lrm_resource>
            </lrm_resources></lrm>
          </node_state>
          <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member">
            <transient_attributes id="2"><instance_attributes id="s2">
              <nvpair id="s2-m" name="master-db" value="10"/>
            </instance_attributes></transient_attributes>
            <lrm id="2"><lrm_resources>
              <lrm_resource id="db:1" class="ocf" provider="pacemaker" type="Stateful">
                <lrm_rsc_op id="db:1_last_0" operation_key="db:1_start_0" operation="start"
                  transition-key="2:1:0:x" transition-magic="0:0;2:1:0:x" call-id="2"
                  rc-code="0" op-status="0" interval="0"/>
              </lrm_resource>
            </lrm_resources></lrm>
          </node_state>
        </status>
      </cib>
      """;

  @Test
  void movePromotedMovesThePromotedRoleAndPlainMoveOfAPromotableIsRefused() throws Exception {
    Path f = dir.resolve("promotable.xml");
    Files.writeString(f, PROMOTABLE);
    String before = Files.readString(f);
    // Without --promoted a preference moves nothing for a clone running everywhere: refused.
    CrmRun plain = CrmRun.of("resource", "move", "db-clone", "n2", "-x", f.toString());
    assertNotEquals(0, plain.exitCode(), plain.out());
    assertTrue(plain.err().contains("--promoted"), plain.err());
    assertEquals(before, Files.readString(f));
    // --promoted on something that is not promotable: refused too.
    CrmRun notPromotable =
        CrmRun.of("resource", "move", "d", "n2", "--promoted", "-x", f.toString());
    assertNotEquals(0, notPromotable.exitCode(), notPromotable.out());
    assertTrue(notPromotable.err().contains("not one"), notPromotable.err());
    assertEquals(before, Files.readString(f));
    // The dry run shows the promoted role moving; --yes is accepted, --dry-run wins.
    CrmRun dry =
        CrmRun.of(
            "resource",
            "move",
            "db-clone",
            "n2",
            "--promoted",
            "--dry-run",
            "--yes",
            "-x",
            f.toString());
    assertEquals(0, dry.exitCode(), dry.err());
    assertTrue(dry.out().contains("Promote    db:1"), dry.out());
    assertTrue(dry.out().contains("Demote     db:0"), dry.out());
    assertTrue(dry.out().contains("not committed (--dry-run)"), dry.out());
    assertEquals(before, Files.readString(f));
    CrmRun move =
        CrmRun.of("resource", "move", "db-clone", "n2", "--promoted", "--yes", "-x", f.toString());
    assertEquals(0, move.exitCode(), move.err());
    String xml = Files.readString(f);
    assertTrue(
        xml.matches("(?s).*<rsc_location id=\"cli-prefer-db-clone\"[^>]*role=\"Promoted\".*"), xml);
    CrmRun ban = CrmRun.of("resource", "ban", "db-clone", "n1", "--promoted", "-x", f.toString());
    assertEquals(0, ban.exitCode(), ban.err());
    assertTrue(
        Files.readString(f)
            .matches("(?s).*<rsc_location id=\"cli-ban-db-clone-on-n1\"[^>]*role=\"Promoted\".*"));
    assertEquals(0, CrmRun.of("resource", "clear", "db-clone", "-x", f.toString()).exitCode());
    assertFalse(Files.readString(f).contains("cli-"));
  }

  @Test
  void loadTakesCrmshTextAllOrNothingWithForwardReferences() throws Exception {
    Path f = cib();
    Path text = dir.resolve("web.crm");
    // As crmsh writes it: continuations, comments, a group before its primitives.
    Files.writeString(
        text,
        """
        # web tier
        node 1: n1 \\
        	attributes rack=a
        group web vip app \\
        	meta target-role=Started
        primitive vip ocf:heartbeat:Dummy \\
        	op monitor interval=10s
        primitive app ocf:heartbeat:Dummy \\
        	op monitor interval=20s timeout=30s
        location prefer-n2 web 100: n2
        order d-then-web Mandatory: d web
        property cib-bootstrap-options: \\
        	no-quorum-policy=stop
        """);
    CrmRun r =
        CrmRun.of("configure", "load", "update", text.toString(), "--yes", "-x", f.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    assertTrue(show.contains("group web vip app"), show);
    assertTrue(show.contains("location prefer-n2 web 100: n2"), show);
    assertTrue(show.contains("rack=a"), show);
    assertTrue(show.contains("primitive d ocf:heartbeat:Dummy"), show); // untouched object kept

    // One bad statement refuses the whole load, naming the file and line; nothing changes.
    String before = Files.readString(f);
    Path bad = dir.resolve("bad.crm");
    Files.writeString(
        bad,
        """
        primitive extra ocf:heartbeat:Dummy
        location nowhere ghost 100: n1
        """);
    CrmRun refused =
        CrmRun.of("configure", "load", "update", bad.toString(), "--yes", "-x", f.toString());
    assertNotEquals(0, refused.exitCode(), refused.out());
    assertTrue(refused.err().contains(bad + ":2"), refused.err());
    assertEquals(before, Files.readString(f));
    Path unknown = dir.resolve("unknown.crm");
    Files.writeString(unknown, "primitive x ocf:heartbeat:Dummy\nfrobnicate x\n");
    // the first line reads as crmsh; the second names its problem
    CrmRun u =
        CrmRun.of("configure", "load", "update", unknown.toString(), "--yes", "-x", f.toString());
    assertNotEquals(0, u.exitCode(), u.out());
    assertTrue(u.err().contains("line 2") && u.err().contains("frobnicate"), u.err());
    assertEquals(before, Files.readString(f));
  }

  @Test
  void theFileCanBeNamedBeforeTheLevelAsCrmshTakesIt() throws Exception {
    Path f = cib();
    CrmRun r =
        CrmRun.of(
            "-x", f.toString(), "configure", "primitive", "web", "ocf:heartbeat:Dummy", "--yes");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(Files.readString(f).contains("id=\"web\""));
    CrmRun status = CrmRun.of("-x", f.toString(), "status");
    assertEquals(0, status.exitCode(), status.err());
    assertTrue(status.out().contains("web"), status.out());
  }

  @Test
  void showThenLoadReplaceRoundTrips() throws Exception {
    CrmRun show = CrmRun.of("configure", "show", "-x", "../examples/cib/demo-trio.xml");
    assertEquals(0, show.exitCode(), show.err());
    Path text = dir.resolve("trio.crm");
    Files.writeString(text, show.out());
    Path f = cib();
    CrmRun load = load("replace", text, f);
    assertEquals(0, load.exitCode(), load.out() + load.err());
    assertEquals(show.out(), CrmRun.of("configure", "show", "-x", f.toString()).out());
  }

  @Test
  void showMatchesReviewedGolden() throws Exception {
    Path golden = Path.of("src/test/resources/shell/demo-trio.show");
    CrmRun r = CrmRun.of("configure", "show", "-x", "../examples/cib/demo-trio.xml");
    assertEquals(0, r.exitCode(), r.err());
    if (Boolean.getBoolean("paceline.golden.update")) {
      Files.writeString(golden, r.out());
    }
    assertEquals(Files.readString(golden), r.out());
    CrmRun x = CrmRun.of("configure", "show", "xml", "-x", "../examples/cib/demo-trio.xml");
    assertTrue(x.out().startsWith("<?xml") || x.out().startsWith("<cib"), x.out());
    assertTrue(x.out().contains("\n  <configuration>"), "pretty-printed");
  }

  @Test
  void loadUpdateMergesByIdAndSaveWrites() throws Exception {
    Path f = cib();
    Path other = dir.resolve("other.xml");
    Files.writeString(
        other,
        CrmshConfigureTest.BASE.replace(
            "<primitive id=\"e\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>",
            "<primitive id=\"e\" class=\"ocf\" provider=\"heartbeat\" type=\"Stateful\"/>"
                + "<primitive id=\"z\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"));
    CrmRun r =
        CrmRun.of("configure", "load", "update", other.toString(), "--yes", "-x", f.toString());
    assertEquals(0, r.exitCode(), r.err());
    String xml = Files.readString(f);
    assertTrue(xml.contains("type=\"Stateful\""), xml);
    assertTrue(xml.contains("id=\"z\""), xml);
    assertTrue(xml.contains("id=\"d\""), xml);
    Path saved = dir.resolve("saved.yaml");
    assertEquals(
        0, CrmRun.of("configure", "save", saved.toString(), "-x", f.toString()).exitCode());
    assertTrue(Files.readString(saved).contains("Stateful"));
  }

  @Test
  void verifyWarnsWhenANotifyingAgentIsClonedWithoutNotify() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/pgsql")), "resource-agents");
    String cib =
        """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration>
            <crm_config/>
            <nodes><node id="1" uname="a"/><node id="2" uname="b"/></nodes>
            <resources>
              <clone id="pg-clone">
                <meta_attributes id="pg-clone-meta">
                  <nvpair id="pg-clone-promotable" name="promotable" value="true"/>
                </meta_attributes>
                <primitive id="pg" class="ocf" provider="heartbeat" type="pgsql"/>
              </clone>
              <clone id="dummies">
                <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
              </clone>
            </resources>
            <constraints/>
          </configuration>
          <status/>
        </cib>
        """;
    Path without = dir.resolve("without.xml");
    Files.writeString(without, cib);
    CrmRun r = CrmRun.of("configure", "verify", "-x", without.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(
        r.err().contains("<clone id=\"pg-clone\">: agent ocf:heartbeat:pgsql of pg handles"),
        r.err());
    assertFalse(r.err().contains("dummies"), "Dummy lists no notify action: " + r.err());
    Path with = dir.resolve("with.xml");
    Files.writeString(
        with,
        cib.replace(
            "<nvpair id=\"pg-clone-promotable\"",
            "<nvpair id=\"pg-clone-notify\" name=\"notify\" value=\"true\"/>"
                + "<nvpair id=\"pg-clone-promotable\""));
    r = CrmRun.of("configure", "verify", "-x", with.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertFalse(r.err().contains("handles notifications"), r.err());
  }

  @Test
  void crmshRulesLoadInEveryFormAndRoundTrip() throws Exception {
    String rules =
        """
        location l-ping d \\
        	rule -inf: not_defined pingd or pingd lte 0
        location l-spec d \\
        	rule 20: date spec hours=9-16 weekdays=1-5
        location l-range d \\
        	rule 50: date in start=2026-01-01 end=2027-01-01
        location l-duration d \\
        	rule 5: date in start=2026-01-01 years=1
        location l-multi e resource-discovery=always \\
        	rule role=Started -inf: #uname eq n2 and pingd number:lt 1000 \\
        	rule pingd: defined pingd
        location l-node e resource-discovery=exclusive 10: n1
        """;
    Path text = dir.resolve("rules.crm");
    Files.writeString(text, rules);
    Path f = cib();
    CrmRun load = load("update", text, f);
    assertEquals(0, load.exitCode(), load.out() + load.err());
    String show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    for (String statement : rules.split("\n(?=location)")) {
      assertTrue(
          show.contains(statement.strip()),
          "shown back as written:\n" + statement + "\nin:\n" + show);
    }
    String xml = Files.readString(f);
    assertTrue(xml.contains("operation=\"date_spec\""), xml);
    assertTrue(
        xml.contains("<duration id=\"l-duration-rule-expression-duration\" years=\"1\"/>"), xml);
    assertTrue(xml.contains("score-attribute=\"pingd\""), xml);
    assertTrue(xml.contains("type=\"number\""), xml);
    assertCrmVerifyAccepts(f);
    // A bad rule is refused with where and what, and nothing changes.
    Files.writeString(text, "location l-bad d rule 5: date in years=1\n");
    String before = Files.readString(f);
    CrmRun bad = load("update", text, f);
    assertNotEquals(0, bad.exitCode());
    assertTrue(
        bad.err().contains("rules.crm:1") && bad.err().contains("date in needs start="), bad.err());
    assertEquals(before, Files.readString(f));
  }

  @Test
  void templatesAndAlertsLoadAsCrmshWritesThemAndRoundTrip() throws Exception {
    String text =
        """
        rsc_template web-tmpl ocf:heartbeat:Dummy \\
        	params fake=1 \\
        	op monitor interval=20s timeout=30s
        primitive web1 @web-tmpl \\
        	params fake=2
        primitive web2 @web-tmpl
        alert alert-file /usr/share/pacemaker/alerts/alert_file.sh.sample \\
        	to /var/log/cluster-alerts.log
        alert alert-2 /usr/share/pacemaker/alerts/alert_file.sh.sample \\
        	meta timeout=60s \\
        	select fencing attributes { standby shutdown } \\
        	to { /var/log/alerts2.log meta timestamp-format=%H:%M:%S attributes foo=bar }
        """;
    Path file = dir.resolve("more.crm");
    Files.writeString(file, text);
    Path f = cib();
    CrmRun load = load("update", file, f);
    assertEquals(0, load.exitCode(), load.out() + load.err());
    assertTrue(
        load.out().contains("Start      web1"),
        "an instance of the template is scheduled: " + load.out());
    String show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    for (String statement : text.split("\n(?=rsc_template|primitive|alert)")) {
      assertTrue(
          show.contains(statement.strip()),
          "shown back as written:\n" + statement + "\nin:\n" + show);
    }
    assertCrmVerifyAccepts(f);
    // show -> load replace gives the same show.
    Path again = dir.resolve("again.crm");
    Files.writeString(again, show);
    Path g = cib();
    Files.copy(f, g, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CrmRun replace = load("replace", again, g);
    assertEquals(0, replace.exitCode(), replace.out() + replace.err());
    assertEquals(show, CrmRun.of("configure", "show", "-x", g.toString()).out());
    // An alert of the same id replaces the old one; an unknown template is refused.
    Files.writeString(file, "alert alert-file /usr/local/bin/my-alert.sh to admin@example.com\n");
    assertEquals(0, load("update", file, f).exitCode());
    String after = CrmRun.of("configure", "show", "-x", f.toString()).out();
    assertTrue(after.contains("alert alert-file /usr/local/bin/my-alert.sh"), after);
    assertFalse(after.contains("cluster-alerts.log"), after);
    assertTrue(after.contains("alert alert-2 "), "the other alert stays: " + after);
    Files.writeString(file, "primitive web3 @no-such-template\n");
    CrmRun bad = load("update", file, f);
    assertNotEquals(0, bad.exitCode());
    assertTrue(bad.err().contains("no resource template 'no-such-template'"), bad.err());
  }

  @Test
  void aclRolesAndTargetsLoadAsCrmshWritesThem() throws Exception {
    String text =
        """
        role d_admin \\
        	write meta:d:target-role \\
        	write location:d \\
        	read ref:d
        role read_all \\
        	read xpath:/cib
        role nodes_ro \\
        	read status \\
        	deny tag:nvpair attribute:value \\
        	read node:n1
        acl_target alice d_admin read_all
        user bob role:read_all
        """;
    Path file = dir.resolve("acls.crm");
    Files.writeString(file, text);
    Path f = cib();
    CrmRun load = load("update", file, f);
    assertEquals(0, load.exitCode(), load.out() + load.err());
    String show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    // crmsh's shortcuts become the XPaths crmsh makes of them.
    assertTrue(
        show.contains(
            "role d_admin \\\n"
                + "\twrite xpath:\"//primitive[@id='d']/meta_attributes/nvpair[@name='target-role']\" \\\n"
                + "\twrite xpath:\"//rsc_location[@id='cli-prefer-d' and @rsc='d']\" \\\n"
                + "\tread ref:d\n"),
        show);
    assertTrue(show.contains("\tdeny type:nvpair attr:value \\\n"), show);
    assertTrue(show.contains("\tread xpath:\"//nodes/node[@uname='n1']\"\n"), show);
    assertTrue(show.contains("acl_target alice d_admin read_all\n"), show);
    assertTrue(show.contains("acl_target bob read_all\n"), show);
    assertCrmVerifyAccepts(f);
    // What Pacemaker's ACL schema refuses is refused here, and nothing changes.
    String before = Files.readString(f);
    for (String bad :
        List.of(
            "role r2 read ref:no-such-thing",
            "acl_target carol no-such-role",
            "role r3 read xpath:/cib attribute:value",
            "role r4 read ref:d tag:primitive",
            "role r5 read")) {
      Files.writeString(file, bad + "\n");
      CrmRun r = load("update", file, f);
      assertNotEquals(0, r.exitCode(), bad + ": " + r.out());
      assertEquals(before, Files.readString(f), bad);
    }
  }

  @Test
  void descriptionsAndNodeAttributeColocationsRoundTrip() throws Exception {
    String text =
        """
        primitive web ocf:heartbeat:Dummy \\
        	description="the web server" \\
        	op monitor interval=10s
        group g-web web \\
        	description="web tier"
        clone cl-web g-web \\
        	description=everywhere \\
        	meta interleave=true
        colocation col-site inf: d cl-web node-attribute=site
        colocation col-set 100: d e node-attribute=rack
        """;
    Path file = dir.resolve("desc.crm");
    Files.writeString(file, text);
    Path f = cib();
    CrmRun load = load("update", file, f);
    assertEquals(0, load.exitCode(), load.out() + load.err());
    String show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    for (String statement : text.split("\n(?=primitive|group|clone|colocation)")) {
      assertTrue(
          show.contains(statement.strip()),
          "shown back as written:\n" + statement + "\nin:\n" + show);
    }
    String xml = Files.readString(f);
    assertTrue(xml.contains("node-attribute=\"site\""), xml);
    assertTrue(xml.contains("description=\"web tier\""), xml);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"demo-trio.xml", "hub-pair.xml"})
  void showPipedIntoLoadReplaceFromStandardInputRoundTripsWithTheAgentsChecked(String example)
      throws Exception {
    // The shipped examples, checked against the agents' own meta-data (no NO_AGENTS here):
    // every parameter they set exists and every required one is set.
    Path f = dir.resolve(example);
    Files.copy(Path.of("../examples/cib/" + example), f);
    String show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    java.io.InputStream stdin = System.in;
    CrmRun load;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(show.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      load = CrmRun.of("configure", "load", "replace", "-", "--yes", "-x", f.toString());
    } finally {
      System.setIn(stdin);
    }
    assertEquals(0, load.exitCode(), load.out() + load.err());
    assertEquals(show, CrmRun.of("configure", "show", "-x", f.toString()).out());
  }

  @Test
  void loadReplaceKeepsTheNodesPushTakesTheFileExactlyAndXmlNamesTheFormat() throws Exception {
    Path text = dir.resolve("small.crm");
    Files.writeString(
        text,
        """
        node 4: n4
        primitive only ocf:heartbeat:Dummy
        property cib-bootstrap-options: stonith-enabled=false
        """);
    // replace: crmsh erases every object but the nodes, then loads the file.
    Path f = cib();
    CrmRun r = load("replace", text, f);
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    assertTrue(show.contains("primitive only "), show);
    assertFalse(show.contains("primitive d "), show);
    for (String n : List.of("node 1: n1", "node 2: n2", "node 3: n3", "node 4: n4")) {
      assertTrue(show.contains(n), n + " in:\n" + show);
    }
    // push: the configuration becomes exactly the file's, nodes included.
    f = cib();
    r = load("push", text, f);
    assertEquals(0, r.exitCode(), r.out() + r.err());
    show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    assertTrue(show.contains("node 4: n4"), show);
    assertFalse(show.contains("n1"), show);
    assertFalse(show.contains("primitive e "), show);

    // "xml" before the method: an XML file merged by id.
    f = cib();
    Path xml = dir.resolve("extra.xml");
    Files.writeString(
        xml,
        """
        <cib><configuration><crm_config/><nodes/><resources>
          <primitive id="x" class="ocf" provider="heartbeat" type="Dummy"/>
        </resources><constraints/></configuration></cib>
        """);
    r =
        CrmRun.of(
            "configure",
            "load",
            "xml",
            "update",
            xml.toString(),
            "--yes",
            "-x",
            f.toString(),
            NO_AGENTS);
    assertEquals(0, r.exitCode(), r.out() + r.err());
    show = CrmRun.of("configure", "show", "-x", f.toString()).out();
    assertTrue(show.contains("primitive x ") && show.contains("primitive d "), show);

    // A node is the same node by name or by id: a file that gives node n2 another id replaces
    // it instead of adding a second n2 (a live cluster's ids need not be the file's).
    f = cib();
    Path renamed = dir.resolve("renamed-node.xml");
    Files.writeString(
        renamed,
        """
        <cib><configuration><crm_config/><nodes><node id="n2" uname="n2"/></nodes><resources/>
        <constraints/></configuration></cib>
        """);
    for (String method : List.of("update")) {
      f = cib();
      r = load(method, renamed, f);
      assertEquals(0, r.exitCode(), method + ": " + r.out() + r.err());
      String xmlOut = Files.readString(f);
      assertTrue(xmlOut.contains("<node id=\"n2\" uname=\"n2\""), method + ": " + xmlOut);
      assertFalse(xmlOut.contains("<node id=\"2\""), method + ": " + xmlOut);
      assertEquals(3, xmlOut.split("<node ", -1).length - 1, method + ": " + xmlOut);
    }

    // A word other than xml before the method, or an unknown method: usage, nothing changed.
    String before = Files.readString(f);
    for (List<String> bad : List.of(List.of("yaml", "update"), List.of("merge"))) {
      List<String> args = new java.util.ArrayList<>(List.of("configure", "load"));
      args.addAll(bad);
      args.addAll(List.of(xml.toString(), "--yes", "-x", f.toString(), NO_AGENTS));
      CrmRun refused = CrmRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.out() + refused.err());
      assertEquals(before, Files.readString(f));
    }
  }

  /** {@code configure load METHOD FILE --yes -x CIB}, agents unchecked. */
  private static CrmRun load(String method, Path file, Path cib) {
    return CrmRun.of(
        "configure", "load", method, file.toString(), "--yes", "-x", cib.toString(), NO_AGENTS);
  }

  /** Pacemaker's crm_verify accepts the CIB file (where pacemaker-cli-utils is installed). */
  private static void assertCrmVerifyAccepts(Path cib) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/sbin/crm_verify"))) {
      return;
    }
    Process p =
        new ProcessBuilder("crm_verify", "-x", cib.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "Pacemaker's crm_verify accepts " + cib + ": " + out);
  }
}
