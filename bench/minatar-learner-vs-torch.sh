#!/usr/bin/env bash
# MinAtar learner rates, Flock vs PyTorch CPU, in the same run on the same machine: Double-DQN updates/s of
# MinAtar's network (conv16k3s1,fc128 over 10x10x4, 6 actions) at batch 32 and 256 on one thread, and inference
# observations/s at batch 64. Rounds alternate between Flock (`flockrl bench learner --json`) and the PyTorch
# peer (bench/minatar_torch_update_rate.py), so both see the same load; prints every round, then the median.
#   usage: bench/minatar-learner-vs-torch.sh [seconds-per-case] [rounds]
#   PYTHON: interpreter with PyTorch (default /usr/bin/python3; apt-get install -y python3-torch libopenblas0-pthread)
set -euo pipefail
seconds="${1:-3}"
rounds="${2:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
"$repo/flockrl" envs >/dev/null # build once, before the timed rounds
key() { grep -o "\"$1\": *[0-9.eE+-]*" <<<"$2" | head -n 1 | sed 's/.*: *//'; }
rows=()
for round in $(seq 1 "$rounds"); do
  flock="$(FLOCK_NO_BUILD=1 "$repo/flockrl" bench learner --json --no-progress --seconds "$seconds" | tail -n 1)"
  read -r t32 tf <<<"$("$python" "$repo/bench/minatar_torch_update_rate.py" "$seconds" 32 | tail -n 1)"
  read -r t256 _ <<<"$("$python" "$repo/bench/minatar_torch_update_rate.py" "$seconds" 256 | tail -n 1)"
  f32="$(key minatar_conv16k3s1_fc128.batch_32.single_thread.updates_per_second "$flock")"
  f256="$(key minatar_conv16k3s1_fc128.batch_256.single_thread.updates_per_second "$flock")"
  ff="$(key minatar_conv16k3s1_fc128.forward_obs_per_second "$flock")"
  printf 'round %s: batch 32 flock %.1f torch %.1f | batch 256 flock %.1f torch %.1f | forward@64 flock %.0f torch %.0f obs/s | load %s\n' \
    "$round" "$f32" "$t32" "$f256" "$t256" "$ff" "$tf" "$(cut -d' ' -f1 /proc/loadavg)"
  rows+=("$f32 $t32 $f256 $t256 $ff $tf")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import statistics, sys
cols = list(zip(*[map(float, l.split()) for l in sys.stdin if l.strip()]))
names = ["flock b32 upd/s", "torch b32 upd/s", "flock b256 upd/s", "torch b256 upd/s", "flock fwd obs/s", "torch fwd obs/s"]
for n, c in zip(names, cols):
    print(f"{n}: median {statistics.median(c):.1f} (range {min(c):.1f}..{max(c):.1f}, {len(c)} rounds)")'
