#!/usr/bin/env bash
# Rewrites the README's configuration reference from `flockrl config --describe` (the test
# ReadmeTests keeps the two in step).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reference=$(mktemp)
trap 'rm -f "$reference"' EXIT
"$root/flockrl" config --describe >"$reference"
python3 - "$root/README.md" "$reference" <<'PY'
import sys
path, reference = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
text = open(path, encoding="utf-8").read()
start, end = "<!-- config-reference:start -->\n", "<!-- config-reference:end -->"
i, j = text.index(start) + len(start), text.index(end)
open(path, "w", encoding="utf-8").write(text[:i] + reference + text[j:])
PY
