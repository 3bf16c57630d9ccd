#!/usr/bin/env bash
# The whole test suite, as the README promises. Installs and starts what the tests need (nothing
# beyond the .NET SDK yet), runs every test project, and ends with one summary line.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

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
