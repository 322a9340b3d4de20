#!/usr/bin/env bash
# Builds the reference grader REST uses, Math-Verify 0.8.0 with latex2sympy2_extended 1.10.2, from source into
# tools/math-verify/target/mv (a developer tool, never a runtime dependency). Recipe: shared/docs/recipes.md section 7.
#   tools/math-verify/build.sh [MATH_VERIFY_GIT] [LATEX2SYMPY_GIT]
# Each source is a git directory (a bare clone works) or URL; defaults clone from GitHub.
# Needs: git, a JDK (runs the ANTLR tool), Python 3.11 with sympy and antlr4-python3-runtime 4.13.x (PYTHON=... to pick it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/target/mv"
mv_src="${1:-https://github.com/huggingface/Math-Verify.git}"
l2s_src="${2:-https://github.com/huggingface/latex2sympy2_extended.git}"
MV_REV=68da5f36c72d83e987bda77155c3bb26898913c0    # tag 0.8.0
L2S_REV=08735067b667bb8fb5beb9ef1cbc77d06bae3660   # "bump version" = latex2sympy2_extended 1.10.2, pinned by 0.8.0
ANTLR=4.13.2                                       # must match the Python runtime's antlr4 version
PYTHON="${PYTHON:-$(command -v /root/.pyenv/versions/3.11.7/bin/python3 || command -v python3)}"

"$PYTHON" -c 'import sympy, antlr4' || { echo "need sympy and antlr4-python3-runtime for $PYTHON" >&2; exit 1; }

git_dir() {   # a local git directory as is, anything else cloned bare into target/
  if git --git-dir="$1" rev-parse -q --verify HEAD >/dev/null 2>&1; then echo "$1"; return; fi
  local d="$here/target/clones/$2"
  [ -d "$d" ] || git clone -q --bare "$1" "$d"
  echo "$d"
}
mv_git="$(git_dir "$mv_src" Math-Verify)"
l2s_git="$(git_dir "$l2s_src" latex2sympy2_extended)"

rm -rf "$out" && mkdir -p "$out/mvsrc" "$out/l2s"
git --git-dir="$mv_git" archive "$MV_REV" | tar -x -C "$out/mvsrc"
git --git-dir="$l2s_git" archive "$L2S_REV" | tar -x -C "$out/l2s"

# the ANTLR tool from Maven Central through Maven, so it lands in (and is reused from) the local repository
jar="$HOME/.m2/repository/org/antlr/antlr4/$ANTLR/antlr4-$ANTLR-complete.jar"
if [ ! -f "$jar" ]; then
  "$here/../../mvnw" -B -q dependency:get -Dartifact="org.antlr:antlr4:$ANTLR:jar:complete" -Dtransitive=false
fi
(cd "$out/l2s/src/latex2sympy2_extended" && java -jar "$jar" PS.g4 -o gen/antlr4_13_2)

PYTHONPATH="$out/l2s/src:$out/mvsrc/src" "$PYTHON" -c '
from math_verify import parse, verify
assert verify(parse("\\boxed{0.5}"), parse("$\\frac{1}{2}$"))
print("Math-Verify 0.8.0 built and answering")'
echo "$PYTHON" > "$out/python"
