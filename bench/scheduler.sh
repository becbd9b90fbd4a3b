#!/usr/bin/env bash
# Scheduler benchmark: synthetic CIBs from gen_cib.py, cold start and steady state, best of 3 runs.
# Usage: bench/scheduler.sh [OUTDIR]   (build first: mvn -B -q package -DskipTests)
# Steady states are produced by Paceline's own simulated execution (crm bench --write-steady).
# CRM_SIMULATE=1 also times Debian's crm_simulate on the cold-start 16x1000 input (timeout 300 s).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gen="${PACELINE_SHARED:-$here/../shared}/scheduler-cases/gen_cib.py"
out="${1:-/tmp/paceline-bench}"
mkdir -p "$out"
export PACELINE_JAVA_OPTS="${PACELINE_JAVA_OPTS:--XX:+UseSerialGC -Xmx2g}"
printf '| nodes x resources | state | parse ms | schedule first ms | schedule best ms | peak heap MiB |\n'
printf '|---|---|---|---|---|---|\n'
for size in 16x1000 32x2000 32x5000 64x10000; do
  n="${size%x*}"; m="${size#*x}"
  cold="$out/cold-$size.xml"; steady="$out/steady-$size.xml"
  [ -f "$cold" ] || python3 "$gen" --nodes "$n" --resources "$m" --seed 1 > "$cold" 2>/dev/null
  r=$("$here/bin/crm" bench scheduler -x "$cold" --write-steady "$steady")
  echo "$r" | awk -v s="$size" '{for(i=1;i<=NF;i++){split($i,kv,"=");v[kv[1]]=kv[2]}
    printf "| %s | cold start | %s | %s | %s | %s |\n", s, v["parse_ms"], v["schedule_first_ms"], v["schedule_best_ms"], v["peak_heap_mib"]}'
  r=$("$here/bin/crm" bench scheduler -x "$steady")
  echo "$r" | awk -v s="$size" '{for(i=1;i<=NF;i++){split($i,kv,"=");v[kv[1]]=kv[2]}
    printf "| %s | steady state | %s | %s | %s | %s |\n", s, v["parse_ms"], v["schedule_first_ms"], v["schedule_best_ms"], v["peak_heap_mib"]}'
done
if [ "${CRM_SIMULATE:-0}" = 1 ]; then
  /usr/bin/time -f "crm_simulate cold 16x1000: %e s, max RSS %M KB" timeout 300 \
    crm_simulate -x "$out/cold-16x1000.xml" -S > /dev/null || true
fi
