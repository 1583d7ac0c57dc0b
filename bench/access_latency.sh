#!/usr/bin/env bash
# Benchmark of issue 16 (access changes in seconds), on the molecule "vpn" scenario's containers:
#  1. Seconds from the start of the gateway change to vpn-pc2's peer being applied and to its
#     first handshake (re-admission), and to its peer being gone (offboarding): the targeted change
#     that approve.yml, offboard.yml and posture.yml end with (playbooks/vpn-peers.yml), then
#     today's path, the full gateway run (playbooks/vpn.yml --limit gateways). vpn-pc2 pings the
#     gateway's tunnel address all along, so WireGuard retries its handshake (every 5 s, its own
#     timer: part of the figure, not the gateway's).
#  2. The targeted one-peer change with 10 and with 10,000 registry devices (registries of active,
#     compliant peers and their registry-plugin inventories that bench/vpn_peers.py writes; the
#     gateway reads its peers from the registry, vpn_peers_source registry; median of 3; ratio
#     target <= 2).
#  The registry decision itself (approve.yml's transition) is not in these figures: the scenario's
#  inventory is static. It changes the scenario gateway's pool and peers: destroy it afterwards.
# Usage: bash bench/access_latency.sh   (creates and converges the scenario when vpn-gw1 is not
# running; leaves it running; `molecule destroy -s vpn` removes it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
GW=vpn-gw1
PC=vpn-pc2
TUNNEL_GW=10.231.100.1

if [ "$(docker inspect -f '{{.State.Running}}' "$GW" 2>/dev/null)" != "true" ]; then
  echo "# scenario not running: molecule create/prepare/converge -s vpn" >&2
  molecule create -s vpn >&2 && molecule prepare -s vpn >&2 && molecule converge -s vpn >&2
fi
WORK=$(mktemp -d)
cleanup() { docker exec "$PC" pkill -f "ping -i 0.5 $TUNNEL_GW" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
python3 bench/vpn_peers.py scenario-inventory "$WORK/active" active
python3 bench/vpn_peers.py scenario-inventory "$WORK/offboarded" offboarded
KEY=$(docker exec "$PC" cat /etc/wireguard/wg0.pub)

now() { date +%s.%N; }
since() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
play() {  # play <inventory dir> <playbook> [args]: runs in the background, its log in $WORK/play.log
  local inventory=$1 playbook=$2
  shift 2
  ansible-playbook -i "$inventory/hosts.yml" "$playbook" "$@" > "$WORK/play.log" 2>&1 &
  PLAY=$!
}
finish() { wait "$PLAY" || { tail -30 "$WORK/play.log" >&2; exit 1; }; }
has_peer() { docker exec "$GW" wg show wg0 peers | grep -qxF "$KEY"; }
handshake_after() {  # handshake_after <epoch>: the gateway saw pc2's handshake after that time
  docker exec "$GW" wg show wg0 latest-handshakes | awk -v k="$KEY" -v t="$1" '$1 == k && $2 >= t {f=1} END {exit !f}'
}
poll() {  # poll <command...>: seconds waited (0.1 s steps, 120 s at most)
  local _
  for _ in $(seq 1200); do "$@" && return 0; sleep 0.1; done
  echo "bench: timed out waiting for: $*" >&2
  exit 1
}

measure() {  # measure <key> <label> <playbook> [args]
  local key=$1 label=$2 playbook=$3 start applied shook gone done_at epoch
  shift 3
  # offboard first (the full run, untimed) so re-admission starts from no peer
  ansible-playbook -i "$WORK/offboarded/hosts.yml" playbooks/vpn.yml --limit gateways > "$WORK/setup.log" 2>&1 ||
    { tail -30 "$WORK/setup.log" >&2; exit 1; }
  docker exec "$PC" systemctl restart wg-quick@wg0  # a fresh session: it needs a new handshake
  docker exec -d "$PC" ping -i 0.5 "$TUNNEL_GW"
  epoch=$(date +%s)
  start=$(now)
  play "$WORK/active" "$playbook" "$@"
  poll has_peer
  applied=$(now)
  poll handshake_after "$epoch"
  shook=$(now)
  finish
  done_at=$(now)
  echo "$label, re-admission: peer applied $(since "$start" "$applied") s, first handshake $(since "$start" "$shook") s (play ended $(since "$start" "$done_at") s)"
  echo "$key handshake $(since "$start" "$shook")" >> "$WORK/figures"
  start=$(now)
  play "$WORK/offboarded" "$playbook" "$@"
  poll bash -c "! docker exec $GW wg show wg0 peers | grep -qxF '$KEY'"
  gone=$(now)
  finish
  done_at=$(now)
  echo "$label, offboarding: peer gone $(since "$start" "$gone") s (play ended $(since "$start" "$done_at") s)"
  docker exec "$PC" pkill -f "ping -i 0.5 $TUNNEL_GW" || true
  echo "$key gone $(since "$start" "$gone")" >> "$WORK/figures"
}

echo "# 1. access latency (vpn-pc2)"
measure targeted "targeted (playbooks/vpn-peers.yml)" playbooks/vpn-peers.yml
measure full "full run (playbooks/vpn.yml --limit gateways)" playbooks/vpn.yml --limit gateways
python3 - "$WORK/figures" <<'PY'
import sys
fig = {(k, what): float(v) for k, what, v in (line.split() for line in open(sys.argv[1]))}
for what, name in (("handshake", "first handshake"), ("gone", "peer gone")):
    print("  %s: targeted / full run = %.2f (target < 0.33; targeted < 10 s: %s)"
          % (name, fig["targeted", what] / fig["full", what], "yes" if fig["targeted", what] < 10 else "no"))
PY
# re-admit pc2 as the scenario left it
ansible-playbook -i "$WORK/active/hosts.yml" playbooks/vpn.yml --limit gateways > "$WORK/setup.log" 2>&1

echo "# 2. targeted one-peer change, 10 and 10,000 registry devices (median of 3)"
declare -A TIME
for n in 10 10000; do
  # registry inventories (the registry plugin; the gateway reads its peers from the registry in one query)
  python3 bench/vpn_peers.py registry-inventories "$WORK/base-$n" "$WORK/changed-$n" "$n"
  for variant in base changed; do ln -sfn "$PWD/molecule/vpn/inventory/group_vars" "$WORK/$variant-$n/group_vars"; done
  ansible-playbook -i "$WORK/base-$n" -e vpn_pool=10.100.0.0/16 playbooks/vpn-peers.yml > "$WORK/last.log" 2>&1 ||
    { tail -30 "$WORK/last.log" >&2; exit 1; }  # warm-up: the pool change and the first peer set
  times=()
  for variant in changed base changed; do
    start=$(now)
    ansible-playbook -i "$WORK/$variant-$n" -e vpn_pool=10.100.0.0/16 playbooks/vpn-peers.yml > "$WORK/last.log" 2>&1 ||
      { tail -30 "$WORK/last.log" >&2; exit 1; }
    times+=("$(since "$start" "$(now)")")
  done
  grep -q "changed=[1-9]" "$WORK/last.log" || { echo "bench: the last run changed nothing" >&2; exit 1; }
  test "$(docker exec "$GW" wg show wg0 peers | wc -l)" -eq "$n"
  TIME[$n]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  echo "  $n devices: ${TIME[$n]} s (runs: ${times[*]})"
done
python3 -c "print('  ratio 10,000 / 10: %.2f (target <= 2)' % (${TIME[10000]} / ${TIME[10]}))"
