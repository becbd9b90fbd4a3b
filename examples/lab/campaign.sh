#!/usr/bin/env bash
# Runs the fault campaign against a lab built by lab.sh up, from inside the lab's client host.
#   examples/lab/campaign.sh [--faults N] [--kinds poweroff,kill9,sigstop,partition,pgcrash] [--seed S] [--out FILE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tree="$(cd "$here/../.." && pwd)"
LAB="${PACELINE_LAB:-/run/paceline-lab}"
TAG="${PACELINE_LAB_TAG:-plab}"
[ -d "$tree/examples/target/classes/org/paceline/lab" ] || { echo "campaign: build first: mvn -B -q package -DskipTests" >&2; exit 69; }
cp="$tree/examples/target/classes:$tree/crm-engine/target/classes:$tree/crm-engine/target/lib/*"
exec ip netns exec "$TAG-client" env PACELINE_LAB="$LAB" PACELINE_LAB_TAG="$TAG" \
  java -Xmx256m -XX:+UseSerialGC -cp "$cp" org.paceline.lab.FaultCampaign --lab-script "$here/lab.sh" "$@"
