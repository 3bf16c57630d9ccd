#!/usr/bin/env bash
# Learner update rate, Flock vs PyTorch, measured in the same run on the same machine: Double-DQN updates/s at
# batch 256 (online forward on s and s', target forward on s', weighted Huber, backward, clip 10, Adam) on the
# 4-256-256-2 and 4-64-64-2 MLPs, one thread each.
#   usage: bench/learner-vs-torch.sh [seconds-per-case]
#   FLOCK_SHARED: folder holding peers/torch_update_rate.py (default ../shared next to the repository)
#   FLOCK_BENCH_CMD: command printing the learner bench as JSON (default: the flock CLI's `bench learner --json`)
#   The peer needs PyTorch with OpenBLAS: apt-get install -y python3-torch libopenblas0-pthread
set -euo pipefail

seconds="${1:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${FLOCK_SHARED:-$repo/../shared}"
peer="$shared/peers/torch_update_rate.py"
python="${PYTHON:-/usr/bin/python3}"

if [[ ! -f "$peer" ]]; then
  echo "torch peer not found at $peer (set FLOCK_SHARED)" >&2
  exit 1
fi

# The peer prints its rate on its last line; "n/a" when PyTorch is missing.
torch_rate() {
  "$python" "$peer" "$seconds" "$1" 2>/dev/null | tail -n 1 || echo "n/a"
}

torch256="$(torch_rate 256)"
torch64="$(torch_rate 64)"

bench_cmd="${FLOCK_BENCH_CMD:-dotnet run -c Release --project $repo/src/Actors -- bench learner --json}"
if ! ours_json="$($bench_cmd 2>/dev/null)"; then
  echo "learner bench failed: $bench_cmd" >&2
  exit 1
fi

ours() {
  # Flat keys, so a line-oriented match is enough and no JSON tool is needed.
  grep -o "\"$1\": *[0-9.eE+-]*" <<<"$ours_json" | head -n 1 | sed 's/.*: *//'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a + 0 > 0) printf "%.2fx", a / b; else print "n/a" }'
}

printf '%-18s %16s %16s %8s %18s\n' network "flock upd/s" "torch upd/s" ratio "flock 2-core upd/s"
for hidden in 256 64; do
  name="mlp_4_${hidden}_${hidden}_2"
  single="$(ours "$name.single_thread.updates_per_second")"
  all="$(ours "$name.all_cores.updates_per_second")"
  torch="torch$hidden"
  printf '%-18s %16.1f %16s %8s %18.1f\n' "$name" "${single:-0}" "${!torch}" "$(ratio "${single:-0}" "${!torch}")" "${all:-0}"
done
