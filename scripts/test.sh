#!/usr/bin/env bash
# The whole test suite, as the README promises. Installs what the tests need beyond the .NET SDK
# (Chromium for the report tests, iproute2 for the network-namespace cluster test) when it can (root
# with apt), says which tests cannot run when it cannot, runs every test project, and ends with one
# summary line. The cluster tests need nothing else: their nodes form an Akka.Cluster on loopback.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v ip >/dev/null 2>&1 || need+=(iproute2)
  if ((${#need[@]})); then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null) \
      || echo "test.sh: could not install ${need[*]}"
  fi
else
  echo "test.sh: not root with apt-get: install chromium and iproute2 yourself, or the tests that need them say they were skipped"
fi

# Outside CI a machine without a browser skips the browser checks of `flockrl report`, and says so; in CI
# (CI=true) they must run.
if ! command -v chromium >/dev/null 2>&1 && [[ "${CI:-}" != "true" ]]; then
  echo "test.sh: chromium is missing, so the report's browser tests are skipped (apt-get install chromium to run them)"
  export FLOCK_SKIP_BROWSER_TESTS=1
fi

log=$(mktemp)
dotnet test Actors.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one "Passed!/Failed! - Failed: F, Passed: P, Skipped: S" line per test project.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       n++ }
     END { printf "tests: %d passed, %d failed, %d skipped (%d test projects)\n", p, f, s, n }' "$log"
if [[ "$status" -ne 0 ]]; then
  echo "dotnet test exited with status $status: a build error or a test project that did not run counts as a failure (see above)"
fi
rm -f "$log"
exit "$status"
