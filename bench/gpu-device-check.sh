#!/usr/bin/env bash
# Issue 18's GPU checks, for a machine lent through the `device` tool (no .NET SDK there, no NuGet, at most
# 64 MiB carried).
#
#   bash bench/gpu-device-check.sh publish   # here: a self-contained flockrl, compressed, as artifacts/gpu/flockrl.tar.gz
#   bash bench/gpu-device-check.sh run       # there (carry artifacts/gpu): probe, parity, then the timings
#
# `run` writes everything under $OUT (or ./gpu-check-out): devices.json, parity.json, bench.json, and a log.
# Each step is bounded with `timeout`, and the probe runs first in a process of its own: ILGPU has been reported to
# crash on H100/H200, and a crash there must not cost the rest of the lease.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
publish="$root/artifacts/gpu"

case "${1:-}" in
  publish)
    rm -rf "$publish"
    staging="$(mktemp -d)"
    # Not trimmed: ILGPU compiles kernels from IL at run time and Akka.NET builds actors by reflection, and both
    # lose code to the trimmer. A folder, not a single file (whose analyzers refuse Assembly.Location), packed with
    # gzip to stay under the 64 MiB the device tool carries.
    dotnet publish "$root/src/Actors/Actors.csproj" -c Release -r linux-x64 --self-contained true \
      -p:DebugType=none -p:GenerateDocumentationFile=false -o "$staging/flockrl" >&2 || exit 1
    mkdir -p "$publish"
    tar -C "$staging" -czf "$publish/flockrl.tar.gz" flockrl || exit 1
    rm -rf "$staging"
    du -h "$publish/flockrl.tar.gz" >&2
    ;;
  run)
    out="${OUT:-$root/gpu-check-out}"
    mkdir -p "$out"
    unpacked="$(mktemp -d)"
    tar -C "$unpacked" -xzf "$publish/flockrl.tar.gz" || exit 1
    bin="$unpacked/flockrl/flockrl"
    log="$out/log.txt"
    if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv >>"$log" 2>&1; else echo "nvidia-smi not found" >>"$log"; fi
    echo "== devices" >>"$log"
    timeout 60 "$bin" devices --json >"$out/devices.json" 2>>"$log"; echo "devices exit $?" >>"$log"
    echo "== parity (cuda)" >>"$log"
    timeout 240 "$bin" bench learner --device cuda --parity --json >"$out/parity.json" 2>>"$log"; echo "parity exit $?" >>"$log"
    echo "== bench learner --device cuda" >>"$log"
    timeout 300 "$bin" bench learner --device cuda --widths 64,256,1024 --batches 256,1024 --seconds 2 --repeats 3 --json \
      >"$out/bench.json" 2>>"$log"; echo "bench exit $?" >>"$log"
    uptime >>"$log"
    ;;
  *)
    echo "usage: bash bench/gpu-device-check.sh publish|run" >&2
    exit 2
    ;;
esac
