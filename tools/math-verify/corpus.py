"""Builds the differential grading corpus: (gold, prediction, intended label) pairs, without verdicts.

  python3 tools/math-verify/corpus.py DATASETS_DIR MATH_VERIFY_GIT > pairs.jsonl

DATASETS_DIR holds REST's data (gsm8k, math500, aime2024, aime2025, amc23; GPQA is multiple choice, not math, and is
never read). MATH_VERIFY_GIT is a git directory of huggingface/Math-Verify; its tests at tag 0.8.0 are read for their
parametrised (gold, prediction, expected) cases. peer_cases.jsonl (next to this file) holds the cases transcribed from
the other peer graders' tests and documented examples, each with its repository and file (lighteval's math cases are
Math-Verify's own, so only its distinct multilingual and set cases are transcribed).

Every gold answer gets: itself (category "identical"), every rewrite below that applies to it ("equivalent", family =
the rewrite) and every near miss that applies ("near-miss"). Deterministic: same inputs, same output.
"""
import ast
import json
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
MV_TAG = "0.8.0"
MV_TEST_FILES = ["tests/test_all.py", "tests/test_boxed.py", "tests/test_numina_cases.py",
                 "tests/test_open_thoughts.py"]


# ------------------------------------------------------------------ gold answers

def golds(datasets: Path):
    for line in (datasets / "gsm8k/test.jsonl").read_text().splitlines():
        answer = json.loads(line)["answer"]
        yield "gsm8k", answer.split("#### ")[-1].strip().replace(",", "")
    math500 = json.loads((datasets / "math500/test_prm800k_500.json").read_text())
    for key in sorted(math500, key=int):
        yield "math500", math500[key]["answer"]
    for name in ("aime2024", "aime2025"):
        for line in (datasets / name / "test.jsonl").read_text().splitlines():
            record = json.loads(line)
            yield name, str(record.get("gold_answer", record.get("answer")))
    for line in (datasets / "amc23/test.jsonl").read_text().splitlines():
        yield "amc23", str(json.loads(line)["answer"])  # "27.0", as REST has it


# ------------------------------------------------------------------ rewrites that keep the value

INT = re.compile(r"-?\d+")
DEC = re.compile(r"-?\d*\.\d+")
FRAC = re.compile(r"(-?)\\[dt]?frac\{(\d+)\}\{(\d+)\}")
MIXED = re.compile(r"(\d+)\s*\\frac\{(\d+)\}\{(\d+)\}")
UNIT_WORDS = ["dollars", "cm", "meters", "hours", "minutes", "students", "ways", "cookies", "liters of water",
              "square feet", "miles per hour", "pages left"]
ANGLE = re.compile(r"(-?[\d.]+)\s*\^\s*(?:\\circ|\{\\circ\})")
INTERVAL = re.compile(r"^\s*(?:\\left)?([\(\[])\s*([^,]+?)\s*,\s*([^,]+?)\s*(?:\\right)?([\)\]])\s*$")
POINT2 = re.compile(r"^\s*(?:\\left)?\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*(?:\\right)?\)\s*$")


def thousands(n: str, sep: str) -> str:
    sign, digits = ("-", n[1:]) if n.startswith("-") else ("", n)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + sep.join(groups)


def decimal_of(f: Fraction):
    """The exact decimal of f when it terminates within 6 places, else None."""
    for places in range(1, 7):
        scaled = f * 10 ** places
        if scaled.denominator == 1:
            s = str(abs(scaled.numerator)).rjust(places + 1, "0")
            return ("-" if f < 0 else "") + s[:-places] + "." + s[-places:]
    return None


def top_level_terms(s: str):
    """Splits a sum at depth-0 + and - into signed terms, or None when it is not a plain sum."""
    if any(t in s for t in ("=", ",", "\\pm", "<", ">", "\\le", "\\ge", "\\cup", "\\begin", "\\text", "_")):
        return None
    terms, depth, start = [], 0, 0
    for i, c in enumerate(s):
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif c in "+-" and depth == 0 and i > 0 and s[i - 1] not in "^{(" and s[:i].strip():
            terms.append(s[start:i].strip())
            start = i
    terms.append(s[start:].strip())
    return terms if len(terms) >= 2 and all(terms) else None


def signed(term: str) -> str:
    return term if term.startswith(("-", "+")) else "+" + term


def equivalents(g: str):
    s = g.strip()
    out = []
    if INT.fullmatch(s):
        n = int(s)
        out += [("decimal-point", s + ".0"), ("fraction", f"\\frac{{{2 * n}}}{{2}}"),
                ("unit-word", f"{s} \\text{{ {UNIT_WORDS[abs(n) % len(UNIT_WORDS)]}}}"),
                ("dollar-sign", f"\\${s}"), ("trailing-period", s + "."), ("math-delimiters", f"${s}$")]
        if abs(n) >= 1000:
            out += [("thousands-comma", thousands(s, ",")), ("thousands-braced-comma", thousands(s, "{,}")),
                    ("thousands-comma-negspace", thousands(s, ",\\!")), ("thousands-thin-space", thousands(s, "\\,"))]
        out += [("text-wrapped", f"\\text{{{s}}}"), ("textbf", f"\\textbf{{{s}}}"), ("mathbf", f"\\mathbf{{{s}}}"),
                ("as-equation", f"x = {s}"), ("two-decimals", s + ".00"), ("product-form", f"{s} \\cdot 1"),
                ("nested-box", f"\\boxed{{{s}}}"), ("spaced-unit-abbrev", f"{s}\\ \\mathrm{{cm}}")]
        if n != 0 and n % 1000 == 0:
            out.append(("scientific", f"{n // 1000} \\times 10^{{3}}"))
        if n > 0:
            out.append(("multi-word-unit", f"{s} \\text{{ {UNIT_WORDS[(n + 7) % len(UNIT_WORDS)]}}}"))
    elif DEC.fullmatch(s):
        f = Fraction(s)
        out += [("decimal-rewrite", ("-" if f < 0 else "") + ("0" + s.lstrip("-") if s.lstrip("-").startswith(".") else s.lstrip("-") + "0")),
                ("fraction", f"\\frac{{{f.numerator}}}{{{f.denominator}}}")]
        if f.denominator == 1:
            out.append(("integer", str(f.numerator)))
    m = FRAC.fullmatch(s)
    if m:
        sign, a, b = m.group(1), int(m.group(2)), int(m.group(3))
        out += [("slash", f"{sign}{a}/{b}"), ("dfrac", f"{sign}\\dfrac{{{a}}}{{{b}}}"),
                ("sign-in-numerator", f"\\frac{{{'-' if sign else ''}{a}}}{{{b}}}"),
                ("unreduced", f"{sign}\\frac{{{2 * a}}}{{{2 * b}}}")]
        if a < 10 and b < 10:
            out.append(("unbraced-frac", f"{sign}\\frac{a}{b}"))
        d = decimal_of(Fraction(a, b))
        if d:
            out.append(("decimal", sign + d))
        if a > b and b > 1 and a % b and not sign:
            out.append(("mixed-number", f"{a // b}\\frac{{{a % b}}}{{{b}}}"))
    m = MIXED.fullmatch(s)
    if m and int(m.group(2)) < int(m.group(3)):
        w, a, b = int(m.group(1)), int(m.group(2)), int(m.group(3))
        f = Fraction(w * b + a, b)
        out += [("improper-fraction", f"\\frac{{{f.numerator}}}{{{f.denominator}}}")]
        d = decimal_of(f)
        if d:
            out.append(("decimal", d))
    m = re.fullmatch(r"(\d*)\s*\\sqrt\{(\d)\}", s)
    if m:
        out.append(("unbraced-sqrt", f"{m.group(1)}\\sqrt{m.group(2)}"))
        out.append(("power-half", f"{m.group(1)}{'' if not m.group(1) else ' '}{m.group(2)}^{{1/2}}"))
    m = ANGLE.fullmatch(s)
    if m:
        out += [("degrees-dropped", m.group(1)), ("degree-sign", m.group(1) + "°"),
                ("degrees-word", m.group(1) + " \\text{ degrees}")]
    m = re.fullmatch(r"\\text\{\s*([A-Za-z][A-Za-z ]*)\}", s)
    if m:
        out += [("text-unwrapped", m.group(1)), ("textbf", f"\\textbf{{{m.group(1)}}}")]
    m = INTERVAL.match(s)
    if m and "\\cup" not in s:
        lo_b, lo, hi, hi_b = m.groups()
        lo_rel = "<" if lo_b == "(" else "\\le"
        hi_rel = "<" if hi_b == ")" else "\\le"
        if "infty" in hi and "infty" not in lo:
            out.append(("interval-as-inequality", "x " + (">" if lo_b == "(" else "\\ge") + " " + lo))
        elif "infty" in lo and "infty" not in hi:
            out.append(("interval-as-inequality", f"x {hi_rel} {hi}"))
        elif "infty" not in lo and "infty" not in hi and not (lo_b == "(" and hi_b == ")"):
            out.append(("interval-as-inequality", f"{lo} {lo_rel} x {hi_rel} {hi}"))
    m = POINT2.match(s)
    if m and "infty" not in s:
        out.append(("point-as-equations", f"x = {m.group(1)}, y = {m.group(2)}"))
    m = re.fullmatch(r"x\s*\\in\s*(.+)", s)
    if m:
        out.append(("membership-dropped", m.group(1)))
    m = re.fullmatch(r"(.+?)\s*\\pm\s*(.+)", s)
    if m and "," not in s and "\\{" not in s:
        a, b = m.group(1), m.group(2)
        out += [("pm-expanded", f"{a} + {b}, {a} - {b}"), ("pm-in-set", f"\\{{{a} + {b}, {a} - {b}\\}}")]
    m = re.fullmatch(r"\\\{(.+?)\\pm(.+?),(.+)\\\}", s)
    if m:
        a, b, rest = m.group(1).strip(), m.group(2).strip(), m.group(3).strip()
        out.append(("pm-expanded", f"{a}+{b}, {a}-{b}, {rest}"))
    if "," in s and not any(c in s for c in "()[]\\{}") and "=" not in s and not re.fullmatch(r"\d{1,3}(,\d{3})+", s):
        items = [x.strip() for x in s.split(",")]
        if len(items) >= 2 and len(set(items)) == len(items):
            out.append(("list-reordered", ", ".join(reversed(items))))
    if "\\frac" in s and "\\dfrac" not in s:
        out.append(("dfrac", s.replace("\\frac", "\\dfrac")))
    elif "\\dfrac" in s:
        out.append(("frac", s.replace("\\dfrac", "\\frac")))
    if " " in s and "\\text" not in s and "\\mbox" not in s:
        out.append(("spaces-removed", re.sub(r"(?<![a-zA-Z]) | (?![a-zA-Z\\])", "", s)))
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        out.append(("left-right", "\\left(" + s[1:-1] + "\\right)"))
    if "\\begin{pmatrix}" in s:
        out.append(("bmatrix", s.replace("pmatrix", "bmatrix")))
    terms = top_level_terms(s)
    if terms and not INT.fullmatch(s) and not DEC.fullmatch(s):
        rest = "".join(signed(t) for t in reversed(terms))
        out.append(("terms-reordered", rest[1:] if rest.startswith("+") else rest))
    # one output per family
    seen, unique = set(), []
    for family, p in out:
        if family not in seen and p.strip() != s:
            seen.add(family)
            unique.append((family, p))
    return unique


# ------------------------------------------------------------------ near misses (wrong by a little)

def near_misses(g: str):
    s = g.strip()
    out = []
    if INT.fullmatch(s):
        n = int(s)
        out += [("off-by-one", str(n + 1)), ("off-by-minus-one", str(n - 1)), ("times-ten", str(n * 10))]
        out += [("plus-two", str(n + 2)), ("doubled", str(2 * n)), ("plus-ten", str(n + 10)),
                ("decimal-shifted", str(Fraction(n, 10)) if n % 10 == 0 else decimal_of(Fraction(n, 10)))]
        if n != 0:
            out.append(("sign-flipped", str(-n)))
        if n % 2 == 0 and n != 0:
            out.append(("halved", str(n // 2)))
        digits = str(abs(n))
        if len(digits) >= 2:
            out.append(("last-digit-dropped", ("-" if n < 0 else "") + digits[:-1]))
            if digits[::-1] != digits and not digits.endswith("0"):
                out.append(("digits-reversed", ("-" if n < 0 else "") + digits[::-1]))
    elif DEC.fullmatch(s):
        out.append(("last-digit", s[:-1] + str((int(s[-1]) + 1) % 10)))
    m = FRAC.fullmatch(s)
    if m and m.group(2) != m.group(3):
        out.append(("reciprocal", f"{m.group(1)}\\frac{{{m.group(3)}}}{{{m.group(2)}}}"))
    m = MIXED.fullmatch(s)
    if m:
        out.append(("mixed-number-whole-dropped", f"\\frac{{{m.group(2)}}}{{{m.group(3)}}}"))
        out.append(("mixed-number-as-product", str(Fraction(int(m.group(1)) * int(m.group(2)), int(m.group(3))))))
    m = re.fullmatch(r"(\d+)_\{?(\d+)\}?", s)
    if m:
        out.append(("base-changed", f"{m.group(1)}_{int(m.group(2)) + 1}"))
    m = POINT2.match(s)
    if m and m.group(1).strip() != m.group(2).strip():
        out.append(("tuple-swapped", f"({m.group(2)}, {m.group(1)})"))
    m = INTERVAL.match(s)
    if m and "\\cup" not in s:
        other = {"(": "[", "[": "("}[m.group(1)]
        if "infty" not in m.group(2):
            out.append(("interval-bracket", other + s.strip()[1:] if not s.strip().startswith("\\left") else None))
    if "," in s and not any(c in s for c in "()[]{}") and "=" not in s and not re.fullmatch(r"\d{1,3}(,\d{3})+", s):
        items = [x.strip() for x in s.split(",")]
        out.append(("list-element-dropped", ", ".join(items[:-1])))
    if not INT.fullmatch(s) and not DEC.fullmatch(s):
        digit = re.search(r"(?<![_{\\a-zA-Z])\d", s)
        if digit and not re.search(r"_\{?\d", s):
            d = int(digit.group())
            out.append(("digit-changed", s[:digit.start()] + str((d + 1) % 10 if d != 9 else 7) + s[digit.end():]))
        if not s.startswith("-") and "=" not in s and "," not in s and "\\text" not in s and "<" not in s \
                and "\\le" not in s and "\\ge" not in s and "\\cup" not in s and ">" not in s:
            out.append(("negated", f"-({s})" if top_level_terms(s) else f"-{s}"))
    seen, unique = set(), []
    for family, p in out:
        if p is not None and family not in seen and p.strip() != s:
            seen.add(family)
            unique.append((family, p))
    return unique


# ------------------------------------------------------------------ peer graders' published cases

def math_verify_cases(git_dir: str):
    for path in MV_TEST_FILES:
        source = subprocess.run(["git", "--git-dir", git_dir, "show", f"{MV_TAG}:{path}"], check=True,
                                capture_output=True, text=True).stdout
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if not (isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "parametrize"):
                    continue
                names = [n.strip() for n in ast.literal_eval(deco.args[0]).split(",")]
                if not isinstance(deco.args[1], ast.List):
                    continue
                for element in deco.args[1].elts:
                    try:
                        values = ast.literal_eval(element)
                    except ValueError:
                        continue  # a case built at run time (f-string): not a literal, left out
                    case = dict(zip(names, values))
                    # only cases run with Math-Verify's default precision and comparison switches
                    if case.get("precision", 6) != 6 or case.get("allow_set_relation_comp", False) \
                            or not case.get("strict", True):
                        continue
                    yield {"source": f"huggingface/Math-Verify@{MV_TAG} {path}::{node.name}",
                           "gold": case["gold"], "prediction": case["pred"], "label": bool(case["expected"])}


# Peer cases whose expected verdict is not the one a grader of single boxed answers should give, with the reason.
LABEL_OVERRIDES = {
    ("1000.99", "1000,99"): (False, "a comma in an answer separates items; Math-Verify's test reads a decimal comma"),
    ("1,22", "1.22"): (False, "a comma in an answer separates items; Math-Verify's test reads a decimal comma"),
    ("0,111", "0.111"): (False, "a comma in an answer separates items; Math-Verify's test reads a decimal comma"),
}
WORD = re.compile(r"[A-Za-z]{4,}")


def boxed_contents(s: str):
    out, i = [], 0
    while True:
        i = s.find("\\boxed{", i)
        if i < 0:
            return out
        depth, j = 0, i + 6
        while j < len(s):
            if s[j] == "{":
                depth += 1
            elif s[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        out.append(s[i + 7:j].strip())
        i = j


def prose(s: str) -> bool:
    return bool(WORD.search(re.sub(r"\\[A-Za-z]+(\{[^{}]*\})?", "", s)))


def single_answer_case(gold: str, prediction: str) -> bool:
    """A slot holds one answer: the gold is one answer (not a solution text), the prediction has at most one box, and
    neither was written with doubled backslashes (a non-raw Python string in the test source)."""
    if re.search(r"\\\\[A-Za-z]", gold + prediction) or "\\n" in gold:
        return False
    return "\\boxed" not in gold and not prose(gold) and len(boxed_contents(prediction)) <= 1 \
        and prediction.count("\\boxed") <= 1


def strip_dollars(s: str) -> str:
    t = s.strip()
    for d in ("$$", "$"):
        if t.startswith(d) and t.endswith(d) and len(t) > 2 * len(d) and d not in t[len(d):-len(d)]:
            return t[len(d):-len(d)].strip()
    return t


def main() -> None:
    datasets, mv_git = Path(sys.argv[1]), sys.argv[2]
    rows = []
    for n, (bench, gold) in enumerate(golds(datasets)):
        rows.append({"source": bench, "category": "identical", "family": "identical", "gold": gold,
                     "prediction": gold, "label": True})
        for family, p in equivalents(gold):
            rows.append({"source": bench, "category": "equivalent", "family": family, "gold": gold,
                         "prediction": p, "label": True})
        for family, p in near_misses(gold):
            rows.append({"source": bench, "category": "near-miss", "family": family, "gold": gold,
                         "prediction": p, "label": False})
    peers = [json.loads(l) for l in (HERE / "peer_cases.jsonl").read_text().splitlines() if l.strip()]
    left_out = 0
    for case in list(math_verify_cases(mv_git)) + peers:
        gold = strip_dollars(case["gold"])
        prediction = case["prediction"]
        gold_boxes = boxed_contents(gold)
        if len(gold_boxes) == 1:
            gold = gold_boxes[0]
        if not single_answer_case(gold, prediction):
            left_out += 1
            continue
        override = LABEL_OVERRIDES.get((gold, strip_dollars(prediction)))
        if override is not None:
            case = dict(case, label=override[0], note=override[1])
        # a prediction that is more than one math span is a whole model output: read with the answer extractor
        text = "\\boxed" in prediction or strip_dollars(prediction) == prediction.strip() and "$" in prediction or \
            bool(re.search(r"[A-Za-z]{4,}", re.sub(r"\\[A-Za-z]+|\\text\{[^}]*\}", "", prediction)))
        row = {"source": case["source"], "category": "peer", "family": case["source"].split()[0],
               "gold": gold, "prediction": prediction if text or case.get("text") else strip_dollars(prediction),
               "label": case["label"]}
        if text or case.get("text"):
            row["text"] = True
        if case.get("note"):
            row["note"] = case["note"]
        rows.append(row)
    sys.stderr.write(f"peer cases left out (not one gold answer against one answer): {left_out}\n")
    seen = set()
    for row in rows:
        key = (row["gold"], row["prediction"], row.get("text", False))
        if key in seen:
            continue
        seen.add(key)
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
