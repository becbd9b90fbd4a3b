#!/usr/bin/env bash
# Runs every test of Paceline on a fresh Debian 12 machine: installs the real components the tests
# use (Pacemaker's CLI tools, OCF agents, fence agents, an IPMI BMC simulator, PostgreSQL 15, ...),
# then runs the Maven build with all tests. Extra arguments go to Maven (e.g. -Dtest=...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

packages=(
  openjdk-17-jdk-headless maven python3
  pacemaker-cli-utils            # crm_verify, crm_simulate: Pacemaker as the reference
  pacemaker-common               # Pacemaker's sample alert agents (alert_file.sh.sample)
  crmsh                          # Debian's crm shell: the reference for crmsh text loads
  resource-agents pacemaker-resource-agents   # real OCF agents, ocf-tester
  fence-agents openipmi ipmitool # fence_ipmilan, ipmi_sim, ipmitool
  socat                          # pty pairs for serial power switch simulators
  postgresql-15                  # streaming replication tests
  resource-agents-paf            # ClusterLabs PAF (pgsqlms), the lab's pgsql-paf site
  iproute2 iputils-ping arping   # network namespaces, VIP tests
  rsync cfengine3                # filesync agent, policy server
  libxml2-utils                  # xmllint, which ocf-tester needs (only a Recommends)
  rpm                            # RPM packaging
  asciidoctor groff-base         # man pages: picocli's AsciiDoc to roff, and the render check
  chromium                       # headless screenshots of the status dashboard
  haproxy                        # a load balancer probing /status/active in front of three nodes
  tmux                           # a real pseudo-terminal for the interactive crm shell test
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The lab's short fault campaign (LabCampaignTest: one fault of each kind against real hosts in
# network namespaces) runs too; PACELINE_LAB_TEST=0 leaves it out.
export PACELINE_LAB_TEST="${PACELINE_LAB_TEST:-1}"
exec mvn -B verify "$@"
