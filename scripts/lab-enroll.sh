#!/usr/bin/env bash
# Enrolls and approves the lab's laptops with the documented commands a technician and a security
# officer run on real machines (README "Enrolling a device"): playbooks/enroll.yml with the request
# file, the technician's one-time password as a vars file, then playbooks/approve.yml. A laptop the
# registry already knows past its request is left alone, so `make lab` can run again.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${AMANE_LAB_PREFIX:-amane-lab-}"
state="${AMANE_LAB_STATE_DIR:-inventories/lab/.state/$prefix}"  # as playbooks/lab/vars.yml
registry="${AMANE_REGISTRY_PATH:-inventories/lab/registry.sqlite}"

registry_state() {  # the live record's state of host $1, or nothing
  [ -f "$registry" ] || return 0
  python3 - "$registry" "$1" <<'PY'
import sqlite3, sys
conn = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
row = conn.execute("SELECT state FROM devices WHERE hostname = ? AND state <> 'offboarded'", (sys.argv[2],)).fetchone()
print(row[0] if row else "")
PY
}

for host in pc-issued-1 pc-byod-1; do
  current="$(registry_state "$host")"
  if [ -n "$current" ] && [ "$current" != requested ]; then
    echo "lab-enroll: $host is already $current in the registry"
    continue
  fi
  # The control node does not resolve the lab's container names: enroll at the container's address.
  address="$(docker inspect -f "{{with index .NetworkSettings.Networks \"${prefix}net\"}}{{.IPAddress}}{{end}}" "$prefix$host")"
  [ -n "$address" ] || { echo "lab-enroll: $prefix$host has no address on ${prefix}net: run 'make lab-up'" >&2; exit 1; }
  ansible-playbook playbooks/enroll.yml -e "amane_request_file=inventories/lab-requests/$host.yml" \
    -e "amane_enroll_address=$address" -e amane_actor=tech-lab -e amane_enroll_user=technicien \
    -e "@$state/enroll-$host.yml"
  ansible-playbook playbooks/approve.yml -e "amane_device=$host" -e amane_actor=rssi-lab \
    -e "amane_reason='lab: charter signed, manager agreed'"
done
