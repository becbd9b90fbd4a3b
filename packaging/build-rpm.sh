#!/usr/bin/env bash
# Builds the Paceline RPM from the reactor's jars: stages the install tree, then runs rpmbuild.
# Usage: build-rpm.sh VERSION   (run by Maven in the packaging module's package phase)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/.." && pwd)"
maven_version="${1:?usage: build-rpm.sh VERSION}"
version="${maven_version%-SNAPSHOT}"
release=1
[ "$version" != "$maven_version" ] && release="0.snapshot"

command -v rpmbuild >/dev/null || { echo "build-rpm.sh: rpmbuild missing (apt-get install rpm; ./test.sh does)" >&2; exit 1; }
target="$here/target"
stage="$target/stage"
rm -rf "$stage" "$target/rpmbuild"
mkdir -p "$stage"/{lib,bin,etc,systemd,ocf,fence} "$target/rpmbuild"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}

cp "$target"/lib/*.jar "$stage/lib/"
cp "$here"/bin/* "$stage/bin/"
cp "$here"/etc/* "$stage/etc/"
cp "$here"/systemd/* "$stage/systemd/"
if [ -d "$top/resource-agents/ocf/paceline" ]; then
  cp "$top"/resource-agents/ocf/paceline/* "$stage/ocf/" 2>/dev/null || true
fi
if [ -d "$top/fencing/agents" ]; then
  cp "$top"/fencing/agents/fence_* "$stage/fence/" 2>/dev/null || true
fi
tar -C "$stage" -cf "$target/rpmbuild/SOURCES/paceline-stage.tar" .
cp "$here/rpm/paceline.spec" "$target/rpmbuild/SPECS/"
rpmbuild -bb --quiet \
  --define "_topdir $target/rpmbuild" \
  --define "paceline_version $version" \
  --define "paceline_release $release" \
  --define "_binary_payload w2.xzdio" \
  "$target/rpmbuild/SPECS/paceline.spec"
ls "$target"/rpmbuild/RPMS/noarch/paceline-*.noarch.rpm
