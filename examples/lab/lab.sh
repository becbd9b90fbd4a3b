#!/usr/bin/env bash
# Paceline lab: isolated test hosts in network namespaces on one bridge, one Paceline node per host,
# a client host, and an ipmi_sim BMC per resource host whose power-off kills everything of that host
# and whose power-on boots it again (starts its Paceline daemon). Run as root, from a built tree
# (mvn -B -q package -DskipTests). Nothing leaves the machine: every address is inside namespaces
# this script creates.
#
#   lab.sh up SITE         SITE: cfengine-hub (hub1, hub2 + witness), pgsql-paf (the same hosts,
#                          with ClusterLabs PAF and IPaddr2), cfengine-hub-heartbeat (the same,
#                          with heartbeat's pgsql and IPaddr2) or manager-cluster (m1 m2 m3)
#   lab.sh down            kill every process of the lab, delete its namespaces and files
#   lab.sh status          hosts, power, and `crm status` from the first host that answers
#   lab.sh crm HOST ARGS   run crm against HOST's daemon (e.g. lab.sh crm hub1 status)
#   lab.sh exec HOST CMD   run CMD inside HOST (its network and its private /var/lib/paceline-host)
#   lab.sh power HOST on|off|status   what the BMC does (also: ipmitool, see the site README)
#   lab.sh link HOST up|down          pull or plug HOST's network cable (a partition)
#   lab.sh repair HOST     what PAF's and heartbeat pgsql's operator does for a failed PostgreSQL:
#                          rewind it from the primary, clear its lock, crm resource cleanup
#   lab.sh env             the lab's addresses and paths as shell variables
#
# Layout (LAB=${PACELINE_LAB:-/run/paceline-lab}, TAG=${PACELINE_LAB_TAG:-plab}):
#   namespaces TAG-sw (bridge br0), TAG-HOST (eth0 10.99.0.N), TAG-bmc-HOST (BMC 10.99.0.1NN:623),
#   TAG-client (10.99.0.200); LAB/HOST/{node.yaml,data,daemon.log,host/} where host/ is mounted at
#   /var/lib/paceline-host for that host only (its PostgreSQL, sockets and run dir), as a disk of
#   its own.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tree="$(cd "$here/../.." && pwd)"
LAB="${PACELINE_LAB:-/run/paceline-lab}"
TAG="${PACELINE_LAB_TAG:-plab}"
NET=10.99.0
HOSTDIR=/var/lib/paceline-host
# A silent member is suspected after this long (node.yaml failure_detection_ms). The lab's hosts
# share one switch, as hubs in one rack do: 1000 ms, half the daemon's cautious default.
FAILURE_DETECTION_MS=${PACELINE_LAB_FD_MS:-1000}
PGBIN=/usr/lib/postgresql/15/bin
PAF=/usr/lib/ocf/resource.d/heartbeat/pgsqlms
HEARTBEAT_PGSQL=/usr/lib/ocf/resource.d/heartbeat/pgsql
BMC_USER=admin
# Startup limits (seconds).
QUORUM_WAIT=60
RUNNING_WAIT=90

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab: $*" >&2; }

[ "$(id -u)" = 0 ] || die "run as root (it creates network namespaces)"

load_env() {
  [ -f "$LAB/lab.env" ] || die "no lab at $LAB (run: lab.sh up cfengine-hub)"
  # shellcheck disable=SC1091
  . "$LAB/lab.env"
}

addr_of() { # HOST -> its address
  local i=1 h
  for h in $HOSTS; do
    if [ "$h" = "$1" ]; then echo "$NET.$((10 + i))"; return; fi
    i=$((i + 1))
  done
  die "unknown host '$1' (hosts: $HOSTS)"
}
bmc_of() { local a; a=$(addr_of "$1"); echo "$NET.$((${a##*.} + 100))"; }
is_resource_host() { case " $RESOURCE_HOSTS " in *" $1 "*) return 0 ;; esac; return 1; }

# ------------------------------------------------------------------ network

ns_add() { ip netns add "$1"; echo "$1" >> "$LAB/namespaces"; ip -n "$1" link set lo up; }

plug() { # NAMESPACE ADDRESS PORT-NAME
  ip link add eth0 netns "$1" type veth peer name "$3" netns "$TAG-sw"
  ip -n "$1" addr add "$2/24" dev eth0
  ip -n "$1" link set eth0 up
  ip -n "$TAG-sw" link set "$3" master br0
  ip -n "$TAG-sw" link set "$3" up
}

# ------------------------------------------------------------------ hosts

node_yaml() { # HOST
  local h=$1 m role
  {
    echo "cluster_name: $SITE"
    echo "node_name: $h"
    echo "data_dir: $LAB/$h/host/data"
    echo "pki_dir: $LAB/$h/pki"
    echo "ocf_root: $LAB/ocf"
    echo "fence_agent_dir: /usr/sbin"
    echo "pcmk_tools_dir: $tree/bin/pcmk"
    echo "attributes_dir: $HOSTDIR/run/attributes"
    echo "failure_detection_ms: $FAILURE_DETECTION_MS"
    echo "http:"
    echo "  listen: $(addr_of "$h"):7480"
    echo "  active_resource: $ACTIVE_RESOURCE"
    echo "role_file: $HOSTDIR/run/role"
    echo "members:"
    for m in $HOSTS; do
      role=voter
      [ "$m" = "${WITNESS:-}" ] && role=witness
      echo "  - {name: $m, address: $(addr_of "$m"), port: 7800, role: $role}"
    done
  } > "$LAB/$h/node.yaml"
}

# Boots HOST: a private /var/lib/paceline-host, then the daemon, detached (the BMC hook must return
# at once). Everything it starts shares HOST's network namespace, which is how power-off finds it.
boot() {
  local h=$1
  mkdir -p "$LAB/$h/host/run/attributes"
  ip netns exec "$TAG-$h" unshare -m --propagation private sh -c '
      mount --bind "$1" "$2" && cd / && HA_RSCTMP="$2/run" exec "$3" --config "$4"' \
    boot "$LAB/$h/host" "$HOSTDIR" "$tree/bin/paceline" "$LAB/$h/node.yaml" \
    </dev/null >>"$LAB/$h/daemon.log" 2>&1 &
  echo 1 > "$LAB/$h/power"
}

# Every process of HOST: whatever runs in its network namespace.
host_pids() { ip netns pids "$TAG-$1" 2>/dev/null || true; }

power_off() {
  local h=$1 i
  # The cable goes first, so nothing of the dying host reaches the others (no FIN, no RST), as in
  # a real power loss.
  ip -n "$TAG-$h" link set eth0 down 2>/dev/null || true
  # The moment of the power loss (epoch ns), from which the fault campaign measures outages.
  date +%s%N > "$LAB/$h/power-lost"
  for i in $(seq 1 50); do
    local pids
    pids=$(host_pids "$h")
    [ -z "$pids" ] && break
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  # RAM is gone: transient attributes, role file, pid files.
  rm -rf "$LAB/$h/host/run"
  echo 0 > "$LAB/$h/power"
}

power_on() {
  local h=$1
  [ "$(cat "$LAB/$h/power" 2>/dev/null)" = 1 ] && [ -n "$(host_pids "$h")" ] && return 0
  # A booting host has only its own address (a VIP it held is gone with the RAM).
  ip -n "$TAG-$h" addr flush dev eth0
  ip -n "$TAG-$h" addr add "$(addr_of "$h")/24" dev eth0
  ip -n "$TAG-$h" link set eth0 up
  if [ -n "${REBUILD_AGENT:-}" ]; then
    # PAF and heartbeat's pgsql never rebuild a former primary (their docs leave that to the
    # operator, before the node rejoins). The lab does what that operator does, at boot and
    # inside the host, so a later power-off kills it too: it waits for the primary elsewhere,
    # then rewinds this host's data.
    echo 1 > "$LAB/$h/power"
    ip netns exec "$TAG-$h" setsid "$here/lab.sh" rebuild-and-boot "$h" </dev/null >>"$LAB/$h/rebuild.log" 2>&1 &
    return 0
  fi
  boot "$h"
}

in_host() { # HOST CMD...: CMD with HOST's private disk at $HOSTDIR (and HOST's network)
  local h=$1; shift
  ip netns exec "$TAG-$h" unshare -m --propagation private sh -c 'mount --bind "$1" "$2"; shift 2; exec "$@"' \
    x "$LAB/$h/host" "$HOSTDIR" "$@"
}

pg_state() { # HOST -> pg_controldata's cluster state of its data directory
  in_host "$1" runuser -u postgres -- "$PGBIN/pg_controldata" -D "$HOSTDIR/pg" 2>/dev/null \
    | sed -n 's/^Database cluster state: *//p'
}

primary_elsewhere() { # HOST -> another resource host whose PostgreSQL takes writes
  local o
  for o in $RESOURCE_HOSTS; do
    [ "$o" = "$1" ] && continue
    if ip netns exec "$TAG-$1" env PGCONNECT_TIMEOUT=1 runuser -u postgres -- psql -X -At -h "$(addr_of "$o")" \
        -U postgres -d postgres -c "select not pg_is_in_recovery()" 2>/dev/null | grep -qx t; then
      echo "$o"
      return 0
    fi
  done
  return 1
}

rewind_data() { # HOST SECONDS: make a former primary's data a standby of the primary elsewhere
  local h=$1 state src="" end
  state=$(pg_state "$h")
  end=$(( $(date +%s) + $2 ))
  until src=$(primary_elsewhere "$h"); do
    [ "$(date +%s)" -lt "$end" ] || break
    sleep 1
  done
  if [ -z "$src" ]; then
    log "$h: no primary elsewhere; its data stays as it is ($state)"
    return 1
  fi
  if [ "$SITE" = pgsql-paf ]; then
    # The promotion score this host had as PAF's primary (1001, permanent) would make the
    # cluster promote it again as soon as it rejoins, before the primary's monitor replaces
    # it: the operator removes it, through the primary's daemon.
    PACELINE_ADMIN_SOCKET="$LAB/$src/host/data/admin.sock" "$tree/bin/pcmk/crm_attribute" \
      -N "$h" -n "$PROMOTION_ATTR" -l forever -D || log "$h: could not remove its promotion score"
  fi
  # heartbeat's pgsql refuses to start while its lock from the time as primary is there
  # ("My data may be inconsistent"): the operator removes it once the data is rewound.
  rm -f "$LAB/$h/host/pgtmp/PGSQL.lock"
  src=$(addr_of "$src")
  log "$h: data '$state'; rebuilding from the primary at $src"
  # heartbeat's pgsql promotes by restarting without recovery (restart_on_promote): no new
  # timeline, so pg_rewind cannot see where the two diverged ("no rewind required", then a
  # standby that cannot find its checkpoint). Its documented procedure is a new base backup.
  if [ "$SITE" = cfengine-hub-heartbeat ] || ! in_host "$h" runuser -u postgres -- "$PGBIN/pg_rewind" -D "$HOSTDIR/pg" \
      --source-server="host=$src port=5432 user=postgres dbname=postgres"; then
    log "$h: a new base backup from $src"
    rm -rf "$LAB/$h/host/pg"
    in_host "$h" runuser -u postgres -- "$PGBIN/pg_basebackup" -h "$src" -U postgres \
      -D "$HOSTDIR/pg" -X stream -c fast
  fi
  if [ ! -f "$LAB/$h/host/pg/backup_label" ]; then
    # (pg_rewind and pg_basebackup leave a backup_label, which the agents start as a standby.)
    # PAF starts only a standby that was shut down cleanly: replay to a consistent point, stop.
    in_host "$h" sh -c 'touch "$1/pg/standby.signal" && chown postgres "$1/pg/standby.signal"' x "$HOSTDIR"
    in_host "$h" runuser -u postgres -- "$PGBIN/pg_ctl" -D "$HOSTDIR/pg" -w -t 60 \
      -l "$HOSTDIR/rebuild-pg.log" start >/dev/null
    in_host "$h" runuser -u postgres -- "$PGBIN/pg_ctl" -D "$HOSTDIR/pg" -w -m fast stop >/dev/null
  fi
  log "$h: data now '$(pg_state "$h")'"
}

clean_standby() { # HOST: its data can start as a standby as it is
  [ "$(pg_state "$1")" = "shut down in recovery" ] || [ -f "$LAB/$1/host/pg/backup_label" ]
}

rebuild_and_boot() { # HOST (runs inside the host): make its data a standby, then boot
  local h=$1
  if [ "$SITE" = cfengine-hub-heartbeat ] || ! clean_standby "$h"; then
    rewind_data "$h" 120 || log "$h: booting anyway"
  fi
  boot "$h"
}

repair() { # HOST: the operator's repair of a failed PostgreSQL on a host that is up
  local h=$1 pid
  pid=$(head -1 "$LAB/$h/host/pg/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    log "$h: PostgreSQL runs; nothing to repair"
    return 0
  fi
  # heartbeat's pgsql: always a new base backup (see rewind_data); PAF: only a former primary.
  if [ "$SITE" = cfengine-hub-heartbeat ] || ! clean_standby "$h"; then
    rewind_data "$h" 10 || die "$h: no primary to rebuild from"
  fi
  # The failure the cluster recorded keeps the instance off the host until it is cleaned up.
  crm_on "$h" resource cleanup "$PG_RESOURCE" "$h" >/dev/null
  log "$h: rebuilt and cleaned up ($PG_RESOURCE)"
}

# ------------------------------------------------------------------ BMCs (ipmi_sim)

start_bmc() {
  local h=$1 d="$LAB/$h/bmc"
  mkdir -p "$d/state"
  cat > "$d/hook.sh" <<EOF
#!/bin/sh
# ipmi_sim runs: hook.sh get power | hook.sh set power 0|1
case "\$1 \$2" in
  "get power") echo "power:\$(cat '$LAB/$h/power' 2>/dev/null || echo 0)" ;;
  "set power") if [ "\$3" = 0 ]; then PACELINE_LAB='$LAB' PACELINE_LAB_TAG='$TAG' '$here/lab.sh' power '$h' off; else PACELINE_LAB='$LAB' PACELINE_LAB_TAG='$TAG' '$here/lab.sh' power '$h' on; fi >>'$d/hook.log' 2>&1 ;;
  *) exit 2 ;;
esac
EOF
  chmod 700 "$d/hook.sh"
  cat > "$d/lan.conf" <<EOF
name "paceline-lab-$h"
set_working_mc 0x20
  startlan 1
    addr $(bmc_of "$h") 623
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid 0f1e2d3c4b5a69788796a5b4c3d2e1f0
  endlan
  user 2 true "$BMC_USER" "$BMC_PASSWORD" admin 10 none md2 md5 straight
  chassis_control "$d/hook.sh"
EOF
  chmod 600 "$d/lan.conf"
  printf 'mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\nsel_enable 0x20 1000 0x0a\nmc_enable 0x20\n' > "$d/sim.emu"
  # ipmi_sim reads console commands from stdin and exits at EOF: give it a pipe that stays open.
  ip netns exec "$TAG-bmc-$h" setsid sh -c 'sleep infinity | exec ipmi_sim -c "$1" -f "$2" -s "$3" -n' \
    bmc "$d/lan.conf" "$d/sim.emu" "$d/state" >"$d/ipmi_sim.log" 2>&1 </dev/null &
}

ipmi() { # HOST ARGS...: ipmitool against HOST's BMC, from the client host
  local h=$1; shift
  IPMI_PASSWORD="$BMC_PASSWORD" ip netns exec "$TAG-client" \
    ipmitool -I lanplus -C 3 -H "$(bmc_of "$h")" -p 623 -U "$BMC_USER" -E "$@"
}

# ------------------------------------------------------------------ PostgreSQL

pg_setup() {
  local first="" h
  for h in $RESOURCE_HOSTS; do
    local pg="$LAB/$h/host/pg"
    mkdir -p "$LAB/$h/host/pgrun"
    mkdir -p "$LAB/$h/host/pgtmp"
    chown postgres "$LAB/$h/host" "$LAB/$h/host/pgrun" "$LAB/$h/host/pgtmp"
    if [ "$SITE" = pgsql-paf ]; then
      # PAF writes standby.signal itself and requires application_name = the node's name.
      echo "primary_conninfo = 'host=$VIP port=5432 user=postgres application_name=$h'" > "$LAB/$h/host/standby.conf"
    fi
    if [ -z "$first" ]; then
      first=$h
      runuser -u postgres -- "$PGBIN/initdb" -D "$pg" -A trust -U postgres --data-checksums >/dev/null
      cat >> "$pg/postgresql.conf" <<EOF
# Paceline lab
listen_addresses = '*'
unix_socket_directories = '$HOSTDIR/pgrun'
wal_level = replica
wal_log_hints = on
max_wal_senders = 10
hot_standby = on
$( [ "$SITE" = cfengine-hub-heartbeat ] || echo "synchronous_standby_names = '*'" )
synchronous_commit = on
wal_receiver_status_interval = 1s
# pg_rewind of a former primary needs its WAL back to the fork point.
wal_keep_size = 256MB
# Per host, outside the data directory (PAF's standbys: primary_conninfo with application_name).
include_if_exists = '$HOSTDIR/standby.conf'
EOF
      echo "host all,replication all $NET.0/24 trust" >> "$pg/pg_hba.conf"
      echo "host replication all 127.0.0.1/32 trust" >> "$pg/pg_hba.conf"
      # The first hub starts once as a primary so the others can copy it.
      ip netns exec "$TAG-$h" unshare -m --propagation private sh -c '
          mount --bind "$1" "$2" && runuser -u postgres -- "$3/pg_ctl" -D "$2/pg" -w -l "$2/pg/bootstrap.log" start >/dev/null' \
        pg "$LAB/$h/host" "$HOSTDIR" "$PGBIN"
      echo yes > "$pg.paceline-eligible"
    else
      local standby=-R
      # PAF and heartbeat's pgsql write the standby's configuration themselves.
      [ -n "$REBUILD_AGENT" ] && standby=""
      # shellcheck disable=SC2086
      ip netns exec "$TAG-$h" runuser -u postgres -- "$PGBIN/pg_basebackup" -h "$(addr_of "$first")" \
        -U postgres -D "$pg" -X stream -c fast $standby
    fi
  done
  ip netns exec "$TAG-$first" unshare -m --propagation private sh -c '
      mount --bind "$1" "$2" && runuser -u postgres -- "$3/pg_ctl" -D "$2/pg" -w -m fast stop >/dev/null' \
    pg "$LAB/$first/host" "$HOSTDIR" "$PGBIN"
}

# ------------------------------------------------------------------ CFEngine policy

cf_setup() {
  local h
  for h in $RESOURCE_HOSTS; do
    mkdir -p "$LAB/$h/host/cf"
    # A minimal policy server: listens on 5308 and serves nothing but its own masterfiles.
    cat > "$LAB/$h/host/cf/promises.cf" <<EOF
body common control { bundlesequence => { "main" }; }
bundle agent main { }
body server control
{
  port => "5308";
  allowconnects => { "$NET.0/24", "127.0.0.1" };
  allowallconnects => { "$NET.0/24", "127.0.0.1" };
}
EOF
  done
}

# ------------------------------------------------------------------ HAProxy (manager-cluster)

# On the client host: TCP 10.99.0.200:5432 goes to the manager whose /status/active answers 200.
start_haproxy() {
  local h
  {
    echo "global"
    echo "  maxconn 256"
    echo "defaults"
    echo "  mode tcp"
    echo "  timeout connect 1s"
    echo "  timeout client 30s"
    echo "  timeout server 30s"
    echo "listen postgres"
    echo "  bind $NET.200:5432"
    echo "  option httpchk GET /status/active"
    echo "  default-server inter 500ms fall 1 rise 1 on-marked-down shutdown-sessions"
    for h in $RESOURCE_HOSTS; do
      echo "  server $h $(addr_of "$h"):5432 check port 7480"
    done
  } > "$LAB/haproxy.cfg"
  ip netns exec "$TAG-client" haproxy -D -f "$LAB/haproxy.cfg" -p "$LAB/haproxy.pid"
  wait_for 30 "HAProxy to route to the active manager" haproxy_routes
}
haproxy_routes() {
  ip netns exec "$TAG-client" runuser -u postgres -- psql -X -At -h "$NET.200" -U postgres -d postgres \
    -c "select not pg_is_in_recovery()" | grep -qx t
}

# ------------------------------------------------------------------ the site

site_vars() {
  SITE=$1
  case "$SITE" in
    cfengine-hub|pgsql-paf|cfengine-hub-heartbeat)
      HOSTS="hub1 hub2 witness"; RESOURCE_HOSTS="hub1 hub2"; WITNESS=witness ;;
    manager-cluster)
      HOSTS="m1 m2 m3"; RESOURCE_HOSTS="m1 m2 m3"; WITNESS="" ;;
    *) die "unknown site '$SITE' (cfengine-hub, pgsql-paf, cfengine-hub-heartbeat or manager-cluster)" ;;
  esac
  VIP=$NET.10
  # The resource the HTTP status API calls active, and the promotion score a healthy standby has
  # (the node attribute, and its value) for the fault campaign.
  ACTIVE_RESOURCE=vip
  PG_RESOURCE=pgsql
  PROMOTION_ATTR=master-pgsql
  STANDBY_SCORE=1000
  WRITES_NEED_STANDBY=0
  # Sites whose agents never rebuild a failed primary: the lab does it at power-on (REBUILD_AGENT).
  REBUILD_AGENT=""
  case "$SITE" in
    pgsql-paf)
      ACTIVE_RESOURCE=pgsql-pri-ip; PG_RESOURCE=pgsqld; PROMOTION_ATTR=master-pgsqld; WRITES_NEED_STANDBY=1
      REBUILD_AGENT=$PAF ;;
    cfengine-hub-heartbeat)
      # heartbeat's pgsql: the primary gives a synchronous standby 100 (CAN_PROMOTE) and itself
      # 1000, as transient attributes; it drops synchronous replication when the standby is lost.
      ACTIVE_RESOURCE=cfvirtip; PG_RESOURCE=cfpgsql; PROMOTION_ATTR=master-cfpgsql; STANDBY_SCORE=100
      REBUILD_AGENT=$HEARTBEAT_PGSQL ;;
  esac
}

cib_xml() { # the site's CIB with this lab's addresses and BMC password
  local f="$tree/examples/$SITE/cib.xml" h fence="" topo="" nodes="" i=1
  [ -f "$f" ] || die "missing $f"
  for h in $RESOURCE_HOSTS; do
    nodes="$nodes<node id=\"$i\" uname=\"$h\"/>"
    fence="$fence<primitive id=\"fence-$h\" class=\"stonith\" type=\"ipmi\"><instance_attributes id=\"fence-$h-params\">"
    fence="$fence<nvpair id=\"fence-$h-ip\" name=\"ip\" value=\"$(bmc_of "$h")\"/><nvpair id=\"fence-$h-port\" name=\"ipport\" value=\"623\"/>"
    fence="$fence<nvpair id=\"fence-$h-user\" name=\"username\" value=\"$BMC_USER\"/><nvpair id=\"fence-$h-password\" name=\"password\" value=\"$BMC_PASSWORD\"/>"
    fence="$fence<nvpair id=\"fence-$h-cipher\" name=\"cipher\" value=\"3\"/><nvpair id=\"fence-$h-hosts\" name=\"pcmk_host_list\" value=\"$h\"/>"
    fence="$fence</instance_attributes><operations><op id=\"fence-$h-monitor\" name=\"monitor\" interval=\"60s\"/></operations></primitive>"
    topo="$topo<fencing-level id=\"fl-$h\" target=\"$h\" index=\"1\" devices=\"fence-$h\"/>"
    i=$((i + 1))
  done
  sed -e "s|@NODES@|$nodes|" -e "s|@RESOURCE_HOSTS@|$RESOURCE_HOSTS|g" -e "s|@FENCING@|$fence|" -e "s|@TOPOLOGY@|$topo|" \
      -e "s|@VIP@|$VIP|g" -e "s|@HOSTDIR@|$HOSTDIR|g" -e "s|@PGBIN@|$PGBIN|g" "$f"
}

crm_on() { # HOST ARGS...
  local h=$1; shift
  "$tree/bin/crm" "$@" --config "$LAB/$h/node.yaml"
}

cluster_status() { # HOST -> the daemon's key=value status
  "$tree/bin/crm" cluster status --config "$LAB/$1/node.yaml" 2>/dev/null
}

wait_for() { # SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2 end; shift 2
  end=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || die "timed out after ${limit}s waiting for $what"
    sleep 0.2
  done
}

quorate_with_dc() { cluster_status "$1" | grep -q '^quorate=true' && cluster_status "$1" | grep -q '^dc=[a-z]'; }
vip_answers() { ip netns exec "$TAG-client" ping -c1 -W1 "$VIP"; }
pg_writable() {
  ip netns exec "$TAG-client" runuser -u postgres -- psql -X -At -h "$VIP" -U postgres -d postgres \
    -c "select not pg_is_in_recovery()" | grep -qx t
}
standby_in_sync() {
  ip netns exec "$TAG-client" runuser -u postgres -- psql -X -At -h "$VIP" -U postgres -d postgres \
    -c "select count(*) from pg_stat_replication where state = 'streaming' and sync_state = 'sync'" | grep -qx 1
}

up() {
  [ $# = 1 ] || die "usage: lab.sh up cfengine-hub|pgsql-paf|manager-cluster"
  site_vars "$1"
  [ -f "$LAB/lab.env" ] && die "a lab exists at $LAB; run: lab.sh down"
  [ -x "$tree/bin/paceline" ] && [ -d "$tree/crm-engine/target/lib" ] || die "build first: mvn -B -q package -DskipTests"
  for c in ipmi_sim ipmitool "$PGBIN/initdb" cf-serverd arping socat haproxy; do
    command -v "$c" >/dev/null || die "$c is not installed (./test.sh installs the lab's packages)"
  done
  if [ -n "$REBUILD_AGENT" ]; then
    [ -x "$REBUILD_AGENT" ] || die "$REBUILD_AGENT is not installed (./test.sh installs it)"
  fi
  mkdir -p "$LAB" "$HOSTDIR"
  chmod 755 "$LAB"
  BMC_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
  {
    echo "SITE=$SITE"; echo "HOSTS='$HOSTS'"; echo "RESOURCE_HOSTS='$RESOURCE_HOSTS'"
    echo "WITNESS='$WITNESS'"; echo "VIP=$VIP"; echo "ACTIVE_RESOURCE=$ACTIVE_RESOURCE"
    echo "PROMOTION_ATTR=$PROMOTION_ATTR"; echo "WRITES_NEED_STANDBY=$WRITES_NEED_STANDBY"
    echo "STANDBY_SCORE=$STANDBY_SCORE"; echo "REBUILD_AGENT=$REBUILD_AGENT"; echo "PG_RESOURCE=$PG_RESOURCE"
    echo "BMC_PASSWORD=$BMC_PASSWORD"
  } > "$LAB/lab.env"
  chmod 600 "$LAB/lab.env"
  trap 'log "setup failed; tearing down"; setup_failed; down' ERR
  : > "$LAB/namespaces"
  ns_add "$TAG-sw"
  ip -n "$TAG-sw" link add br0 type bridge
  ip -n "$TAG-sw" link set br0 up
  local h
  for h in $HOSTS; do
    mkdir -p "$LAB/$h/host"
    ns_add "$TAG-$h"
    plug "$TAG-$h" "$(addr_of "$h")" "p-$h"
    if is_resource_host "$h"; then
      ns_add "$TAG-bmc-$h"
      plug "$TAG-bmc-$h" "$(bmc_of "$h")" "b-$h"
    fi
  done
  ns_add "$TAG-client"
  plug "$TAG-client" "$NET.200" "p-client"
  # Clients must learn a moved VIP from the gratuitous ARP of its new holder.
  ip netns exec "$TAG-client" sysctl -qw net.ipv4.conf.all.arp_accept=1
  # The OCF root: Paceline's agents and Debian's resource-agents.
  mkdir -p "$LAB/ocf/resource.d"
  ln -s "$tree/resource-agents/ocf/paceline" "$LAB/ocf/resource.d/paceline"
  ln -s /usr/lib/ocf/resource.d/heartbeat "$LAB/ocf/resource.d/heartbeat"
  ln -s /usr/lib/ocf/lib "$LAB/ocf/lib"
  for h in $HOSTS; do node_yaml "$h"; done
  crm_on "${HOSTS%% *}" cluster start >/dev/null
  for h in ${HOSTS#* }; do
    crm_on "$h" cluster join "${HOSTS%% *}" --ca-from "$LAB/${HOSTS%% *}/pki" >/dev/null
  done
  pg_setup
  cf_setup
  for h in $RESOURCE_HOSTS; do start_bmc "$h"; done
  for h in $RESOURCE_HOSTS; do wait_for 15 "BMC of $h" ipmi "$h" chassis power status; done
  for h in $HOSTS; do boot "$h"; done
  wait_for "$QUORUM_WAIT" "a quorate cluster with a DC" quorate_with_dc "${HOSTS%% *}"
  cib_xml > "$LAB/cib.xml"
  chmod 600 "$LAB/cib.xml"
  crm_on "${HOSTS%% *}" configure load replace "$LAB/cib.xml" --yes >/dev/null
  wait_for "$RUNNING_WAIT" "the VIP to answer" vip_answers
  wait_for "$RUNNING_WAIT" "PostgreSQL to accept writes through the VIP" pg_writable
  wait_for "$RUNNING_WAIT" "a synchronous standby" standby_in_sync
  [ "$SITE" = manager-cluster ] && start_haproxy
  trap - ERR
  log "up: site $SITE, hosts $HOSTS, VIP $VIP, client $NET.200 (lab.sh exec client ...)"
}

setup_failed() { # what the hosts logged, before down deletes it (PACELINE_LAB_KEEP=DIR keeps a copy)
  local h
  for h in $HOSTS; do
    [ -f "$LAB/$h/daemon.log" ] || continue
    log "---- $h: last lines of daemon.log"
    tail -n 40 "$LAB/$h/daemon.log" >&2
  done
  if [ -n "${PACELINE_LAB_KEEP:-}" ]; then
    mkdir -p "$PACELINE_LAB_KEEP" && cp -a "$LAB/." "$PACELINE_LAB_KEEP/" 2>/dev/null || true
    log "kept a copy of $LAB in $PACELINE_LAB_KEEP"
  fi
}

down() {
  local n pids
  if [ -f "$LAB/namespaces" ]; then
    # Processes first (daemons, PostgreSQL, ipmi_sim, clients), then the namespaces.
    for n in $(tac "$LAB/namespaces"); do
      for _ in $(seq 1 50); do
        pids=$(ip netns pids "$n" 2>/dev/null || true)
        [ -z "$pids" ] && break
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
        sleep 0.1
      done
    done
    for n in $(tac "$LAB/namespaces"); do ip netns del "$n" 2>/dev/null || true; done
  fi
  rm -rf "$LAB"
}

lab_status() {
  load_env
  local h
  for h in $HOSTS; do
    printf '%-8s %-12s power=%s processes=%s\n' "$h" "$(addr_of "$h")" \
      "$(cat "$LAB/$h/power" 2>/dev/null || echo ?)" "$(host_pids "$h" | wc -l)"
  done
  for h in $HOSTS; do
    if crm_on "$h" status 2>/dev/null; then return 0; fi
  done
  echo "no daemon answers"
}

cmd=${1:-}
shift || true
case "$cmd" in
  up) up "$@" ;;
  down) down ;;
  status) lab_status ;;
  env) load_env; cat "$LAB/lab.env" | grep -v PASSWORD; echo "LAB=$LAB"; echo "TAG=$TAG"; echo "HOSTDIR=$HOSTDIR" ;;
  crm) load_env; h=${1:?host}; shift; crm_on "$h" "$@" ;;
  exec) load_env; h=${1:?host}; shift
        if [ "$h" = client ]; then exec ip netns exec "$TAG-client" "$@"; fi
        addr_of "$h" >/dev/null
        in_host "$h" "$@" ;;
  rebuild-and-boot) load_env; h=${1:?host}; addr_of "$h" >/dev/null; rebuild_and_boot "$h" ;;
  repair) load_env; h=${1:?host}; addr_of "$h" >/dev/null; repair "$h" ;;
  power) load_env; h=${1:?host}; addr_of "$h" >/dev/null
         case "${2:-}" in
           on) power_on "$h" ;;
           off) power_off "$h" ;;
           status) echo "power:$(cat "$LAB/$h/power" 2>/dev/null || echo 0)" ;;
           *) die "usage: lab.sh power HOST on|off|status" ;;
         esac ;;
  ipmi) load_env; ipmi "$@" ;;
  link) load_env; h=${1:?host}; addr_of "$h" >/dev/null
        case "${2:-}" in
          up|down) ip -n "$TAG-sw" link set "p-$h" "$2" ;;
          *) die "usage: lab.sh link HOST up|down" ;;
        esac ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; [ -z "$cmd" ] || exit 2 ;;
esac
