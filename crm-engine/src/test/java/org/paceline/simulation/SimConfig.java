package org.paceline.simulation;

import java.util.Set;
import java.util.TreeSet;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;

/**
 * The simulated cluster's configuration: three voters, a fence device, a floating {@code vip}, a
 * promotable {@code db} (Stateful) and a {@code policy} colocated with both; plus the few settings
 * the fault schedule edits (standby, a location constraint for vip, a cluster property).
 *
 * @param attributePromotion true: the Stateful agent sets {@code master-db} scores and there is no
 *     promotion rule; false: a location rule on role Promoted decides and the agent sets nothing
 * @param standby nodes in standby
 * @param vipPrefers the node a {@code vip-prefer} location constraint names, or null
 * @param recheck the {@code cluster-recheck-interval} value, or null
 */
record SimConfig(
    boolean attributePromotion, Set<String> standby, String vipPrefers, String recheck) {

  SimConfig {
    standby = Set.copyOf(new TreeSet<>(standby));
  }

  static SimConfig initial(boolean attributePromotion) {
    return new SimConfig(attributePromotion, Set.of(), null, null);
  }

  SimConfig withStandby(String node, boolean on) {
    Set<String> s = new TreeSet<>(standby);
    if (on) {
      s.add(node);
    } else {
      s.remove(node);
    }
    return new SimConfig(attributePromotion, s, vipPrefers, recheck);
  }

  SimConfig withVipPrefers(String node) {
    return new SimConfig(attributePromotion, standby, node, recheck);
  }

  SimConfig withRecheck(String value) {
    return new SimConfig(attributePromotion, standby, vipPrefers, value);
  }

  /** The CIB for this configuration at configuration epoch {@code epoch}. */
  Cib cib(long epoch) {
    try {
      return CibXmlReader.read(xml(epoch), "simulation epoch " + epoch).cib();
    } catch (CibFormatException e) {
      throw new IllegalStateException("simulation configuration does not parse: " + e, e);
    }
  }

  String xml(long epoch) {
    StringBuilder x = new StringBuilder();
    x.append("<cib admin_epoch=\"0\" epoch=\"")
        .append(epoch)
        .append("\" num_updates=\"0\" validate-with=\"pacemaker-3.7\">\n<configuration>\n");
    x.append("<crm_config><cluster_property_set id=\"opts\">\n");
    x.append("<nvpair id=\"opts-stonith\" name=\"stonith-enabled\" value=\"true\"/>\n");
    if (recheck != null) {
      x.append("<nvpair id=\"opts-recheck\" name=\"cluster-recheck-interval\" value=\"")
          .append(recheck)
          .append("\"/>\n");
    }
    x.append("</cluster_property_set></crm_config>\n<nodes>\n");
    int id = 1;
    for (String n : Simulation.NODES) {
      x.append("<node id=\"").append(id++).append("\" uname=\"").append(n).append("\"");
      if (standby.contains(n)) {
        x.append("><instance_attributes id=\"")
            .append(n)
            .append("-ia\"><nvpair id=\"")
            .append(n)
            .append("-standby\" name=\"standby\" value=\"on\"/></instance_attributes></node>\n");
      } else {
        x.append("/>\n");
      }
    }
    x.append("</nodes>\n<resources>\n");
    x.append(
        """
        <primitive id="fence" class="stonith" type="fence_dummy">
          <operations><op id="fence-mon" name="monitor" interval="60s" timeout="10s"/></operations>
        </primitive>
        <primitive id="vip" class="ocf" provider="heartbeat" type="Dummy">
          <operations><op id="vip-mon" name="monitor" interval="1s" timeout="10s"/></operations>
        </primitive>
        <clone id="db-clone">
          <meta_attributes id="db-clone-meta">
            <nvpair id="db-clone-promotable" name="promotable" value="true"/>
            <nvpair id="db-clone-promoted-max" name="promoted-max" value="1"/>
          </meta_attributes>
          <primitive id="db" class="ocf" provider="pacemaker" type="Stateful">
            <operations>
              <op id="db-mon-p" name="monitor" interval="1s" role="Promoted" timeout="10s"/>
              <op id="db-mon-u" name="monitor" interval="1100ms" role="Unpromoted" timeout="10s"/>
            </operations>
          </primitive>
        </clone>
        <primitive id="policy" class="ocf" provider="heartbeat" type="Dummy">
          <operations><op id="policy-mon" name="monitor" interval="1s" timeout="10s"/></operations>
        </primitive>
        </resources>
        <constraints>
        <rsc_colocation id="vip-with-db" rsc="vip" with-rsc="db-clone" with-rsc-role="Promoted" score="INFINITY"/>
        <rsc_colocation id="policy-with-vip" rsc="policy" with-rsc="vip" score="INFINITY"/>
        <rsc_colocation id="policy-with-db" rsc="policy" with-rsc="db-clone" with-rsc-role="Promoted" score="INFINITY"/>
        <rsc_order id="db-then-vip" first="db-clone" first-action="promote" then="vip" then-action="start"/>
        <rsc_order id="vip-then-policy" first="vip" first-action="start" then="policy" then-action="start"/>
        <rsc_order id="db-then-policy" first="db-clone" first-action="promote" then="policy" then-action="start"/>
        """);
    if (!attributePromotion) {
      x.append(
          """
          <rsc_location id="db-prefer" rsc="db-clone">
            <rule id="db-prefer-n1" role="Promoted" score="10">
              <expression id="db-prefer-n1-e" attribute="#uname" operation="eq" value="n1"/>
            </rule>
          </rsc_location>
          <rsc_location id="db-prefer2" rsc="db-clone">
            <rule id="db-prefer-n2" role="Promoted" score="5">
              <expression id="db-prefer-n2-e" attribute="#uname" operation="eq" value="n2"/>
            </rule>
          </rsc_location>
          """);
    }
    if (vipPrefers != null) {
      x.append("<rsc_location id=\"vip-prefer\" rsc=\"vip\" node=\"")
          .append(vipPrefers)
          .append("\" score=\"100\"/>\n");
    }
    x.append("</constraints>\n</configuration>\n<status/>\n</cib>\n");
    return x.toString();
  }
}
