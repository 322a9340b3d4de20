"""Joins corpus.py's pairs with grade.py's verdicts into the committed corpus, with a reason wherever Math-Verify's
verdict differs from the intended label.

  python3 tools/math-verify/merge.py pairs.jsonl verdicts.jsonl | gzip -9n > scorer/src/test/resources/grading/differential-corpus.jsonl.gz

Each reason names the Math-Verify behaviour (under REST's call) that explains the difference; a difference no rule
explains stops the merge, so every stored difference has been looked at.
"""
import json
import re
import sys
from decimal import Decimal, InvalidOperation

UNBRACED = re.compile(r"\\[dtc]?frac\s*(?!\s*\{)|\\[dtc]?frac\s*\{[^{}]*\}\s*(?!\s*\{)|\\sqrt\s*(?![\s{\[])")
BASE = re.compile(r"\d_\{?\d+\}?")
MIXED = re.compile(r"\d\s*\\[dt]?frac\{\d+\}\{\d+\}")

# Differences no general rule covers, each looked at by hand.
MANUAL = {
    ("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}"):
        "Math-Verify fails to read a pmatrix written with no spaces around & and \\\\ (identical strings)",
    ("10", "\\$10"): "Math-Verify reads \\$10 under REST's config as no number (measured); the dollar sign is a unit",
    ("5", "5^{\\mathrm{th}}"): "Math-Verify reads 5^{th} as a power, not an ordinal",
    ("12", "12 \\text{ inches}"): "Math-Verify's unit list misses 'inches' in this form (measured)",
    ("18.90", "\\$18.90"): "Math-Verify reads \\$18.90 under REST's config as no number (measured)",
    ("58,500", "500, 58"): None,
}


def numeric(s):
    try:
        return Decimal(s.strip())
    except InvalidOperation:
        return None


def reason(pair, mv):
    gold, pred, label = pair["gold"], pair["prediction"], pair["label"]
    key = (gold, pred)
    if key in MANUAL and MANUAL[key]:
        return MANUAL[key]
    if mv is False and label is True:
        if pair.get("text") and "\\boxed" not in pred:
            return "REST's config reads only a boxed or anchored answer (try_extract_without_anchor=False)"
        if not pair.get("text") and pred.strip().endswith("."):
            return "Math-Verify under REST's config rejects a trailing period (\\boxed{9.})"
        if UNBRACED.search(pred):
            return "REST's config (malformed_operators=False) rejects an unbraced \\frac43 or \\sqrt2"
        if "°" in pred:
            return "Math-Verify does not read the Unicode degree sign"
        if re.search(r"\d\\,\d{3}", pred):
            return "Math-Verify reads thin-space thousands 2\\,000 as the product 2·000"
        if "%" in pred or "%" in gold:
            return "Math-Verify reads a percent as a hundredth (10\\% is 0.1)"
    if mv is True and label is False:
        if BASE.search(pred) and BASE.search(gold):
            return "Math-Verify drops a base subscript (52_9 equals 52_8)"
        if MIXED.search(gold) or MIXED.search(pred):
            return "Math-Verify reads a mixed number as a product (1\\frac{4}{5} is 4/5)"
        a, b = numeric(gold), numeric(pred)
        if a is not None and b is not None and round(a, 6) == round(b, 6):
            return "Math-Verify compares numbers at 6 decimal places (float_rounding=6)"
    if pair.get("category") == "peer":
        return "peer case: Math-Verify's own expectation differs under REST's configs (" + \
            ("reads it as equal" if mv else "does not read it as equal") + ", measured)"
    return None


def main():
    pairs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    verdicts = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
    verdicts = [v for v in verdicts if "summary" not in v]
    assert len(pairs) == len(verdicts), (len(pairs), len(verdicts))
    unexplained = 0
    for pair, v in zip(pairs, verdicts):
        pair["mv"] = v["mv"]
        if v["mv"] != pair["label"]:
            why = reason(pair, v["mv"])
            if why is None:
                unexplained += 1
                sys.stderr.write("unexplained: " + json.dumps(pair, ensure_ascii=False) + "\n")
            else:
                pair["reason"] = why
        sys.stdout.write(json.dumps(pair, ensure_ascii=False, separators=(",", ":")) + "\n")
    if unexplained:
        sys.exit(f"{unexplained} differences without a reason")


if __name__ == "__main__":
    main()
