#!/usr/bin/env bash
# Smoke-tests the built RPM: its file list, an install into a scratch root, rpm -V, and the
# installed launchers. Run by Maven in the packaging module's verify phase.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rpmfile="$(ls "$here"/target/rpmbuild/RPMS/noarch/paceline-*.noarch.rpm 2>/dev/null | head -1)"
[ -n "$rpmfile" ] || { echo "rpm-smoke-test: FAIL: no RPM was built (see build-rpm.sh's line above; ./test.sh installs rpm and asciidoctor)" >&2; exit 1; }
root="$(mktemp -d /tmp/paceline-rpmroot.XXXXXX)"
trap 'rm -rf "$root"' EXIT
fail() { echo "rpm-smoke-test: FAIL: $*" >&2; exit 1; }

files="$(rpm -qlp "$rpmfile")"
for path in /usr/sbin/crm /usr/sbin/paceline /usr/lib/systemd/system/paceline.service \
            /etc/paceline/paceline.yaml /etc/sysconfig/paceline /var/lib/paceline \
            /usr/lib/ocf/resource.d/paceline /usr/lib/ocf/resource.d/paceline/demo-ip \
            /usr/lib/ocf/resource.d/paceline/demo-db /usr/lib/ocf/resource.d/paceline/demo-policy \
            /usr/sbin/fence_paceline_demo \
            /usr/lib/paceline/pcmk/crm_attribute /usr/lib/paceline/pcmk/crm_master \
            /usr/lib/paceline/pcmk/crm_node /usr/lib/paceline/pcmk/pacemakerd \
            /usr/lib/paceline/pcmk/crm_mon /usr/lib/paceline/pcmk/attrd_updater \
            /usr/lib/paceline/pcmk/crm_resource /usr/lib/paceline/pcmk/pcmk-client.py; do
  grep -qx "$path" <<<"$files" || fail "$path missing from the RPM"
done
grep -q '^/usr/share/paceline/lib/crm-engine-.*\.jar$' <<<"$files" || fail "crm-engine jar missing"
grep -qx /usr/share/doc/paceline/upgrade.md <<<"$files" || fail "the upgrade notes are missing"
# A man page for each command and shell level (generated from the picocli command model).
for page in paceline paceline-demo crm crm-status crm-configure crm-resource crm-node crm-cluster \
            crm-cluster-nodes crm-simulate crm-fencing crm-ra crm-cib; do
  grep -qx "/usr/share/man/man8/$page.8.gz" <<<"$files" || fail "man page $page(8) missing from the RPM"
done
grep -q 'java-17-openjdk-headless' <<<"$(rpm -qp --requires "$rpmfile")" || fail "no Java 17 requirement"
grep -qx 'crmsh' <<<"$(rpm -qp --conflicts "$rpmfile")" || fail "does not conflict with crmsh"
# (here-strings, not pipes: grep -q exits at the first match and pipefail would see rpm's SIGPIPE)
grep -qx '/etc/paceline/paceline.yaml' <<<"$(rpm -qp --configfiles "$rpmfile")" || fail "paceline.yaml is not %config"

# The owners the package expects must exist in the scratch root, as %pre would create them.
mkdir -p "$root/etc"
printf 'root:x:0:0:root:/root:/bin/sh\nhacluster:x:189:189::/var/lib/paceline:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nhaclient:x:189:\n' > "$root/etc/group"
rpm --root "$root" --initdb
rpm -i --nodeps --noscripts --root "$root" "$rpmfile"
rpm --root "$root" -V --nodeps paceline || fail "rpm -V reports changes right after install"

# Every installed man page renders without a single groff warning (-ww: all warnings on).
pages=0
for page in "$root"/usr/share/man/man8/*.8.gz; do
  warnings="$(zcat "$page" | LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z 2>&1)"
  [ -z "$warnings" ] || fail "$(basename "$page") renders with warnings: $warnings"
  grep -q '^NAME' <<<"$(zcat "$page" | LC_ALL=C.UTF-8 groff -man -Tutf8 -P-bcou 2>/dev/null)" || fail "$(basename "$page") has no NAME section"
  pages=$((pages + 1))
done
[ "$pages" -ge 50 ] || fail "only $pages man pages installed"

export PACELINE_HOME="$root/usr/share/paceline"
out="$("$root/usr/sbin/crm" --version)" || fail "installed crm --version failed"
grep -q '^Paceline ' <<<"$out" || fail "unexpected crm --version output: $out"
"$root/usr/sbin/crm" --help >/dev/null || fail "installed crm --help failed"
"$root/usr/sbin/paceline" --help >/dev/null || fail "installed paceline --help failed"
# --help of every level from the installed launchers (every subcommand's --help is checked
# in-process by crm-engine's EveryCommandHelpTest, one JVM instead of sixty).
for level in status configure resource node cluster simulate fencing ra cib bench; do
  grep -q "^Usage: crm $level" <<<"$("$root/usr/sbin/crm" "$level" --help)" || fail "installed crm $level --help failed"
done
grep -q '^Usage: paceline demo' <<<"$("$root/usr/sbin/paceline" demo --help)" || fail "installed paceline demo --help failed"
# The Pacemaker commands agents call, from Paceline's own directory (Pacemaker's stay untouched).
for tool in crm_attribute crm_master crm_node crm_mon crm_resource attrd_updater; do
  grep -q "^Usage: $tool" <<<"$("$root/usr/lib/paceline/pcmk/$tool" --help)" || fail "installed $tool --help failed"
done
set +e
PACELINE_ADMIN_SOCKET="$root/none.sock" "$root/usr/lib/paceline/pcmk/crm_attribute" --promotion=db -v 5 2>/dev/null
rc=$?
set -e
[ "$rc" -eq 102 ] || fail "installed crm_attribute without a daemon exited $rc, not 102"
grep -q '^Pacemaker 2\.1\.5$' <<<"$("$root/usr/lib/paceline/pcmk/pacemakerd" -\$)" || fail "installed pacemakerd -\$ names no Pacemaker release"
echo "rpm-smoke-test: OK $(basename "$rpmfile") ($(wc -l <<<"$files") files, $pages man pages): $out"
