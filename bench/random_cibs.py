#!/usr/bin/env python3
"""Random small CIBs over Pacemaker's core features, for differential runs against crm_simulate.

Usage: random_cibs.py OUT_DIR FIRST_SEED COUNT   (writes OUT_DIR/fzSEED.xml; same seed, same CIB)

Each CIB has 2-4 nodes (some standby, offline or in maintenance), primitives, groups, clones and
promotable clones, location/colocation/order constraints (mandatory, optional, asymmetrical,
roles), stickiness, fencing on or off, and a status section with running, promoted and failed
instances. SchedulerDifferentialTest compares Paceline's Transition Summary with crm_simulate's on
them: inputs nobody tuned the scheduler for.
"""
import random, sys, os

def op(rsc, task, interval, rc, call, target=0, status=0):
    return (f'<lrm_rsc_op id="{rsc}_{task}_{interval}_{call}" operation_key="{rsc}_{task}_{interval}" operation="{task}" '
            f'crm-debug-origin="x" crm_feature_set="3.16.2" transition-key="{call}:1:{target}:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa" '
            f'transition-magic="{status}:{rc};{call}:1:{target}:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa" call-id="{call}" rc-code="{rc}" '
            f'op-status="{status}" interval="{interval}" last-rc-change="1700000000" exec-time="1" queue-time="0" '
            f'op-digest="f2317cad3d54cec5d7d7aa7d0bf35cf8"/>')

def gen(seed):
    r = random.Random(seed)
    nn = r.randint(2, 4)
    nodes = [f"n{i+1}" for i in range(nn)]
    state = {}
    for n in nodes:
        state[n] = r.choices(["online", "standby", "offline", "maintenance"], [10, 1, 1, 0.5])[0]
    if all(s != "online" for s in state.values()):
        state[nodes[0]] = "online"
    stonith = r.random() < 0.3
    stick = r.choice([0, 0, 1, 100, 50])
    rid = [0]
    def new(prefix):
        rid[0] += 1
        return f"{prefix}{rid[0]}"
    prims = []      # (id, parent_kind)
    res_xml = []
    tops = []       # (id, kind, members)
    for _ in range(r.randint(1, 5)):
        kind = r.choices(["prim", "group", "clone", "promotable"], [5, 2, 2, 1])[0]
        if kind == "prim":
            i = new("r"); prims.append((i, None)); tops.append((i, "prim", [i]))
            meta = ""
            if r.random() < 0.15:
                meta = f'<meta_attributes id="{i}-m"><nvpair id="{i}-tr" name="target-role" value="Stopped"/></meta_attributes>'
            if r.random() < 0.1:
                meta = f'<meta_attributes id="{i}-m"><nvpair id="{i}-mt" name="migration-threshold" value="1"/></meta_attributes>'
            res_xml.append(f'<primitive id="{i}" class="ocf" provider="pacemaker" type="Dummy">{meta}<operations><op id="{i}-mon" name="monitor" interval="10s"/></operations></primitive>')
        elif kind == "group":
            g = new("g"); ms = [new("m") for _ in range(r.randint(2, 3))]
            for m in ms: prims.append((m, "group"))
            tops.append((g, "group", ms))
            inner = "".join(f'<primitive id="{m}" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="{m}-mon" name="monitor" interval="10s"/></operations></primitive>' for m in ms)
            res_xml.append(f'<group id="{g}">{inner}</group>')
        else:
            c = new("c"); ch = new("k")
            tops.append((c, kind, [ch])); prims.append((ch, kind))
            meta = []
            if kind == "promotable":
                meta.append(f'<nvpair id="{c}-p" name="promotable" value="true"/>')
            if r.random() < 0.3:
                meta.append(f'<nvpair id="{c}-cm" name="clone-max" value="{r.randint(1, nn)}"/>')
            if r.random() < 0.3:
                meta.append(f'<nvpair id="{c}-il" name="interleave" value="true"/>')
            m = f'<meta_attributes id="{c}-m">{"".join(meta)}</meta_attributes>' if meta else ""
            ops = f'<op id="{ch}-mon" name="monitor" interval="10s"/>'
            if kind == "promotable":
                ops = f'<op id="{ch}-mon" name="monitor" interval="10s" role="Unpromoted"/><op id="{ch}-monp" name="monitor" interval="11s" role="Promoted"/>'
            res_xml.append(f'<clone id="{c}">{m}<primitive id="{ch}" class="ocf" provider="pacemaker" type="Stateful"><operations>{ops}</operations></primitive></clone>'.replace('type="Stateful"', 'type="Stateful"' if kind == "promotable" else 'type="Dummy"'))
    if stonith:
        res_xml.insert(0, '<primitive id="fence" class="stonith" type="fence_dummy"/>')
    cons = []
    ids = [t[0] for t in tops]
    for _ in range(r.randint(0, 4)):
        t = r.choice(tops)
        sc = r.choice(["INFINITY", "-INFINITY", "100", "-100", "50", "10", "-10"])
        target = t[0] if r.random() < 0.8 or t[1] == "prim" else t[2][0] if t[1] == "group" else t[0]
        cons.append(f'<rsc_location id="{new("l")}" rsc="{target}" node="{r.choice(nodes)}" score="{sc}"/>')
    if len(tops) > 1:
        for _ in range(r.randint(0, 3)):
            a, b = r.sample(tops, 2)
            sc = r.choice(["INFINITY", "INFINITY", "-INFINITY", "100", "-100", "0"])
            roles = ""
            if b[1] == "promotable" and r.random() < 0.6:
                roles = ' with-rsc-role="Promoted"'
            cons.append(f'<rsc_colocation id="{new("col")}" rsc="{a[0]}" with-rsc="{b[0]}" score="{sc}"{roles}/>')
        for _ in range(r.randint(0, 3)):
            a, b = r.sample(tops, 2)
            kind = r.choice(["Mandatory", "Mandatory", "Optional"])
            fa = "promote" if a[1] == "promotable" and r.random() < 0.5 else "start"
            sym = ' symmetrical="false"' if r.random() < 0.2 else ""
            cons.append(f'<rsc_order id="{new("o")}" first="{a[0]}" first-action="{fa}" then="{b[0]}" kind="{kind}"{sym}/>')
    # status: each primitive maybe running on some node
    lrm = {n: [] for n in nodes}
    trans = {n: [] for n in nodes}
    call = [10]
    def c():
        call[0] += 1; return call[0]
    for (pid, parent) in prims:
        if parent in ("clone", "promotable"):
            inst = 0
            for n in nodes:
                if state[n] == "offline" or r.random() < 0.4: continue
                hid = f"{pid}:{inst}"; inst += 1
                ops = [op(hid, "start", 0, 0, c())]
                if parent == "promotable" and r.random() < 0.4:
                    ops.append(op(hid, "promote", 0, 0, c()))
                if r.random() < 0.1:
                    ops.append(op(hid, "monitor", 10000, 1, c()))
                lrm[n].append(f'<lrm_resource id="{hid}" class="ocf" provider="pacemaker" type="{"Stateful" if parent=="promotable" else "Dummy"}">{"".join(ops)}</lrm_resource>')
        else:
            if r.random() < 0.5: continue
            on = [n for n in nodes if state[n] != "offline"]
            if not on: continue
            n = r.choice(on)
            ops = [op(pid, "start", 0, 0, c())]
            roll = r.random()
            if roll < 0.1:
                ops.append(op(pid, "monitor", 10000, 1, c()))
                trans[n].append(f'<nvpair id="{n}-fc-{pid}" name="fail-count-{pid}#monitor_10000" value="{r.choice([1, 1, "INFINITY"])}"/>')
            elif roll < 0.13:
                ops.append(op(pid, "stop", 0, 1, c()))
            lrm[n].append(f'<lrm_resource id="{pid}" class="ocf" provider="pacemaker" type="Dummy">{"".join(ops)}</lrm_resource>')
    node_xml = []
    status_xml = []
    for n in nodes:
        attrs = []
        if state[n] == "standby": attrs.append(f'<nvpair id="{n}-sb" name="standby" value="on"/>')
        if state[n] == "maintenance": attrs.append(f'<nvpair id="{n}-mt" name="maintenance" value="true"/>')
        ia = f'<instance_attributes id="{n}-a">{"".join(attrs)}</instance_attributes>' if attrs else ""
        node_xml.append(f'<node id="{n}" uname="{n}">{ia}</node>')
        if state[n] == "offline":
            status_xml.append(f'<node_state id="{n}" uname="{n}" in_ccm="false" crmd="offline" join="down" expected="down"/>')
        else:
            ta = f'<transient_attributes id="{n}"><instance_attributes id="status-{n}">{"".join(trans[n])}</instance_attributes></transient_attributes>' if trans[n] else ""
            status_xml.append(f'<node_state id="{n}" uname="{n}" in_ccm="true" crmd="online" join="member" expected="member">{ta}<lrm id="{n}"><lrm_resources>{"".join(lrm[n])}</lrm_resources></lrm></node_state>')
    props = f'<nvpair id="o-s" name="stonith-enabled" value="{"true" if stonith else "false"}"/>'
    rd = f'<rsc_defaults><meta_attributes id="rd"><nvpair id="rd-s" name="resource-stickiness" value="{stick}"/></meta_attributes></rsc_defaults>' if stick else ""
    nl = "\n      "
    return f'''<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="1" dc-uuid="{nodes[0]}">
  <configuration>
    <crm_config><cluster_property_set id="o">{props}</cluster_property_set></crm_config>
    <nodes>
      {nl.join(node_xml)}
    </nodes>
    <resources>
      {nl.join(res_xml)}
    </resources>
    <constraints>
      {nl.join(cons)}
    </constraints>
    {rd}
  </configuration>
  <status>
    {nl.join(status_xml)}
  </status>
</cib>
'''

if __name__ == "__main__":
    out = sys.argv[1]; start = int(sys.argv[2]); n = int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for s in range(start, start + n):
        open(os.path.join(out, f"fz{s}.xml"), "w").write(gen(s))
