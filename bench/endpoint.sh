#!/usr/bin/env bash
# Endpoint roles benchmark (issues 5, 19): the full laptop baseline, as site.yml applies it to a
# laptop (logging client, endpoint_hardening, antivirus, VPN client), on the lab laptops:
#   first converge time, no-op re-run time and task count on one host (pc-issued-1), the no-op
#   time on both laptops with forks=2, a run after one control was broken (audit first: that
#   concern alone; once in the hardening, once in the logging client), and the ratios to the
#   first converge.
# It builds a throw-away lab of its own (prefix endpoint-bench-: bk1 as the signature mirror, log1
# as the central journal, gw1 as the VPN gateway, and the two laptops) with the same playbooks as
# `make lab-up`, so "first" is a true first converge and an admin's running lab is left alone.
# Untimed preparation: base role on the five hosts, the mirror on bk1, the central journal on log1
# and the gateway on gw1 (the laptops need them before their roles run), and the personal laptop's
# first run (timed is the issued one's). Not a test: it prints figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export AMANE_LAB_PREFIX=endpoint-bench- AMANE_LAB_WG_PORT=0
# Own fact cache: the lab's cache is keyed by host name and would hand these fresh containers the
# facts of the admin's lab.
WORK=$(mktemp -d)
export ANSIBLE_CACHE_PLUGIN_CONNECTION="$WORK/facts"
# The lab's laptops come from the enrollment registry; this throw-away lab enrolls nobody, so they
# are listed here as the registry would give them (kind issued / byod), over the docker connection.
cat > "$WORK/laptops.yml" <<YAML
all:
  children:
    laptops:
      hosts:
        # an active issued laptop with its tunnel address, as enrollment leaves it in the registry
        pc-issued-1: {ansible_host: ${AMANE_LAB_PREFIX}pc-issued-1, amane_device_kind: issued, amane_vpn_address: 10.99.0.50}
        pc-byod-1: {ansible_host: ${AMANE_LAB_PREFIX}pc-byod-1, amane_device_kind: byod}
    device_issued: {hosts: {pc-issued-1: {}}}
    device_byod: {hosts: {pc-byod-1: {}}}
    state_active: {hosts: {pc-issued-1: {}}}
YAML
INVENTORY=(-i inventories/lab/hosts.yml -i "$WORK/laptops.yml")
HOST=pc-issued-1
LAB_HOSTS='{"amane_lab_hosts": ["bk1", "log1", "gw1", "pc-issued-1", "pc-byod-1"]}'

PLAY="playbooks/.bench-endpoint-$$.yml"
cleanup() {
  rm -f "$PLAY"; rm -rf "$WORK"
  ansible-playbook playbooks/lab/down.yml -e "$LAB_HOSTS" >/dev/null 2>&1 || true
}
trap cleanup EXIT
# site.yml's plays that reach a laptop, in its order (--limit keeps the servers' plays off)
cat > "$PLAY" <<'YAML'
- name: Logging client (the central journal's own concerns run on log1 only)
  ansible.builtin.import_playbook: logging.yml
- name: Endpoint roles, as site.yml applies them to laptops
  ansible.builtin.import_playbook: endpoints.yml
- name: Antivirus laptops play (its mirror play targets bk1, excluded by --limit)
  ansible.builtin.import_playbook: antivirus.yml
- name: VPN client on the issued laptop (the gateway play targets gw1, excluded by --limit)
  ansible.builtin.import_playbook: vpn.yml
YAML

quiet() {  # quiet <what> <command...>: run, show the tail only on failure
  local what="$1" out; shift
  if ! out=$("$@" 2>&1); then echo "bench: $what failed:" >&2; echo "$out" | tail -40 >&2; exit 1; fi
}
echo "== preparing a lab of its own (bk1, log1, gw1, pc-issued-1, pc-byod-1): base role, mirror, central journal, gateway; not timed"
quiet "lab up" ansible-playbook playbooks/lab/down.yml -e "$LAB_HOSTS"
quiet "lab up" ansible-playbook playbooks/lab/up.yml -e "$LAB_HOSTS"
quiet "base" ansible-playbook "${INVENTORY[@]}" --limit "bk1,log1,gw1,pc-issued-1,pc-byod-1" playbooks/base.yml
quiet "mirror" ansible-playbook "${INVENTORY[@]}" --limit bk1 playbooks/antivirus.yml
quiet "central journal" ansible-playbook "${INVENTORY[@]}" --limit log1 playbooks/logging.yml
quiet "gateway" ansible-playbook "${INVENTORY[@]}" --limit gw1 playbooks/vpn.yml
# the personal laptop's logging client is set up here, so that the two-laptop run is a no-op on both
quiet "byod laptop" ansible-playbook "${INVENTORY[@]}" --limit pc-byod-1 "$PLAY"

# Each run's per-task times (ansible.posix.profile_tasks), to say where a no-op run's time goes.
export ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks PROFILE_TASKS_TASK_OUTPUT_LIMIT=12
run() {  # run <limit> <forks> <label> [extra args]: prints "<seconds> <tasks of the first host in the recap> <changed>"
  local start end out tasks
  start=$(date +%s.%N)
  if ! out=$(ansible-playbook "${INVENTORY[@]}" --limit "$1" --forks "$2" "${@:4}" "$PLAY" 2>&1); then
    echo "bench: ansible-playbook failed on $1:" >&2; echo "$out" | tail -40 >&2; exit 1
  fi
  end=$(date +%s.%N)
  echo "$out" | grep -E ' -+ [0-9.]+s$' > "$WORK/profile-$3" || true
  tasks=$(echo "$out" | awk '/ ok=/{for(i=1;i<=NF;i++){split($i,a,"=");if(a[1]~/^(ok|failed|skipped)$/)n+=a[2]} print n; exit}')
  changed=$(echo "$out" | awk '/ ok=/{for(i=1;i<=NF;i++){split($i,a,"=");if(a[1]=="changed")n+=a[2]}} END{print n+0}')
  printf '%.1f %s %s\n' "$(echo "$end - $start" | bc)" "$tasks" "$changed"
}

echo "== timed runs"
read -r first first_tasks first_changed < <(run "$HOST" 1 first)
read -r noop noop_tasks noop_changed < <(run "$HOST" 1 noop)
read -r both _ both_changed < <(run "pc-issued-1,pc-byod-1" 2 both)
# One control broken on the converged laptop (EH-21: /etc/shadow readable by all): audit first
# must run that concern alone, then a no-op again.
docker exec "${AMANE_LAB_PREFIX}$HOST" chmod 0644 /etc/shadow
read -r broken broken_tasks broken_changed < <(run "$HOST" 1 broken)
shadow_mode=$(docker exec "${AMANE_LAB_PREFIX}$HOST" stat -c %a /etc/shadow)
# One logging client setting broken (LG-04: the host key readable by all): its pki concern alone.
docker exec "${AMANE_LAB_PREFIX}$HOST" chmod 0644 /etc/amane/logging-pki/host.key
read -r broken_lg broken_lg_tasks broken_lg_changed < <(run "$HOST" 1 broken-lg)
key_mode=$(docker exec "${AMANE_LAB_PREFIX}$HOST" stat -c %a /etc/amane/logging-pki/host.key)
# The weekly full run on the converged laptop: every concern of the four roles, whatever the reads say
# (what every daily run cost before audit first).
read -r full full_tasks full_changed < <(run "$HOST" 1 full -e endpoint_hardening_enforce_all=true \
  -e antivirus_enforce_all=true -e vpn_client_enforce_all=true -e logging_enforce_all=true)
tunnel=$(docker exec "${AMANE_LAB_PREFIX}$HOST" systemctl is-active wg-quick@wg0 || true)
echo "load (1/5/15 min) after:       $(cut -d' ' -f1-3 /proc/loadavg)"
echo "roles:                         logging client + endpoint_hardening + antivirus + VPN client (tunnel $tunnel)"
echo "first converge ($HOST):   ${first}s, ${first_tasks} tasks, ${first_changed} changed"
echo "no-op re-run ($HOST):     ${noop}s, ${noop_tasks} tasks, ${noop_changed} changed"
echo "no-op both laptops, forks=2:   ${both}s, ${both_changed} changed"
echo "one control broken (EH-21):    ${broken}s, ${broken_tasks} tasks, ${broken_changed} changed, /etc/shadow back to ${shadow_mode}"
echo "one control broken (LG-04):    ${broken_lg}s, ${broken_lg_tasks} tasks, ${broken_lg_changed} changed, host.key back to ${key_mode}"
echo "full run, converged (enforce_all): ${full}s, ${full_tasks} tasks, ${full_changed} changed"
echo "ratio no-op/first:             $(echo "scale=2; $noop / $first" | bc) (target <= 0.15)"
echo "ratio broken/first:            $(echo "scale=2; $broken / $first" | bc) (EH-21), $(echo "scale=2; $broken_lg / $first" | bc) (LG-04)"
echo "ratio no-op/full run:          $(echo "scale=2; $noop / $full" | bc)"
echo "slowest tasks of the no-op re-run:"
sed 's/^/  /' "$WORK/profile-noop"
