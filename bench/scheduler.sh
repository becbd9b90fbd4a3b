#!/usr/bin/env bash
# Scheduler benchmark: Paceline against Debian's crm_simulate on the same synthetic CIBs.
# Usage: bench/scheduler.sh [OUTDIR]   (build first: mvn -B -q package -DskipTests)
#
# Inputs: gen_cib.py --nodes N --resources M --seed 1 (cold start: empty histories, every resource to
# probe and start). Steady states: the cold CIB after Paceline's own simulated execution of its
# transition (crm bench scheduler --write-steady), with the op-digests Pacemaker records, checked
# with crm_verify -x; both tools must find nothing to do there ("summary lines" 0).
#
# Per line, end to end (a fresh process: parse, schedule, print; wall time and max RSS by
# /usr/bin/time), the same command for both tools: `-x F -R` (current status and transition
# summary; crm_simulate without -R or -S only shows the status) and `-x F -S` (also the actions as
# executed and the revised status, which crm_simulate computes with a second status unpack). Paceline: median of 3 runs; crm_simulate: one run. Then Paceline's
# schedule alone (`crm bench scheduler`: first run in a fresh JVM and best of 3, peak heap) and the
# ratios crm_simulate / Paceline.
#
# Environment: SIZES (default "16x1000 32x2000 32x5000 64x10000"), CS_SIZES (sizes crm_simulate
# runs on, default "16x1000 32x2000 32x5000"), CS_STATES (default "cold steady"), CS_STEADY_TIMEOUT
# (seconds, default 1200), CS_TIMEOUT (cold starts, seconds, default 300; a run killed by
# it is reported as "> CS_TIMEOUT"; once a cold start times out, the larger cold starts are not
# run: cold start grows ~cubically), PACELINE_JAVA_OPTS (default: bin/crm's own JVM options, C1
# only, which suit short runs, with -Xmx512m).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gen="${PACELINE_SHARED:-$here/../shared}/scheduler-cases/gen_cib.py"
out="${1:-/tmp/paceline-bench}"
sizes="${SIZES:-16x1000 32x2000 32x5000 64x10000}"
cs_sizes=" ${CS_SIZES:-16x1000 32x2000 32x5000} "
cs_timeout="${CS_TIMEOUT:-300}"
cs_steady_timeout="${CS_STEADY_TIMEOUT:-1200}"
cs_states=" ${CS_STATES:-cold steady} "
export PACELINE_JAVA_OPTS="${PACELINE_JAVA_OPTS:--XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx512m}"
cold_timed_out=""
crm="$here/bin/crm"
for tool in python3 crm_simulate crm_verify /usr/bin/time timeout; do
  command -v "$tool" > /dev/null || { echo "bench/scheduler.sh: $tool not found" >&2; exit 69; }
done
[ -f "$gen" ] || { echo "bench/scheduler.sh: $gen not found (set PACELINE_SHARED)" >&2; exit 69; }
mkdir -p "$out"

# Number of "* ..." lines in the Transition Summary of a crm_simulate-style output file.
summary_lines() {
  awk '/^Transition Summary:/{on=1; next} on && /^[[:space:]]*$/{exit} on && /^ *\* /{n++} END{print n+0}' "$1"
}
# Runs "$@" under /usr/bin/time (and timeout); sets T_S (wall seconds or "> N"), T_CPU (user+sys
# seconds), T_MIB (max RSS), T_OUT (stdout file).
timed() {
  local limit="$1"; shift
  T_OUT="$(mktemp "$out/run.XXXXXX")"
  local tf; tf="$(mktemp "$out/time.XXXXXX")"
  local rc=0
  /usr/bin/time -o "$tf" -f "%e %M %U %S" timeout "$limit" "$@" > "$T_OUT" 2> /dev/null || rc=$?
  read -r T_S T_KB T_U T_SYS < <(tail -1 "$tf")
  T_CPU="$(awk -v u="$T_U" -v s="$T_SYS" 'BEGIN{printf "%.2f", u+s}')"
  T_MIB=$((T_KB / 1024))
  rm -f "$tf"
  if [ "$rc" = 124 ]; then T_S="> $limit"; fi
}
ratio() { # crm_simulate seconds / Paceline seconds
  case "$1" in
    ">"*) echo "> $(awk -v a="${1#> }" -v b="$2" 'BEGIN{printf "%.0f", a/b}')x" ;;
    -) echo - ;;
    *) awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1fx", a/b}' ;;
  esac
}
kv() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

printf 'JVM: %s; crm_simulate: %s; timeout %s s; %s CPUs; load average at start: %s\n\n' \
  "$PACELINE_JAVA_OPTS" "$(crm_simulate --version 2>/dev/null | head -1)" "$cs_timeout" "$(nproc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| nodes x resources | state | Paceline -R s (CPU s) | crm_simulate -R s (CPU s) | ratio -R | Paceline -S s (CPU s) | crm_simulate -S s (CPU s) | ratio -S | max RSS MiB Paceline / crm_simulate | Paceline schedule first / best ms | Paceline peak heap MiB | summary lines Paceline / crm_simulate | load |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
# Paceline end to end, median of 3 fresh JVMs: sets P_S, P_CPU, P_MIB (of the median run), P_LINES.
paceline() {
  local runs=() i
  for i in 1 2 3; do
    timed 3600 "$crm" simulate -x "$@"
    runs+=("$T_S $T_CPU $T_MIB $(summary_lines "$T_OUT")")
    rm -f "$T_OUT"
  done
  read -r P_S P_CPU P_MIB P_LINES < <(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
}
# crm_simulate once (it takes minutes at the larger sizes): sets C_S, C_CPU, C_MIB, C_LINES.
crm_simulate_once() {
  local limit="$1"; shift
  timed "$limit" crm_simulate -x "$@"
  C_S="$T_S"; C_CPU="$T_CPU"; C_MIB="$T_MIB"
  case "$C_S" in
    ">"*) C_LINES="-" ;;
    *) C_LINES="$(summary_lines "$T_OUT")" ;;
  esac
  rm -f "$T_OUT"
}
for size in $sizes; do
  n="${size%x*}"; m="${size#*x}"
  cold="$out/cold-$size.xml"; steady="$out/steady-$size.xml"
  [ -s "$cold" ] || python3 "$gen" --nodes "$n" --resources "$m" --seed 1 > "$cold" 2> /dev/null
  # Preparing the steady state is not measured: the DOM writer needs more heap than the run itself.
  [ -s "$steady" ] || PACELINE_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx3g" \
    "$crm" bench scheduler --runs 1 -x "$cold" --write-steady "$steady" > /dev/null
  # crm_verify costs about what crm_simulate does: only where crm_simulate runs.
  if [[ "$cs_sizes" == *" $size "* ]] && ! crm_verify -x "$steady" > /dev/null 2>&1; then
    echo "bench/scheduler.sh: crm_verify rejects $steady" >&2
    exit 1
  fi
  for state in cold steady; do
    f="$out/$state-$size.xml"
    paceline "$f" -R; p_s="$P_S"; p_cpu="$P_CPU"; p_mib="$P_MIB"; p_lines="$P_LINES"
    paceline "$f" -S; ps_s="$P_S"; ps_cpu="$P_CPU"
    b="$("$crm" bench scheduler -x "$f" | head -1)"
    first="$(kv "$b" schedule_first_ms)"; best="$(kv "$b" schedule_best_ms)"; heap="$(kv "$b" peak_heap_mib)"
    c_s="-"; c_cpu="-"; c_mib="-"; c_lines="-"; cs_s="-"; cs_cpu="-"
    if [[ "$cs_sizes" == *" $size "* ]] && [ "$state" = cold ] && [ -n "$cold_timed_out" ]; then
      c_s="> $cs_timeout"; c_cpu="not run: $cold_timed_out cold took longer"
    elif [[ "$cs_sizes" == *" $size "* && "$cs_states" == *" $state "* ]]; then
      limit="$cs_timeout"; [ "$state" = steady ] && limit="$cs_steady_timeout"
      crm_simulate_once "$limit" "$f" -R; c_s="$C_S"; c_cpu="$C_CPU"; c_mib="$C_MIB"; c_lines="$C_LINES"
      if [[ "$c_s" == ">"* ]]; then
        [ "$state" = cold ] && cold_timed_out="$size"
      else
        crm_simulate_once "$limit" "$f" -S; cs_s="$C_S"; cs_cpu="$C_CPU"
      fi
    fi
    label="cold start"; [ "$state" = steady ] && label="steady state"
    printf '| %s | %s | %s (%s) | %s (%s) | %s | %s (%s) | %s (%s) | %s | %s / %s | %s / %s | %s | %s / %s | %s |\n' \
      "$size" "$label" "$p_s" "$p_cpu" "$c_s" "$c_cpu" "$(ratio "$c_s" "$p_s")" \
      "$ps_s" "$ps_cpu" "$cs_s" "$cs_cpu" "$(ratio "$cs_s" "$ps_s")" "$p_mib" "$c_mib" \
      "$first" "$best" "$heap" "$p_lines" "$c_lines" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
