#!/usr/bin/env bash
# Runs grade.py against the build of build.sh: tools/math-verify/run.sh < pairs.jsonl > verdicts.jsonl
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/target/mv"
[ -f "$out/python" ] || { echo "Math-Verify is not built: run tools/math-verify/build.sh first" >&2; exit 1; }
PYTHONPATH="$out/l2s/src:$out/mvsrc/src" exec "$(cat "$out/python")" "$here/grade.py" "$@"
