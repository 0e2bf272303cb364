#!/usr/bin/env bash
# Runs a real single-node Slurm on this machine (Debian 12, as root, no systemd: the daemons are started directly),
# so that tests can submit sbatch job arrays to it and the Slurm launcher is tried against the real thing.
#   tools/slurm-local.sh [start]   installs slurm-wlm and munge when missing, starts munged, slurmctld and slurmd, and
#                                  waits until the node is idle; does nothing when they already answer
#   tools/slurm-local.sh stop      stops slurmctld and slurmd (munged is left running: it is shared, cheap, and the
#                                  next start reuses it; `munged --stop` stops it). Job state is kept for the next
#                                  start; remove $OFAEXP_SLURM_DIR after stop for a clean slate (job ids from 1 again)
#   tools/slurm-local.sh status    prints the node and the queue; exits 0 when the node answers, 1 when not
#   tools/slurm-local.sh env       prints the export line below
# Everything it writes (slurm.conf, state, spool, logs, pid files) lives in $OFAEXP_SLURM_DIR (default
# /tmp/ofaexp-slurm); nothing is written to /etc/slurm, so the client commands (sbatch, squeue, scontrol, sinfo,
# scancel) need SLURM_CONF=$OFAEXP_SLURM_DIR/slurm.conf: start and env print that one line on stdout (all else goes
# to stderr), so a caller can run eval "$(tools/slurm-local.sh start)".
# The node has $(nproc) CPUs unless OFAEXP_SLURM_CPUS says more (it is only a count of job slots: slurmd is told to
# trust the configuration, SlurmdParameters=config_overrides), and CPUs are the consumable resource, memory is not
# (SelectTypeParameters=CR_CPU), so as many 1-CPU array tasks run at once as there are CPUs. Jobs run as the user
# who submits them (root here), in no cgroup (proctrack/linuxproc, task/none), with no accounting (no sacct: ask
# scontrol show job, which keeps finished jobs for MinJobAge=3600 s).
# Seen with Debian 12's Slurm 22.05: sbatch --wait looks at its job after 2, 10 and 42 s, then every 32 s (poll squeue
# or scontrol for a quicker answer); --export=NONE, --export=VAR and --export=ALL,VAR=x make slurmd load root's login
# environment first (su - root, seconds a job), the default --export=ALL (variables set in sbatch's own environment)
# does not; a job that depends (afterok) on one that failed stays PENDING (DependencyNeverSatisfied) for good, as
# Slurm's default is, unless it was submitted with --kill-on-invalid-dep=yes.
set -euo pipefail
cd "$(dirname "$0")/.."
# The daemons and munged live in /usr/sbin, which a caller's PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

dir="${OFAEXP_SLURM_DIR:-/tmp/ofaexp-slurm}"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"
node="$(hostname -s)"

say() { echo "slurm-local: $*" >&2; }
fail() { echo "slurm-local: error: $*" >&2; exit 1; }

# The node's state as sinfo sees it (idle, mixed, allocated, down, drained, ...), empty when slurmctld does not answer.
node_state() {
  # sinfo retries for seconds when slurmctld is not there, so it is asked only when our slurmctld runs.
  [ -f "$conf" ] && command -v sinfo >/dev/null && [ -n "$(daemon_pid slurmctld)" ] || return 0
  timeout 10 sinfo -h -n "$node" -o %T 2>/dev/null | head -n 1 | tr -d '-' || true
}

# Up: slurmctld answers and the node registered with it (it runs jobs or can).
is_up() {
  case "$(node_state)" in
    idle | mixed | allocated | completing) return 0 ;;
    *) return 1 ;;
  esac
}

# The pid of our daemon $1 (slurmctld or slurmd): from its pid file, else a process of that name started with our
# slurm.conf; empty when it does not run.
daemon_pid() {
  local pid
  pid="$(cat "$dir/$1.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$1" ]; then
    echo "$pid"
    return
  fi
  for pid in $(pgrep -x "$1" || true); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$conf"; then
      echo "$pid"
      return
    fi
  done
}

stop_daemon() {
  local pid i
  pid="$(daemon_pid "$1")"
  [ -n "$pid" ] || return 0
  say "stopping $1 (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/$1.pid"; return 0; }
    sleep 0.2
  done
  say "$1 (pid $pid) did not stop in 10 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/$1.pid"
}

print_logs() {
  local f
  for f in "$dir/log/slurmctld.log" "$dir/log/slurmd.log"; do
    [ -f "$f" ] || continue
    echo "--- last lines of $f:" >&2
    tail -n 25 "$f" >&2
  done
}

install_missing() {
  local missing=()
  command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v slurmd >/dev/null || missing+=(slurm-wlm)
  command -v munged >/dev/null || missing+=(munge)
  [ ${#missing[@]} -eq 0 ] || tools/apt-install.sh "${missing[@]}" >&2
  for cmd in sbatch slurmctld slurmd munged; do
    command -v "$cmd" >/dev/null || fail "$cmd is missing after installing slurm-wlm and munge"
  done
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    return
  fi
  if [ ! -f /etc/munge/munge.key ]; then
    say "creating /etc/munge/munge.key"
    install -d -o munge -g munge -m 0700 /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
  fi
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
  say "starting munged"
  # --force: a socket left by a munged that died (the machine was not rebooted cleanly) is taken over.
  runuser -u munge -- /usr/sbin/munged --force
  local i
  for i in $(seq 1 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return
    sleep 0.2
  done
  tail -n 20 /var/log/munge/munged.log >&2 || true
  fail "munged does not answer (munge -n | unmunge fails); see /var/log/munge/munged.log above"
}

# slurm.conf for this machine on stdout. The node is what slurmd -C finds (CPUs, sockets, cores, threads), or just
# CPUs=$OFAEXP_SLURM_CPUS; its memory is slurmd -C's RealMemory (all the machine has) less 5%, which --mem requests are
# checked against but which jobs do not consume (CR_CPU).
write_conf() {
  local real hw mem
  real="$(slurmd -C 2>/dev/null | head -n 1)"
  if [ -n "${OFAEXP_SLURM_CPUS:-}" ]; then
    hw="CPUs=$OFAEXP_SLURM_CPUS"
  else
    hw="$(grep -o 'CPUs=[0-9]* .*ThreadsPerCore=[0-9]*' <<<"$real" || true)"
    hw="${hw:-CPUs=$(nproc)}"
  fi
  mem="$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$real")"
  mem="$(( ${mem:-$(free -m | awk '/^Mem:/ {print $2}')} * 95 / 100 ))"
  cat <<EOF
# Written by tools/slurm-local.sh: a single-node Slurm for tests. Node as slurmd -C sees it: $real
ClusterName=ofaexp
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_interval=2,bf_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
MaxArraySize=10001
MaxJobCount=100000
MinJobAge=3600
KillWait=5
InactiveLimit=0
MailProg=/bin/true
NodeName=$node $hw RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
}

start() {
  [[ "${OFAEXP_SLURM_CPUS:-1}" =~ ^[1-9][0-9]*$ ]] || fail "OFAEXP_SLURM_CPUS must be a count of CPUs, not '$OFAEXP_SLURM_CPUS'"
  install_missing
  start_munge
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  local new="$dir/slurm.conf.new"
  write_conf >"$new"
  if [ -f "$conf" ] && cmp -s "$new" "$conf" && is_up; then
    rm -f "$new"
    say "slurmctld and slurmd already run on $node (node $(node_state))"
    echo "export SLURM_CONF=$conf"
    return
  fi
  # Whatever half runs (or ran with another slurm.conf) goes, so both daemons start on the same configuration.
  stop_daemon slurmd
  stop_daemon slurmctld
  mv "$new" "$conf"
  say "starting slurmctld and slurmd on $node ($(sed -n 's/^NodeName=[^ ]* //p' "$conf"))"
  # -i: state saved by an earlier run that cannot be read is ignored rather than fatal.
  slurmctld -f "$conf" -i || { print_logs; fail "slurmctld did not start"; }
  slurmd -f "$conf" || { print_logs; fail "slurmd did not start"; }
  local i state resumed="" t0=$SECONDS
  for i in $(seq 1 60); do
    state="$(node_state)"
    case "$state" in
      idle | mixed | allocated | completing)
        say "node $node is $state after $(( SECONDS - t0 )) s; submit with SLURM_CONF=$conf"
        echo "export SLURM_CONF=$conf"
        return
        ;;
      down* | drain* | fail*)
        if [ -z "$resumed" ]; then
          say "node $node is $state; resuming it"
          scontrol update nodename="$node" state=resume >&2 || true
          resumed=1
        fi
        ;;
    esac
    [ -n "$(daemon_pid slurmctld)" ] || { print_logs; fail "slurmctld exited; see $dir/log/slurmctld.log above"; }
    [ -n "$(daemon_pid slurmd)" ] || { print_logs; fail "slurmd exited; see $dir/log/slurmd.log above"; }
    sleep 0.5
  done
  print_logs
  fail "node $node is not idle after 30 s (sinfo says '${state:-nothing: slurmctld does not answer}'); logs above"
}

stop() {
  stop_daemon slurmd
  stop_daemon slurmctld
  say "stopped (munged left running; state kept in $dir)"
}

status() {
  if ! is_up; then
    say "not running (node state: '$(node_state)')"
    return 1
  fi
  sinfo -N -l -n "$node"
  squeue
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) echo "usage: tools/slurm-local.sh [start|stop|status|env]" >&2; exit 2 ;;
esac
