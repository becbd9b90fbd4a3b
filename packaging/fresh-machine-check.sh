#!/usr/bin/env bash
# The README's first command as a newcomer meets it: on a machine with only a JDK and Maven.
#
# It copies the working tree as a clean clone would hold it (tracked and unignored files, no
# target/), then, in a private mount namespace (unshare -m), hides every program that ./test.sh
# installs (its package list, with what those packages pull in, less the JDK and Maven and the
# base system): /dev/null is bind-mounted over each binary, python3 is hidden as well (the demo
# needs nothing beyond the JDK), and an empty tmpfs covers /usr/lib/ocf. There it runs the
# README's first command with --exit and checks that it builds, that the VIP came back after the
# failover, and that the RPM was skipped with a message. Last, with setsid hidden too, the demo
# must refuse at once, naming the tool and its Debian package.
#
# Run by Maven in the packaging module's verify phase (skipped with -DskipTests); needs root for
# the mount namespace and says so when it cannot run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/.." && pwd)"
say() { echo "fresh-machine-check: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
  say "skipped: needs root and unshare(1) for a private mount namespace"
  exit 0
fi
command -v git >/dev/null && git -C "$top" rev-parse --git-dir >/dev/null 2>&1 \
  || fail "$top is not a git checkout (the check copies what a clone would hold)"

# The README's first command: the first line of its first sh block, without the comment.
first="$(awk '/^```sh$/ {inside=1; next} inside {print; exit}' "$top/README.md")"
first="${first%%#*}"
first="$(sed 's/[[:space:]]*$//' <<<"$first")"
case "$first" in
  *"bin/paceline demo") ;;
  *) fail "README's first command is '$first'; expected it to end in 'bin/paceline demo'" ;;
esac

# What test.sh installs: its packages=( ... ) list.
mapfile -t wanted < <(sed -n '/^packages=(/,/^)/p' "$top/test.sh" | sed 's/#.*//; s/packages=(//; s/)//' \
  | tr -s ' \t' '\n' | grep -v '^$')
[ "${#wanted[@]}" -gt 5 ] || fail "could not read test.sh's package list"
fresh=(openjdk-17-jdk-headless maven)   # what a fresh machine of this kind has
closure() {
  apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances "$@" 2>/dev/null | grep -v '^ ' | sed 's/:.*//' | sort -u
}
installed=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && installed+=("$p")
done
keep="$(closure "${fresh[@]}")"
hide_pkgs=()
while read -r p; do
  [ -n "$p" ] || continue
  grep -qx "$p" <<<"$keep" && continue
  # What they pull in from the base system stays; what test.sh names goes, whatever its priority.
  if ! printf '%s\n' "${installed[@]}" | grep -qx "$p"; then
    prio="$(dpkg-query -W -f='${Priority}' "$p" 2>/dev/null || true)"
    case "$prio" in required|important) continue ;; esac
  fi
  hide_pkgs+=("$p")
done < <(closure "${installed[@]}")

work="$(mktemp -d /tmp/paceline-fresh.XXXXXX)"
trap 'rm -rf "$work"' EXIT
hidden="$work/hidden"
: >"$hidden"
for p in "${hide_pkgs[@]}"; do
  dpkg -L "$p" 2>/dev/null | grep -E '^(/usr)?/s?bin/[^/]+$' || true
done | while read -r f; do
  r="$(readlink -f "$f" 2>/dev/null || true)"
  [ -n "$r" ] && [ -f "$r" ] && [ -x "$r" ] && echo "$r"
done >>"$hidden"
IFS=: read -ra path_dirs <<<"$PATH"
for d in "${path_dirs[@]}" /usr/bin /bin; do
  for f in "$d"/python3*; do
    [ -e "$f" ] || continue
    r="$(readlink -f "$f")"
    [ -f "$r" ] && echo "$r"
  done
done >>"$hidden"
sort -u -o "$hidden" "$hidden"
for must in java javac mvn bash git; do
  r="$(readlink -f "$(command -v "$must")")"
  ! grep -qx "$r" "$hidden" || fail "would hide $must ($r), which a fresh machine has"
done
say "hiding $(wc -l <"$hidden") programs of ${#hide_pkgs[@]} packages (test.sh's and what they pull in) and python3"

# A clean clone of the working tree: tracked and unignored files only.
mkdir "$work/clone"
(cd "$top" && git ls-files -co --exclude-standard -z | xargs -0 tar -cf - --no-recursion) \
  | tar -xf - -C "$work/clone"

cat >"$work/inside.sh" <<'EOF'
set -euo pipefail
hidden="$1"; clone="$2"; first="$3"; log="$4"
while read -r f; do mount --bind /dev/null "$f"; done <"$hidden"
[ -d /usr/lib/ocf ] && mount -t tmpfs -o size=1m,mode=0755 tmpfs /usr/lib/ocf
# The check must be able to fail: what was hidden really is gone.
while read -r f; do
  [ -c "$f" ] || { echo "fresh-machine-check: FAIL: $f is not hidden" >&2; exit 1; }
done <"$hidden"
for t in python3 socat rpmbuild; do
  if (command -v "$t" && "$t" --version) >/dev/null 2>&1; then
    echo "fresh-machine-check: FAIL: $t still runs inside the namespace" >&2; exit 1
  fi
done
[ -z "$(ls -A /usr/lib/ocf 2>/dev/null)" ] || { echo "fresh-machine-check: FAIL: /usr/lib/ocf not empty" >&2; exit 1; }
cd "$clone"
set +e
bash -c "$first --exit" >"$log" 2>&1
rc=$?
set -e
echo "rc=$rc" >>"$log"
# A tool the demo needs, hidden: it must refuse at once and name it with its package.
mount --bind /dev/null "$(readlink -f "$(command -v setsid)")"
start=$(date +%s%N)
set +e
bin/paceline demo --exit >"$log.missing" 2>&1
rc=$?
set -e
echo "rc=$rc ms=$(( ($(date +%s%N) - start) / 1000000 ))" >>"$log.missing"
EOF
log="$work/first-command.log"
say "running '$first --exit' in a clean copy, programs hidden"
unshare -m --propagation private bash "$work/inside.sh" "$hidden" "$work/clone" "$first" "$log" \
  || fail "the namespace could not be set up"
show() { say "output of $1:"; sed 's/^/    /' "$2" >&2; }
grep -qx 'rc=0' "$log" || { show "the first command" "$log"; fail "the README's first command failed"; }
grep -q 'VIP answered by ' "$log" || { show "the first command" "$log"; fail "no failover: 'VIP answered by' missing"; }
grep -q 'build-rpm.sh: RPM not built, missing rpmbuild' "$log" \
  || { show "the first command" "$log"; fail "the build did not say that it skipped the RPM"; }
say "$(grep -m1 'VIP answered by' "$log" | sed 's/^ *//')"
m="$log.missing"
grep -q '^rc=69 ' "$m" || { show "the demo without setsid" "$m"; fail "without setsid the demo did not exit 69"; }
grep -q 'setsid (Debian package util-linux)' "$m" \
  || { show "the demo without setsid" "$m"; fail "without setsid the demo did not name it and its package"; }
say "without setsid: refused in $(sed -n 's/^rc=69 ms=//p' "$m") ms: $(grep -m1 'setsid' "$m" | sed 's/^ *//')"
say "OK"
