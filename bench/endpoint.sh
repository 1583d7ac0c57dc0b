#!/usr/bin/env bash
# Endpoint roles benchmark (issue 5), on the lab laptops (make lab-up):
#   first converge time, no-op re-run time and task count for the roles on one host (pc-issued-1),
#   then the no-op time on both laptops with forks=2, and the ratio no-op/first.
# The antivirus role is included when roles/antivirus exists.
# "First converge" is only first on a fresh lab: run `make lab-down lab-up` before for a true figure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
INVENTORY=inventories/lab/hosts.yml
HOST=pc-issued-1
# Fresh laptops of its own (prefix endpoint-bench-) so "first" is a true first converge and the
# admin's lab is left alone; AMANE_LAB_PREFIX=amane-lab- runs it on the running lab instead.
export AMANE_LAB_PREFIX=${AMANE_LAB_PREFIX:-endpoint-bench-}
OWN=()
if [ "$AMANE_LAB_PREFIX" = "endpoint-bench-" ]; then
  for name in pc-issued-1 pc-byod-1; do
    docker rm -f "endpoint-bench-$name" >/dev/null 2>&1 || true
    docker run -d --name "endpoint-bench-$name" --hostname "$name" --cgroupns host \
      -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /tmp --cap-add NET_ADMIN --cap-add SYS_ADMIN \
      --stop-signal SIGRTMIN+3 amane/debian12:latest >/dev/null
    OWN+=("endpoint-bench-$name")
  done
  sleep 5
fi
PLAY=$(mktemp --suffix=.yml -p "$PWD/playbooks")
cleanup() { rm -f "$PLAY"; for c in "${OWN[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT
{
  echo "- name: Bench endpoint roles"
  echo "  hosts: laptops"
  echo "  gather_facts: true"
  echo "  gather_subset: [min]"
  echo "  roles:"
  echo "    - role: amane.telework.endpoint_hardening"
  echo "      vars:"
  echo "        endpoint_hardening_profile: \"{{ amane_device_kind | default(amane_lab_device_kind | default('issued')) }}\""
  if [ -d roles/antivirus ]; then echo "    - role: amane.telework.antivirus"; fi
} > "$PLAY"

run() {  # run <limit> <forks>: prints "<seconds> <tasks>"
  local start end out
  start=$(date +%s.%N)
  if ! out=$(ansible-playbook -i "$INVENTORY" --limit "$1" --forks "$2" "$PLAY" 2>&1); then
    echo "bench: ansible-playbook failed on $1:" >&2
    echo "$out" | tail -40 >&2
    exit 1
  fi
  end=$(date +%s.%N)
  # Tasks run = ok + changed + failed + skipped on the first host of the recap.
  local tasks
  tasks=$(echo "$out" | awk '/ok=/{for(i=1;i<=NF;i++){split($i,a,"=");if(a[1]~/^(ok|failed|skipped)$/)n+=a[2]} print n; exit}')
  printf '%.1f %s\n' "$(echo "$end - $start" | bc)" "$tasks"
}

roles="endpoint_hardening"; [ -d roles/antivirus ] && roles="$roles + antivirus"
read -r first first_tasks < <(run "$HOST" 1)
read -r noop noop_tasks < <(run "$HOST" 1)
read -r both _ < <(run "pc-issued-1,pc-byod-1" 2)
echo "roles:                         $roles"
echo "first converge ($HOST):   ${first}s, ${first_tasks} tasks"
echo "no-op re-run ($HOST):     ${noop}s, ${noop_tasks} tasks"
echo "no-op both laptops, forks=2:   ${both}s"
echo "ratio no-op/first:             $(echo "scale=2; $noop / $first" | bc)"
