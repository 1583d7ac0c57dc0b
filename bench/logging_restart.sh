#!/usr/bin/env bash
# Sender restarts in the middle of a burst: how many messages does the central journal miss?
# Each trial logs N numbered messages on logging-laptop, restarts its rsyslog 0.3 s into the
# burst, waits for delivery, and counts what reached logging-log1. With LOG1_DOWN=1 log1 is
# stopped before the burst and started 5 s after the restart (the case omrelp lost messages in).
# Optional CPU load (busy loops on this machine) shows whether a loaded machine changes the outcome.
# Needs the converged scenario: `molecule converge -s logging` (not run in CI).
# Usage: [LOG1_DOWN=1] bench/logging_restart.sh [trials] [messages] [busy-loops]   (default 3 10000 0)
set -euo pipefail
TRIALS="${1:-3}"
N="${2:-10000}"
BUSY="${3:-0}"
SENDER=logging-laptop
LOG1=logging-log1
STORE=/var/log/amane/hosts/$SENDER

for c in "$SENDER" "$LOG1"; do
  docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null | grep -q true ||
    { echo "container $c is not running: run 'molecule converge -s logging' first" >&2; exit 2; }
done

loops=()
for _ in $(seq 1 "$BUSY"); do
  sh -c 'while :; do :; done' &
  loops+=("$!")
done
trap '[ ${#loops[@]} -eq 0 ] || kill "${loops[@]}" 2>/dev/null' EXIT

for t in $(seq 1 "$TRIALS"); do
  tag="amane-restart-$(date +%s)-$t"
  [ "${LOG1_DOWN:-0}" = 1 ] && docker exec "$LOG1" systemctl stop syslog.socket rsyslog
  docker exec "$SENDER" bash -c "(seq 1 $N | sed 's/^/n=/' | logger -t $tag) & sleep 0.3; systemctl restart rsyslog; wait"
  [ "${LOG1_DOWN:-0}" = 1 ] && { sleep 5; docker exec "$LOG1" systemctl start rsyslog; }
  # Delivery: wait until the count stops growing for 10 s (at most 120 s).
  last=-1; stable=0
  for _ in $(seq 1 60); do
    got=$(docker exec "$LOG1" bash -c "grep -c ' $tag' $STORE/system.log || true")
    if [ "$got" = "$last" ]; then stable=$((stable + 2)); else stable=0; last=$got; fi
    [ "$got" -ge "$N" ] && [ "$stable" -ge 2 ] && break
    [ "$stable" -ge 10 ] && break
    sleep 2
  done
  docker exec "$LOG1" bash -c "grep -h ' $tag' $STORE/system.log" | python3 -c "
import re, sys
numbers = [int(m) for m in re.findall(r'n=(\d+)', sys.stdin.read())]
missing = set(range(1, $N + 1)) - set(numbers)
print('trial %d: sent %d, received %d, duplicates %d, missing %d (load %s)' % (
    $t, $N, len(numbers), len(numbers) - len(set(numbers)), len(missing), open('/proc/loadavg').read().split()[0]))"
done
