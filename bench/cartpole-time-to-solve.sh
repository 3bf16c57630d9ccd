#!/usr/bin/env bash
# Time to solve CartPole-v1 with the default configuration, seeds 1..5 (or the seeds given), each run as
# `flockrl train --env CartPole-v1 --seed S --max-seconds 120 --stop-when-solved --json`. Prints one line per
# seed and the median of solved_at_seconds; exits 1 if any seed did not solve.
#   usage: bench/cartpole-time-to-solve.sh [seed ...]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds=("$@")
[[ ${#seeds[@]} -gt 0 ]] || seeds=(1 2 3 4 5)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$repo/flockrl" envs >/dev/null # build once, before the timed runs
times=()
failed=0
for seed in "${seeds[@]}"; do
  summary="$(FLOCK_NO_BUILD=1 "$repo/flockrl" train --env CartPole-v1 --seed "$seed" --max-seconds 120 --stop-when-solved \
    --json --no-progress --out "$out/seed-$seed" 2>"$out/seed-$seed.log" | tail -n 1)"
  line="$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["solved"], d["solved_at_seconds"], d["solved_at_env_steps"], d["updates"], d["eval_mean_return_100"])' "$summary")"
  read -r solved seconds steps updates eval <<<"$line"
  printf 'seed %s: solved=%s at %s s, %s env steps, %s updates, eval mean %s\n' "$seed" "$solved" "$seconds" "$steps" "$updates" "$eval"
  if [[ "$solved" == "True" ]]; then times+=("$seconds"); else failed=1; fi
done

if [[ ${#times[@]} -gt 0 ]]; then
  python3 -c 'import statistics,sys; print(f"median time to solve: {statistics.median(map(float, sys.argv[1:])):.2f} s over {len(sys.argv)-1} solved seeds")' "${times[@]}"
fi
exit "$failed"
