#!/usr/bin/env bash
# Learner update rate, Flock vs PyTorch, measured in the same run on the same machine: Double-DQN updates/s at
# batch 256 (online forward on s and s', target forward on s', weighted Huber, backward, clip 10, Adam) on the
# 4-256-256-2 and 4-64-64-2 MLPs, one thread each. Rounds alternate between the two so both see the same
# machine; each figure is the best of its rounds, the usual way to read rates on a shared, noisy host.
#   usage: bench/learner-vs-torch.sh [seconds-per-case] [rounds]
#   FLOCK_SHARED: folder holding peers/torch_update_rate.py (default ../shared next to the repository)
#   FLOCK_BENCH_CMD: command printing the learner bench as JSON (default: the flockrl CLI's `bench learner --json`)
#   PYTHON: interpreter with PyTorch (default /usr/bin/python3, where apt's python3-torch lives)
#   The peer needs PyTorch with OpenBLAS: apt-get install -y python3-torch libopenblas0-pthread
set -euo pipefail

seconds="${1:-3}"
rounds="${2:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${FLOCK_SHARED:-$repo/../shared}"
peer="$shared/peers/torch_update_rate.py"
python="${PYTHON:-/usr/bin/python3}"
bench_cmd="${FLOCK_BENCH_CMD:-$repo/flockrl bench learner --json --no-progress --seconds $seconds}"

if [[ ! -f "$peer" ]]; then
  echo "torch peer not found at $peer (set FLOCK_SHARED)" >&2
  exit 1
fi

# The peer prints its rate on its last line; 0 when PyTorch is missing or fails.
torch_rate() {
  local rate
  rate="$("$python" "$peer" "$seconds" "$1" 2>/dev/null | tail -n 1)" || rate=0
  [[ "$rate" =~ ^[0-9.]+$ ]] && echo "$rate" || echo 0
}

# Flat keys, so a line-oriented match is enough and no JSON tool is needed.
json_value() {
  grep -o "\"$1\": *[0-9.eE+-]*" <<<"$2" | head -n 1 | sed 's/.*: *//' || true
}

best() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }

declare -A flock_best torch_best
for hidden in 256 64; do
  flock_best[$hidden.single]=0
  flock_best[$hidden.all]=0
  torch_best[$hidden]=0
done

for ((round = 1; round <= rounds; round++)); do
  echo "round $round/$rounds" >&2
  for hidden in 256 64; do
    torch_best[$hidden]="$(best "${torch_best[$hidden]}" "$(torch_rate "$hidden")")"
  done

  if ! json="$($bench_cmd 2>/dev/null)"; then
    echo "learner bench failed: $bench_cmd" >&2
    exit 1
  fi

  for hidden in 256 64; do
    name="mlp_4_${hidden}_${hidden}_2"
    flock_best[$hidden.single]="$(best "${flock_best[$hidden.single]}" "$(json_value "$name.single_thread.updates_per_second" "$json")")"
    flock_best[$hidden.all]="$(best "${flock_best[$hidden.all]}" "$(json_value "$name.all_cores.updates_per_second" "$json")")"
  done
done

printf '%-18s %14s %14s %8s %16s\n' network "flockrl upd/s" "torch upd/s" ratio "flockrl all-cores"
for hidden in 256 64; do
  single="${flock_best[$hidden.single]}"
  torch="${torch_best[$hidden]}"
  ratio="$(awk -v a="$single" -v b="$torch" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "n/a" }')"
  printf '%-18s %14.1f %14.1f %8s %16.1f\n' "mlp_4_${hidden}_${hidden}_2" "$single" "$torch" "$ratio" "${flock_best[$hidden.all]}"
done
