#!/usr/bin/env bash
# A whole Flock cluster on this machine: a RabbitMQ broker (started here if none is running, and then
# stopped again at the end), one learner and M actor nodes, each a separate process talking only through
# the broker. Ctrl-C (or the learner finishing) stops them all.
#
#   deploy/local/cluster.sh [-m M] [-a ACTORS_PER_NODE] [-- LEARNER FLAGS…]
#   deploy/local/cluster.sh -m 3 -- --env CartPole-v1 --stop-when-solved --max-seconds 120
#
# FLOCK_BROKER overrides the broker URL (default: the virtual host flock-local on localhost).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
nodes=2
actors_per_node=2
while getopts "m:a:h" opt; do
  case "$opt" in
    m) nodes="$OPTARG" ;;
    a) actors_per_node="$OPTARG" ;;
    *) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ "${1:-}" == "--" ]] && shift

started_broker=0
if [[ -z "${FLOCK_BROKER:-}" ]]; then
  if ! command -v rabbitmqctl >/dev/null 2>&1; then
    echo "cluster.sh: rabbitmq-server is not installed (Debian: sudo bash scripts/start-broker.sh), or set FLOCK_BROKER" >&2
    exit 1
  fi
  if ! rabbitmqctl -q status >/dev/null 2>&1; then
    echo "cluster.sh: starting rabbitmq-server" >&2
    rabbitmq-server -detached >/dev/null 2>&1
    started_broker=1
  fi
  rabbitmqctl -q await_startup >/dev/null 2>&1 || { sleep 5; rabbitmqctl -q await_startup; }
  rabbitmqctl -q add_vhost flock-local >/dev/null 2>&1 || true
  rabbitmqctl -q set_permissions -p flock-local guest ".*" ".*" ".*" >/dev/null
  export FLOCK_BROKER="amqp://guest:guest@localhost:5672/flock-local"
fi

dotnet build "$root/src/Actors/Actors.csproj" -c Release -nologo -v q -tl:off >/dev/null
flock=(dotnet "$root/src/Actors/bin/Release/net10.0/flockrl.dll")

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "cluster.sh: stopping the learner and ${nodes} actor nodes" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((started_broker)); then
    echo "cluster.sh: stopping the broker it started" >&2
    rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
}
trap stop_all INT TERM EXIT

"${flock[@]}" learner "$@" &
learner=$!
pids+=("$learner")
for i in $(seq 1 "$nodes"); do
  "${flock[@]}" actors --actors "$actors_per_node" --node-name "node-$i" 2> >(sed "s/^/[node-$i] /" >&2) &
  pids+=("$!")
done

# The run ends when the learner does (a stop condition or Ctrl-C); the trap then stops the nodes.
wait "$learner" || true
