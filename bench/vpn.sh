#!/usr/bin/env bash
# Benchmark of roles/vpn (issue 4), on the molecule "vpn" scenario's containers:
#  1. TCP throughput (iperf3, 5 s) from vpn-pc1 to the gateway through the tunnel and on the same
#     path without it (the gateway's outside address), and the ratio.
#  2. Time to apply a one-peer change on a gateway with 10 and with 1,000 peers, and the ratio
#     (target <= 2), twice: the role's own run (playbooks/vpn.yml limited to the gateway, inventory
#     of that many peers), and its two moving parts alone: rendering the peer file with the role's
#     filter and template, plus `wg syncconf` on a WireGuard interface holding that many peers.
#  The role run changes the scenario gateway's pool and peers: destroy the scenario afterwards.
# Usage: bash bench/vpn.sh   (creates and converges the scenario first when vpn-gw1 is not running;
# leaves it running; `molecule destroy -s vpn` removes it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
GW=vpn-gw1
PC=vpn-pc1
RUNS=5

if [ "$(docker inspect -f '{{.State.Running}}' "$GW" 2>/dev/null)" != "true" ]; then
  echo "# scenario not running: molecule create/prepare/converge -s vpn" >&2
  molecule create -s vpn >&2 && molecule prepare -s vpn >&2 && molecule converge -s vpn >&2
fi

# --- 1. throughput ----------------------------------------------------------------------------
# The gateway firewall only opens the WireGuard port; open iperf3's port for the measurement only.
handle_of() { docker exec "$GW" nft -a list chain inet amane_vpn input | awk '/amane-bench/ {print $NF}'; }
cleanup() {
  for h in $(handle_of); do docker exec "$GW" nft delete rule inet amane_vpn input handle "$h" || true; done
  docker exec "$GW" pkill -x iperf3 || true
  docker exec "$GW" ip link del wgbench 2>/dev/null || true
  docker exec "$GW" pkill -f "wireguard-go -f wgbench" 2>/dev/null || true
}
trap cleanup EXIT
docker exec "$GW" nft insert rule inet amane_vpn input tcp dport 5201 accept comment '"amane-bench"'
docker exec "$GW" iperf3 -s -D -p 5201
sleep 1
gbps() {  # iperf3 -J on stdin -> Gbit/s received
  python3 -c 'import json,sys; print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))'
}
plain=$(docker exec "$PC" iperf3 -J -t 5 -c 10.231.0.10 -p 5201 | gbps)
tunnel=$(docker exec "$PC" iperf3 -J -t 5 -c 10.231.100.1 -p 5201 | gbps)
echo "throughput without tunnel (pc1 -> gw1 10.231.0.10): ${plain} Gbit/s"
echo "throughput through tunnel (pc1 -> gw1 10.231.100.1, wg0 $(docker exec "$GW" sh -c 'test -e /sys/module/wireguard && echo kernel || echo wireguard-go')): ${tunnel} Gbit/s"
python3 -c "print('throughput ratio tunnel/plain: %.3f' % ($tunnel / $plain))"

# --- 2. one-peer change with 10 and 1,000 peers --------------------------------------------------
python3 bench/vpn_peers.py render 10 1000 > /tmp/amane-bench-render.txt
# Foreground process detached from the exec session (a daemonized wireguard-go did not survive it).
docker exec "$GW" sh -c 'ip link del wgbench 2>/dev/null; rm -f /var/run/wireguard/wgbench.sock
  setsid nohup wireguard-go -f wgbench >/dev/null 2>&1 &
  for i in $(seq 50); do [ -S /var/run/wireguard/wgbench.sock ] && break; sleep 0.1; done'
declare -A APPLY
for n in 10 1000; do
  python3 bench/vpn_peers.py conf "$n" base > "/tmp/amane-bench-$n-base.conf"
  python3 bench/vpn_peers.py conf "$n" changed > "/tmp/amane-bench-$n-changed.conf"
  docker cp -q "/tmp/amane-bench-$n-base.conf" "$GW:/root/amane-bench-base.conf"
  docker cp -q "/tmp/amane-bench-$n-changed.conf" "$GW:/root/amane-bench-changed.conf"
  docker exec "$GW" wg syncconf wgbench /root/amane-bench-base.conf
  # Alternate base -> changed -> base: every syncconf removes one peer and adds another.
  APPLY[$n]=$(docker exec "$GW" bash -c '
    for i in $(seq '"$RUNS"'); do
      for f in changed base; do
        s=$(date +%s%N); wg syncconf wgbench /root/amane-bench-$f.conf; e=$(date +%s%N); echo $(( (e - s) / 1000 ))
      done
    done' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] / 1000}')
  test "$(docker exec "$GW" wg show wgbench peers | wc -l)" -eq "$n"
done
# --- 3. the role's own run: one-peer change through playbooks/vpn.yml on the gateway --------------
# The same gateway, an inventory of 10 or 1,000 active compliant peers (a /16 pool so they fit),
# --limit to the gateway: what an admin's run costs when one teleworker is added or removed.
INV=$(mktemp -d)
ln -s "$PWD/molecule/vpn/inventory/group_vars" "$INV/group_vars"
declare -A ROLE
role_run() {  # role_run <inventory file>: prints seconds
  local s e
  s=$(date +%s.%N)
  ansible-playbook -i "$1" --limit vpn-gw1 -e vpn_pool=10.100.0.0/16 playbooks/vpn.yml > "$INV/last.log" 2>&1 ||
    { tail -30 "$INV/last.log" >&2; exit 1; }
  e=$(date +%s.%N)
  python3 -c "print(round($e - $s, 2))"
}
for n in 10 1000; do
  python3 bench/vpn_peers.py inventory "$n" base > "$INV/base-$n.yml"
  python3 bench/vpn_peers.py inventory "$n" changed > "$INV/changed-$n.yml"
  role_run "$INV/base-$n.yml" > /dev/null  # warm-up: the pool change and the first peer set
  times=()
  for variant in changed base changed; do times+=("$(role_run "$INV/$variant-$n.yml")"); done
  grep -q "changed=[1-9]" "$INV/last.log" || { echo "bench: the last run changed nothing" >&2; exit 1; }
  ROLE[$n]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  test "$(docker exec "$GW" wg show wg0 peers | wc -l)" -eq "$n"
done
rm -rf "$INV"
echo "role run applying a one-peer change (playbooks/vpn.yml, --limit gateway, median of 3):"
python3 -c "print('  10 peers: %.2f s; 1000 peers: %.2f s; ratio %.2f (target <= 2)' % (${ROLE[10]}, ${ROLE[1000]}, ${ROLE[1000]} / ${ROLE[10]}))"

python3 - "${APPLY[10]}" "${APPLY[1000]}" <<'PY'
import sys
render = dict(line.split() for line in open("/tmp/amane-bench-render.txt"))
apply10, apply1000 = float(sys.argv[1]), float(sys.argv[2])
r10, r1000 = float(render["10"]), float(render["1000"])
print("render peer file (filter + template), 10 peers: %.2f ms; 1000 peers: %.2f ms" % (r10, r1000))
print("wg syncconf one-peer change, 10 peers: %.2f ms; 1000 peers: %.2f ms; ratio %.2f" % (apply10, apply1000, apply1000 / apply10))
total10, total1000 = r10 + apply10, r1000 + apply1000
print("apply one-peer change (render + syncconf), 10 peers: %.2f ms; 1000 peers: %.2f ms; ratio %.2f (target <= 2)"
      % (total10, total1000, total1000 / total10))
PY
