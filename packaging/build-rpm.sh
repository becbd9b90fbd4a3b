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

# The RPM needs rpmbuild and asciidoctor (man pages). Where either is missing, the rest of the
# build is still whole: say so in one line and succeed. ./test.sh installs both, and its
# rpm-smoke-test (verify phase) fails when no RPM was built.
# (bash's command -v also names a file it cannot execute, so the file itself is checked.)
have() { local p; p="$(command -v "$1")" && [ -f "$p" ] && [ -x "$p" ]; }
lacking=()
have rpmbuild || lacking+=("rpmbuild (Debian package rpm)")
have asciidoctor || lacking+=("asciidoctor (Debian package asciidoctor)")
if [ "${#lacking[@]}" -gt 0 ]; then
  rm -rf "$here/target/rpmbuild"
  missing="$(printf '%s, ' "${lacking[@]}")"
  echo "build-rpm.sh: RPM not built, missing ${missing%, } (./test.sh installs them)" >&2
  exit 0
fi
target="$here/target"
stage="$target/stage"
rm -rf "$stage" "$target/rpmbuild"
mkdir -p "$stage"/{lib,bin,etc,systemd,ocf,fence,man} "$target/rpmbuild"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}

cp "$target"/lib/*.jar "$stage/lib/"
cp "$here"/bin/* "$stage/bin/"
# The client that lets the Pacemaker commands run in the daemon (one source, the tree's).
cp "$top/bin/pcmk/pcmk-client.py" "$stage/bin/"
cp "$here"/etc/* "$stage/etc/"
cp "$here"/systemd/* "$stage/systemd/"
cp "$top/docs/upgrade.md" "$stage/"
if [ -d "$top/resource-agents/ocf/paceline" ]; then
  cp "$top"/resource-agents/ocf/paceline/* "$stage/ocf/" 2>/dev/null || true
fi
if [ -d "$top/fencing/agents" ]; then
  cp "$top"/fencing/agents/fence_* "$stage/fence/" 2>/dev/null || true
fi

# Man pages, one per command and subcommand level (paceline(8), crm(8), crm-cluster-status(8), ...),
# written by picocli's ManPageGenerator from the command classes themselves so that they cannot
# drift from --help, then turned into roff by asciidoctor. Section 8: these are administration
# commands. The resource and fence agents describe themselves through their OCF meta-data instead
# (crm ra info AGENT).
adoc="$target/man-adoc"
rm -rf "$adoc" && mkdir -p "$adoc" "$stage/man"
java -cp "$target/lib/*:$target/codegen/*" picocli.codegen.docgen.manpage.ManPageGenerator --exit \
  -d "$adoc" org.paceline.shell.CrmCommand org.paceline.shell.PacelineProgram
for page in "$adoc"/*.adoc; do
  # Subcommand entries link to their own pages: name those pages in a SEE ALSO section instead of
  # AsciiDoc cross references, which a man page cannot follow.
  see_also="$(sed -n 's/^xref:\([A-Za-z0-9_-]*\)\.adoc\[.*$/*\1*(8)/p' "$page" | paste -sd, | sed 's/,/, /g')"
  sed -i -e 's/^= \(.*\)(1)$/= \1(8)/' -e 's/^:manmanual: .*/:manmanual: Paceline Manual/' \
    -e 's/^xref:[A-Za-z0-9_-]*\.adoc\[\(.*\)\]::$/\1::/' "$page"
  if [ -n "$see_also" ]; then
    printf '\n== See also\n\n%s\n' "$see_also" >> "$page"
  fi
done
asciidoctor --failure-level=WARN -b manpage -D "$stage/man" "$adoc"/*.adoc
gzip -9n "$stage"/man/*.8

tar -C "$stage" -cf "$target/rpmbuild/SOURCES/paceline-stage.tar" .
cp "$here/rpm/paceline.spec" "$target/rpmbuild/SPECS/"
rpmbuild -bb --quiet \
  --define "_topdir $target/rpmbuild" \
  --define "paceline_version $version" \
  --define "paceline_release $release" \
  --define "_binary_payload w2.xzdio" \
  --define "__brp_compress /bin/true" \
  --define "_docdir_fmt %%{NAME}" \
  "$target/rpmbuild/SPECS/paceline.spec"
ls "$target"/rpmbuild/RPMS/noarch/paceline-*.noarch.rpm
