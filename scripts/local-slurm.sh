#!/usr/bin/env bash
# A single-node Slurm 22.05 cluster with fake GPUs, for CI and local tests of the Slurm executor.
# Follows /work/shared/docs/local-slurm.md (Debian 12, runs as root, no systemd needed).
#
#   scripts/local-slurm.sh start    install (idempotent), start munged + slurmctld + slurmd, wait for idle
#   scripts/local-slurm.sh stop     cancel jobs, stop the daemons (munged too unless KEEP_MUNGED=1)
#   scripts/local-slurm.sh status   print daemon liveness and the node state; exit 0 only when usable
#
# Knobs (environment): SLURM_STATE_DIR (/var/lib/ser-flow-slurm), SLURM_CONF_DIR (/etc/slurm),
# SLURM_FAKE_GPUS (2; 0 = no GRES), SLURM_CPUS / SLURM_MEMORY (default: `slurmd -C`),
# SLURM_MIN_JOB_AGE (300), SLURM_NODE_WAIT (60 s), KEEP_MUNGED (0), PURGE (0: `stop` keeps state).
set -euo pipefail

STATE_DIR=${SLURM_STATE_DIR:-/var/lib/ser-flow-slurm}
CONF_DIR=${SLURM_CONF_DIR:-/etc/slurm}
GPUS=${SLURM_FAKE_GPUS:-2}
MIN_JOB_AGE=${SLURM_MIN_JOB_AGE:-300}
NODE_WAIT=${SLURM_NODE_WAIT:-60}
PACKAGES=(slurmctld slurmd slurm-client munge)
export SLURM_CONF="$CONF_DIR/slurm.conf"

log() { echo "local-slurm: $*" >&2; }
die() { log "error: $*"; exit 1; }

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (the daemons and apt-get need it); try: sudo $0 $*"
}

# A daemon is alive when its pid file names a live process of that name that is not a zombie.
is_alive() {
  local name=$1 pidfile=$2 pid state
  [[ -f $pidfile ]] || return 1
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/comm ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]] || return 1
  state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo X)
  [[ $state != Z && $state != X ]]
}

# Polls a command every 0.2 s for up to $1 seconds.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

stop_daemon() {
  local name=$1 pidfile=$2 pid
  is_alive "$name" "$pidfile" || return 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for 15 bash -c "! { [[ -r /proc/$pid/status ]] && ! grep -qE '^State:\s+[ZX]' /proc/$pid/status; }"; then
    log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]} (apt-get, --no-install-recommends)"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt-get may hold the dpkg lock (CI images install things in parallel): wait for it.
  local try
  for try in 1 2 3 4 5 6; do
    if apt-get -o DPkg::Lock::Timeout=120 update -qq >/dev/null &&
      apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null; then
      return 0
    fi
    log "apt-get failed (try $try); retrying in 5 s"
    sleep 5
  done
  die "could not install ${PACKAGES[*]} with apt-get"
}

munge_works() { munge -n 2>/dev/null | unmunge 2>/dev/null | grep -q 'STATUS: *Success'; }

start_munge() {
  install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
  install -d -o munge -g munge -m 0711 /var/lib/munge
  install -d -o munge -g munge -m 0755 /run/munge
  [[ -f /etc/munge/munge.key ]] || mungekey --create --keyfile=/etc/munge/munge.key --force
  chown munge:munge /etc/munge/munge.key
  chmod 0600 /etc/munge/munge.key
  munge_works && return 0
  # A killed munged leaves a stale socket and pid file behind; munged refuses to start over them.
  rm -f /run/munge/munged.pid /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock
  runuser -u munge -- munged
  wait_for 10 munge_works || die "munged did not come up; see /var/log/munge/munged.log"
}

render_slurm_conf() {
  local cpus=$1 mem=$2
  cat <<EOF
# Written by scripts/local-slurm.sh: a single-node test cluster (see docs/slurm.md).
ClusterName=localcluster
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE_DIR/log/jobcomp.log
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=$MIN_JOB_AGE
KillWait=5
StateSaveLocation=$STATE_DIR/ctld
SlurmdSpoolDir=$STATE_DIR/spool
SlurmctldPidFile=$STATE_DIR/run/slurmctld.pid
SlurmdPidFile=$STATE_DIR/run/slurmd.pid
SlurmctldLogFile=$STATE_DIR/log/slurmctld.log
SlurmdLogFile=$STATE_DIR/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
EOF
  if ((GPUS > 0)); then
    echo "GresTypes=gpu"
    echo "NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem Gres=gpu:$GPUS State=UNKNOWN"
  else
    echo "NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN"
  fi
  echo "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP"
}

# Writes $2 to $1 only when it differs; prints "changed" when it wrote.
write_if_changed() {
  local file=$1 content=$2
  if [[ ! -f $file || $(cat "$file") != "$content" ]]; then
    printf '%s\n' "$content" >"$file.tmp" && mv "$file.tmp" "$file"
    echo changed
  fi
}

configure() {
  mkdir -p "$STATE_DIR"/{ctld,spool,log,run,fakegpu} "$CONF_DIR"
  local hw cpus mem changed=""
  hw=$(slurmd -C | head -1)
  cpus=${SLURM_CPUS:-$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$hw")}
  mem=${SLURM_MEMORY:-$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hw")}
  changed+=$(write_if_changed "$CONF_DIR/slurm.conf" "$(render_slurm_conf "$cpus" "$mem")")
  if ((GPUS > 0)); then
    # GPU GRES needs File= entries that are character devices: /dev/null symlinks stand in for GPUs.
    for ((i = 0; i < GPUS; i++)); do ln -sfn /dev/null "$STATE_DIR/fakegpu/nvidia$i"; done
    changed+=$(write_if_changed "$CONF_DIR/gres.conf" \
      "NodeName=localhost Name=gpu File=$STATE_DIR/fakegpu/nvidia[0-$((GPUS - 1))]")
  elif [[ -f $CONF_DIR/gres.conf ]]; then
    rm -f "$CONF_DIR/gres.conf"
    changed+=changed
  fi
  if [[ -n $changed ]]; then
    log "configuration changed: restarting the Slurm daemons"
    stop_daemon slurmd "$STATE_DIR/run/slurmd.pid"
    stop_daemon slurmctld "$STATE_DIR/run/slurmctld.pid"
  fi
}

print_log_tails() {
  for f in "$STATE_DIR"/log/slurmctld.log "$STATE_DIR"/log/slurmd.log; do
    [[ -f $f ]] && { echo "--- tail $f" >&2; tail -n 20 "$f" >&2; }
  done
}

node_state() { sinfo -h -N -n localhost -o %T 2>/dev/null | head -1; }

node_ready() { [[ $(node_state) =~ ^(idle|mixed|allocated|completing) ]]; }

slurmd_registered_since() {
  local since=$1 t
  t=$(scontrol show node localhost 2>/dev/null | sed -n 's/.*SlurmdStartTime=\([^ ]*\).*/\1/p')
  [[ -n $t && $t != None ]] && (($(date -d "$t" +%s) >= since))
}

start() {
  require_root start
  install_packages
  start_munge
  configure
  if ! is_alive slurmctld "$STATE_DIR/run/slurmctld.pid"; then
    slurmctld
    wait_for 30 bash -c 'scontrol ping | grep -q "is UP"' || { print_log_tails; die "slurmctld did not come up"; }
  fi
  if ! is_alive slurmd "$STATE_DIR/run/slurmd.pid"; then
    local launched=$(($(date +%s) - 1))
    slurmd -N localhost
    # An idle node alone does not prove this slurmd registered (SlurmdTimeout is 300 s).
    wait_for 30 slurmd_registered_since "$launched" || { print_log_tails; die "slurmd did not register"; }
  fi
  if ! wait_for 3 node_ready; then
    # Drain reasons survive restarts in the state dir: resume the node once.
    scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
  fi
  wait_for "$NODE_WAIT" node_ready || { print_log_tails; die "node localhost is '$(node_state)', not idle, after ${NODE_WAIT}s"; }
  log "ready: $(sinfo -h -N -o '%N %T cpus=%c mem=%m gres=%G')"
}

stop() {
  require_root stop
  if command -v scontrol >/dev/null && scontrol ping 2>/dev/null | grep -q 'is UP'; then
    local jobs
    jobs=$(squeue -h -o %A -t pending,running,suspended,configuring,completing 2>/dev/null || true)
    if [[ -n $jobs ]]; then
      # shellcheck disable=SC2086
      scancel $jobs 2>/dev/null || true
      wait_for 30 bash -c '[[ -z $(squeue -h -o %A -t running,completing,configuring) ]]' || log "jobs still running after 30 s"
    fi
  fi
  stop_daemon slurmd "$STATE_DIR/run/slurmd.pid"
  stop_daemon slurmctld "$STATE_DIR/run/slurmctld.pid"
  [[ ${KEEP_MUNGED:-0} == 1 ]] || stop_daemon munged /run/munge/munged.pid
  [[ ${PURGE:-0} == 1 ]] && rm -rf "$STATE_DIR"
  log "stopped"
}

status() {
  local ok=0
  for d in slurmctld slurmd; do
    if is_alive "$d" "$STATE_DIR/run/$d.pid"; then echo "$d: running"; else echo "$d: stopped"; ok=1; fi
  done
  if munge_works; then echo "munged: running"; else echo "munged: stopped"; ok=1; fi
  if ((ok == 0)); then echo "node: $(node_state)"; node_ready || ok=1; fi
  return $ok
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
