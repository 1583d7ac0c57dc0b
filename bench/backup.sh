#!/usr/bin/env bash
# Benchmark of roles/backup on a PostgreSQL database of >= 1 GB (pgbench -i -s 70).
# Runs on the backup scenario's containers: first `molecule converge -s backup` (or create +
# prepare + converge), then `bash bench/backup.sh`. Prints:
#   role backup time (pg_dump | borg create over SSH, append-only) vs plain pg_dump -Fc > /dev/null
#   role restore time (borg extract | pg_restore) vs plain pg_restore of the same dump from a file
#   repository growth vs dump size.
# Not a test: it prints figures. SCALE=70 by default (about 1.05 GB). Backup times are medians of
# three interleaved rounds (plain, role on new data, role on unchanged data): the machine is shared.
set -euo pipefail
DB=${DB_CONTAINER:-backup-db1}
BK=${BK_CONTAINER:-backup-bk1}
SCALE=${SCALE:-70}
REPO=/srv/amane-backup/${DB}

on_db() { docker exec -i "$DB" bash -c "$1"; }
on_bk() { docker exec -i "$BK" bash -c "$1"; }
now() { date +%s.%N; }
# CPU nanoseconds a container has used (cgroup v1 or v2): db1 and bk1 share this machine's cores
# here, while in production the repository host is another machine.
cpu_ns() {
  local id; id=$(docker inspect -f '{{.Id}}' "$1")
  if [ -r "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage" ]; then cat "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage"
  else awk '/^usage_usec/ {print $2 * 1000}' "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat"; fi
}
elapsed() { python3 -c "print(round($2 - $1, 2))"; }

# The same credentials and connection as the role: amane_backup over 127.0.0.1, secrets from the env file.
PGENV='set -a; . /etc/amane/backup.env; set +a; export PGHOST=127.0.0.1 PGUSER=amane_backup'

echo "== preparing database bench (pgbench -i -s $SCALE)"
on_db "runuser -u postgres -- dropdb --if-exists --force bench; runuser -u postgres -- createdb bench
       runuser -u postgres -- /usr/lib/postgresql/15/bin/pgbench -i -s $SCALE -q bench 2>&1 | tail -1
       runuser -u postgres -- psql -tA -c 'VACUUM ANALYZE' -c 'CHECKPOINT' bench >/dev/null
       runuser -u postgres -- dropdb --if-exists --force bench_role_restore
       runuser -u postgres -- dropdb --if-exists --force bench_plain_restore"
DB_SIZE=$(on_db "runuser -u postgres -- psql -tAc \"SELECT pg_database_size('bench')\" bench")

# A config for the bench database only, status kept apart from the real one.
on_db "python3 - <<'PY'
import json
cfg = json.load(open('/etc/amane/backup.json'))
cfg.update(paths=[], status_dir='/tmp/bench-status', lock_file='/tmp/bench.lock')
cfg['postgresql']['databases'] = ['bench']
cfg['mariadb']['databases'] = []
json.dump(cfg, open('/tmp/bench.json', 'w'))
PY
mkdir -p /tmp/bench-status && rm -f /tmp/bench-status/*"

# pgbench -i makes the same rows every time: earlier bench archives would let borg deduplicate
# everything. Deleting them (locally on bk1, as retention does) makes the next run store new data.
forget_bench_archives() {
  on_bk "set -a; . /etc/amane/backup-prune-${DB}.env; set +a
         runuser -u borg -m -- borg delete --glob-archives '${DB}-postgresql-bench-*' \$BORG_REPO
         runuser -u borg -m -- borg compact \$BORG_REPO"
}
role_run() {
  on_db "$PGENV; /usr/local/sbin/amane-backup --config /tmp/bench.json run 2>/tmp/bench-run.log || { cat /tmp/bench-run.log; exit 1; }"
}
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
load() { cut -d' ' -f1 /proc/loadavg; }

PLAIN_DUMP_SIZE=$(on_db "$PGENV; pg_dump -Fc -d bench | wc -c")
echo "== 3 rounds of: plain pg_dump -Fc > /dev/null; role backup of new data; role backup of unchanged data"
echo "   (role = amane-backup run: pg_dump -Fc -Z0 | borg create over SSH, checksums in the same snapshot)"
echo "   Interleaved, medians reported: the machine is shared and its load moves within seconds."
PLAIN_RUNS=(); PLAIN_CPUS=(); NEW_RUNS=(); NEW_DB_CPUS=(); NEW_BK_CPUS=(); AGAIN_RUNS=(); GROWTHS=()
for round in 1 2 3; do
  c0=$(cpu_ns "$DB"); t0=$(now); on_db "$PGENV; pg_dump -Fc -d bench > /dev/null"; t1=$(now); c1=$(cpu_ns "$DB")
  PLAIN_RUNS+=("$(elapsed "$t0" "$t1")"); PLAIN_CPUS+=($(( (c1 - c0) / 1000000 )))
  forget_bench_archives
  repo_before=$(on_bk "du -sb $REPO | cut -f1")
  d0=$(cpu_ns "$DB"); b0=$(cpu_ns "$BK"); t0=$(now); role_run; t1=$(now); d1=$(cpu_ns "$DB"); b1=$(cpu_ns "$BK")
  NEW_RUNS+=("$(elapsed "$t0" "$t1")"); NEW_DB_CPUS+=($(( (d1 - d0) / 1000000 ))); NEW_BK_CPUS+=($(( (b1 - b0) / 1000000 )))
  GROWTHS+=($(( $(on_bk "du -sb $REPO | cut -f1") - repo_before )))
  t0=$(now); role_run; t1=$(now)
  AGAIN_RUNS+=("$(elapsed "$t0" "$t1")")
  echo "   round $round: plain ${PLAIN_RUNS[-1]} s, role new data ${NEW_RUNS[-1]} s, role unchanged ${AGAIN_RUNS[-1]} s (load $(load))"
done
PLAIN_DUMP=$(median "${PLAIN_RUNS[@]}"); PLAIN_CPU=$(median "${PLAIN_CPUS[@]}")
ROLE_DUMP=$(median "${NEW_RUNS[@]}"); ROLE_DB_CPU=$(median "${NEW_DB_CPUS[@]}"); ROLE_BK_CPU=$(median "${NEW_BK_CPUS[@]}")
ROLE_AGAIN=$(median "${AGAIN_RUNS[@]}"); GROWTH=$(median "${GROWTHS[@]}")
read -r ARCHIVE ROLE_DUMP_SIZE < <(on_db "python3 -c \"import json; g=json.load(open('/tmp/bench-status/postgresql-bench.json'))['last_good']; print(g['archive'], g['size_bytes'])\"")

echo "== role restore (amane-backup restore: borg extract --stdout | pg_restore)"
t0=$(now); on_db "$PGENV; /usr/local/sbin/amane-backup --config /tmp/bench.json restore --engine postgresql --database bench --target bench_role_restore --replace >/dev/null"; t1=$(now)
ROLE_RESTORE=$(elapsed "$t0" "$t1")

echo "== plain pg_restore of the same dump from a local file"
on_db "$PGENV; export BORG_RSH=\$(python3 -c \"import json; print(json.load(open('/tmp/bench.json'))['borg_rsh'])\") BORG_BASE_DIR=/var/lib/amane/backup/borg
       borg extract --stdout \$(python3 -c \"import json; print(json.load(open('/tmp/bench.json'))['repository'])\")::$ARCHIVE > /var/tmp/bench.dump"
t0=$(now); on_db "$PGENV; createdb -h 127.0.0.1 bench_plain_restore && pg_restore --no-owner --no-acl --exit-on-error -d bench_plain_restore /var/tmp/bench.dump"; t1=$(now)
PLAIN_RESTORE=$(elapsed "$t0" "$t1")

on_db "rm -f /var/tmp/bench.dump; runuser -u postgres -- dropdb --force bench_role_restore; runuser -u postgres -- dropdb --force bench_plain_restore"

python3 - "$DB_SIZE" "$PLAIN_DUMP" "$ROLE_DUMP" "$PLAIN_RESTORE" "$ROLE_RESTORE" "$PLAIN_DUMP_SIZE" "$ROLE_DUMP_SIZE" "$GROWTH" \
  "$PLAIN_CPU" "$ROLE_DB_CPU" "$ROLE_BK_CPU" "$(nproc)" "$ROLE_AGAIN" "$(load)" <<'PY'
import sys
db, pd, rd, pr, rr, pds, rds, grow, pcpu, dcpu, bcpu, cores, again, load = map(float, sys.argv[1:])
print("database size                 : %.2f GB (load average at the end: %.2f)" % (db / 1e9, load))
print("plain pg_dump -Fc > /dev/null : %7.2f s" % pd)
print("role backup, new data         : %7.2f s   ratio %.2f (target <= 1.3)" % (rd, rd / pd))
print("role backup, unchanged data   : %7.2f s   ratio %.2f" % (again, again / pd))
print("CPU used, plain dump           : %7.2f s on db1" % (pcpu / 1000))
print("CPU used, role backup, new data: %7.2f s on db1 (dump, checksums, borg, ssh) + %.2f s on bk1 (borg serve, sshd)"
      % (dcpu / 1000, bcpu / 1000))
print("                                 %d cores shared by both containers; bk1 is another machine in production" % cores)
print("plain pg_restore (file)       : %7.2f s" % pr)
print("role restore                  : %7.2f s   ratio %.2f (target <= 1.3)" % (rr, rr / pr))
print("plain pg_dump -Fc size        : %7.1f MB" % (pds / 1e6))
print("role dump size (-Z0, raw)     : %7.1f MB" % (rds / 1e6))
print("repository growth             : %7.1f MB   = %.2f x plain -Fc dump, %.2f x raw dump" % (grow / 1e6, grow / pds, grow / rds))
PY
