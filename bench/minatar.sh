#!/usr/bin/env bash
# Trains MinAtar games with their defaults (the registry's presets: MinAtar's conv16k3s1,fc128 network; Adam ε 1.5e-4 for Asterix and Seaquest) and prints
# a table: game, seed, solved, seconds (to the threshold when solved, else the run's), frames (env steps, to the
# threshold when solved, else the run's), final eval mean, best checkpoint eval mean. Each run is
#   flockrl train --env MinAtar/<Game>-v0 --seed S --max-seconds T --stop-when-solved --json
# Runs are kept under runs/minatar-bench-<stamp>/ so `flockrl doctor` and `flockrl report` can read them.
#   usage: bench/minatar.sh [--seconds T] [--seeds "1 2 3"] [game ...] [-- train flags ...]
#   games: Breakout Freeway Asterix Seaquest SpaceInvaders; flags after -- go to every run (e.g. -- --adam-epsilon 1e-8)
# Defaults: all five games, seed 1, 900 s each (Breakout and Freeway: 600 s, the issue's aim).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=""
seeds="1"
games=()
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) games+=("$1"); shift ;;
  esac
done
[[ ${#games[@]} -gt 0 ]] || games=(Breakout Freeway Asterix Seaquest SpaceInvaders)
out="$repo/runs/minatar-bench-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"

"$repo/flockrl" envs >/dev/null # build once, before the timed runs
printf '%-14s %5s %7s %9s %10s %10s %10s\n' game seed solved seconds frames eval_mean best_ckpt
for game in "${games[@]}"; do
  limit="$seconds"
  if [[ -z "$limit" ]]; then
    case "$game" in Breakout|Freeway) limit=600 ;; *) limit=900 ;; esac
  fi
  for seed in $seeds; do
    run="$out/$game-seed$seed"
    summary="$(FLOCK_NO_BUILD=1 "$repo/flockrl" train --env "MinAtar/$game-v0" --seed "$seed" --max-seconds "$limit" \
      --stop-when-solved --json --no-progress --out "$run" "${extra[@]}" 2>"$run.log" | tail -n 1)"
    python3 - "$game" "$seed" "$summary" <<'PY'
import json, sys
game, seed, d = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
solved = d["solved"]
seconds = d["solved_at_seconds"] if solved else d["wall_seconds"]
frames = d["solved_at_env_steps"] if solved else d["env_steps"]
best = d.get("checkpoint_eval_mean_return")
print(f"{game:<14} {seed:>5} {str(solved):>7} {seconds:>9.1f} {frames:>10} {d['eval_mean_return_100']:>10.2f} {best if best is not None else '-':>10}")
PY
  done
done
echo "runs: $out"
