#!/usr/bin/env bash
# Smoke-tests the built RPM: its file list, an install into a scratch root, rpm -V, and the
# installed launchers. Run by Maven in the packaging module's verify phase.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rpmfile="$(ls "$here"/target/rpmbuild/RPMS/noarch/paceline-*.noarch.rpm | head -1)"
root="$(mktemp -d /tmp/paceline-rpmroot.XXXXXX)"
trap 'rm -rf "$root"' EXIT
fail() { echo "rpm-smoke-test: FAIL: $*" >&2; exit 1; }

files="$(rpm -qlp "$rpmfile")"
for path in /usr/sbin/crm /usr/sbin/paceline /usr/lib/systemd/system/paceline.service \
            /etc/paceline/paceline.yaml /etc/sysconfig/paceline /var/lib/paceline \
            /usr/lib/ocf/resource.d/paceline /usr/lib/ocf/resource.d/paceline/demo-ip \
            /usr/lib/ocf/resource.d/paceline/demo-db /usr/lib/ocf/resource.d/paceline/demo-policy \
            /usr/sbin/fence_paceline_demo; do
  grep -qx "$path" <<<"$files" || fail "$path missing from the RPM"
done
grep -q '^/usr/share/paceline/lib/crm-engine-.*\.jar$' <<<"$files" || fail "crm-engine jar missing"
rpm -qp --requires "$rpmfile" | grep -q 'java-17-openjdk-headless' || fail "no Java 17 requirement"
rpm -qp --conflicts "$rpmfile" | grep -qx 'crmsh' || fail "does not conflict with crmsh"
rpm -qp --configfiles "$rpmfile" | grep -qx '/etc/paceline/paceline.yaml' || fail "paceline.yaml is not %config"

# The owners the package expects must exist in the scratch root, as %pre would create them.
mkdir -p "$root/etc"
printf 'root:x:0:0:root:/root:/bin/sh\nhacluster:x:189:189::/var/lib/paceline:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nhaclient:x:189:\n' > "$root/etc/group"
rpm --root "$root" --initdb
rpm -i --nodeps --noscripts --root "$root" "$rpmfile"
rpm --root "$root" -V --nodeps paceline || fail "rpm -V reports changes right after install"

export PACELINE_HOME="$root/usr/share/paceline"
out="$("$root/usr/sbin/crm" --version)" || fail "installed crm --version failed"
grep -q '^Paceline ' <<<"$out" || fail "unexpected crm --version output: $out"
"$root/usr/sbin/crm" --help >/dev/null || fail "installed crm --help failed"
"$root/usr/sbin/paceline" --help >/dev/null || fail "installed paceline --help failed"
echo "rpm-smoke-test: OK $(basename "$rpmfile") ($(wc -l <<<"$files") files): $out"
