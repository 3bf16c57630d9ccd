#!/usr/bin/env bash
# A whole Flock cluster on this machine: one learner (the cluster's seed, on 127.0.0.1:PORT) and M actor
# nodes, each a separate process, joined over Akka.Cluster on loopback (no broker, no TLS needed there).
# Ctrl-C (or the learner finishing) stops them all.
#
#   deploy/local/cluster.sh [-m M] [-a ACTORS_PER_NODE] [-- LEARNER FLAGS…]
#   deploy/local/cluster.sh -m 3 -- --env CartPole-v1 --stop-when-solved --max-seconds 120
#
# PORT sets the learner's port (default 4053); the nodes listen on free ports of their own.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
nodes=2
actors_per_node=2
port="${PORT:-4053}"
while getopts "m:a:h" opt; do
  case "$opt" in
    m) nodes="$OPTARG" ;;
    a) actors_per_node="$OPTARG" ;;
    *) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ "${1:-}" == "--" ]] && shift

# Build once through the wrapper (only if the sources changed), then start every process without the
# staleness check, so that M+1 processes do not race one build.
"$root/flockrl" --version >/dev/null
flock=(env FLOCK_NO_BUILD=1 "$root/flockrl")

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "cluster.sh: stopping the learner and ${nodes} actor nodes" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all INT TERM EXIT

"${flock[@]}" learner --listen "127.0.0.1:$port" "$@" &
learner=$!
pids+=("$learner")
# The nodes need not wait for the learner to listen: they retry joining with backoff.
for i in $(seq 1 "$nodes"); do
  "${flock[@]}" actors --join "127.0.0.1:$port" --actors "$actors_per_node" --node-name "node-$i" \
    2> >(sed "s/^/[node-$i] /" >&2) &
  pids+=("$!")
done

# The run ends when the learner does (a stop condition or Ctrl-C); the trap then stops the nodes.
wait "$learner" || true
