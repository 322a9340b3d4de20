"""Math-Verify's verdicts exactly as REST calls it (opendatalab/REST,
opencompass/datasets/stress_test/math_verify_evaluator.py), over JSONL.

stdin: one JSON object per line with "gold" and "prediction". The prediction is the content of the answer's box and is
graded as REST hands it over, "\\boxed{" + prediction + "}"; with "text": true it is a whole model output and is
parsed as it is.
stdout: per input line {"mv": true|false, "goldParsed": bool}; last line {"summary": {...}} with the grading time.
Run with PYTHONPATH set by tools/math-verify/run.sh. One process, main thread: Math-Verify's timeouts are signals.
"""
import json
import logging
import sys
import time

from latex2sympy2_extended import NormalizationConfig
from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse, verify

# REST's config passes equations=True, which logs a deprecation warning on every call
logging.getLogger("latex2sympy2_extended").setLevel(logging.ERROR)
logging.getLogger("math_verify").setLevel(logging.CRITICAL)

GOLD_CONFIG = [LatexExtractionConfig(), ExprExtractionConfig()]
ANSWER_CONFIG = [LatexExtractionConfig(
    normalization_config=NormalizationConfig(nits=False, malformed_operators=False, basic_latex=True,
                                             equations=True, boxed="all", units=True),
    boxed_match_priority=0, try_extract_without_anchor=False)]


def rest_verdict(prediction: str, gold: str) -> tuple[bool, bool]:
    gold_parsed = parse(f"${gold}$", extraction_mode="first_match", extraction_config=GOLD_CONFIG)
    if len(gold_parsed) == 0:
        return False, False  # REST skips the slot: it never counts as correct
    answer_parsed = parse(prediction, extraction_config=ANSWER_CONFIG, extraction_mode="first_match")
    return bool(verify(answer_parsed, gold_parsed)), True


def main() -> None:
    graded = 0
    seconds = 0.0
    for line in sys.stdin:
        if not line.strip():
            continue
        pair = json.loads(line)
        prediction = pair["prediction"]
        if not pair.get("text"):
            prediction = "\\boxed{" + prediction + "}"
        start = time.perf_counter()
        try:
            verdict, gold_parsed = rest_verdict(prediction, pair["gold"])
        except Exception:  # Math-Verify raises on a few inputs; REST's loop would crash, we count it wrong
            verdict, gold_parsed = False, False
        seconds += time.perf_counter() - start
        graded += 1
        sys.stdout.write(json.dumps({"mv": verdict, "goldParsed": gold_parsed}) + "\n")
    sys.stdout.write(json.dumps({"summary": {"graded": graded, "seconds": round(seconds, 3),
                                             "answersPerSecond": round(graded / seconds, 1) if seconds else None}}) + "\n")


if __name__ == "__main__":
    main()
