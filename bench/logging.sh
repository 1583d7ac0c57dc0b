#!/usr/bin/env bash
# Sustained messages per second from one sender (logging-laptop) to the central journal
# (logging-log1): over the production path (journal -> rsyslog -> disk-assisted queue ->
# amane-log-forward and its spool -> RELP/TLS
# with client certificates) and over plain UDP between the same two hosts. Prints both and the ratio.
# Needs the converged scenario: `molecule converge -s logging` (not run in CI).
# Usage: bench/logging.sh [messages]   (default 50000)
set -euo pipefail
N="${1:-50000}"
SENDER=logging-laptop
LOG1=logging-log1
STORE=/var/log/amane/hosts/$SENDER
RUN="$(date +%s)"

for c in "$SENDER" "$LOG1"; do
  docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null | grep -q true ||
    { echo "container $c is not running: run 'molecule converge -s logging' first" >&2; exit 2; }
done

on() { docker exec "$1" bash -c "$2"; }

cleanup() {
  on "$SENDER" "rm -f /etc/rsyslog.d/10-amane-bench.conf && systemctl restart rsyslog" || true
  on "$LOG1" "rm -f /etc/rsyslog.d/10-amane-bench.conf /var/log/amane-bench/udp.log && systemctl restart rsyslog" || true
}
trap cleanup EXIT

# UDP path for the comparison only: a listener on log1 and a rule on the sender for the bench tag.
on "$LOG1" "mkdir -p /var/log/amane-bench && cat > /etc/rsyslog.d/10-amane-bench.conf <<'CONF'
module(load=\"imudp\")
ruleset(name=\"amane_bench\") { action(type=\"omfile\" file=\"/var/log/amane-bench/udp.log\") }
input(type=\"imudp\" port=\"5514\" ruleset=\"amane_bench\")
CONF
systemctl restart rsyslog"
on "$SENDER" "cat > /etc/rsyslog.d/10-amane-bench.conf <<'CONF'
if \$programname startswith \"amane-bench-udp\" then {
  action(type=\"omfwd\" target=\"$LOG1\" port=\"5514\" protocol=\"udp\")
  stop
}
CONF
systemctl restart rsyslog"
sleep 2

# measure TAG FILE_GLOB: send N numbered messages, wait until all (or no more) arrive; print "rate count secs"
# The end time is when the last message arrived, not when the wait gave up: UDP drops some, and
# the ~10 s spent making sure nothing more comes must not count as sending time.
measure() {
  local tag="$1" files="$2" start now count last=-1 still=0 arrived
  start=$(date +%s.%N)
  arrived=$start
  on "$SENDER" "seq 1 $N | sed 's/^/n=/' | logger -t $tag"
  while :; do
    count=$(on "$LOG1" "cat $files 2>/dev/null | grep -c ' $tag' || true")
    now=$(date +%s.%N)
    if [ "$count" -ne "$last" ]; then arrived=$now; still=0; else still=$((still + 1)); fi
    [ "$count" -ge "$N" ] && break
    [ "$still" -ge 20 ] && break # nothing new for ~10 s: the rest is lost (UDP)
    last=$count
    sleep 0.5
  done
  awk -v n="$count" -v s="$start" -v e="$arrived" 'BEGIN { printf "%.0f %d %.2f\n", n / (e - s), n, e - s }'
}

read -r TLS_RATE TLS_COUNT TLS_SECS < <(measure "amane-bench-tls-$RUN" "$STORE/system.log")
read -r UDP_RATE UDP_COUNT UDP_SECS < <(measure "amane-bench-udp-$RUN" "/var/log/amane-bench/udp.log")

echo "messages sent per path: $N (sender $SENDER -> $LOG1)"
echo "RELP/TLS + disk-assisted queue: $TLS_RATE msg/s ($TLS_COUNT received in ${TLS_SECS}s)"
echo "plain UDP:                      $UDP_RATE msg/s ($UDP_COUNT received in ${UDP_SECS}s)"
awk -v a="$TLS_RATE" -v b="$UDP_RATE" 'BEGIN { printf "ratio TLS/UDP: %.2f\n", a / b }'
