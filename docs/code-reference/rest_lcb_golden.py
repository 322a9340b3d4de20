# Regenerates the golden files the LiveCodeBench prompt and split tests compare against, with REST's own functions
# (opendatalab/REST at 12c6bf3: merge_livecodebench from opencompass/datasets/stress_test/utils.py, split_code_content
# and extract_non_reasoning_content from opencompass/utils/text_postprocessors.py, safe_format's loop from
# opencompass/utils/prompt.py) taken verbatim from a checkout, on the fixture.
# Usage: python3 rest_lcb_golden.py <REST checkout> <fixture test.jsonl> <prompts out> <splits out> <samples out>
import copy, json, re, subprocess, sys
from datetime import datetime
from typing import List

rest, fixture, prompts_out, splits_out, samples_out = sys.argv[1:6]


def source(path, name):
    text = subprocess.run(["git", "-C", rest, "show", "12c6bf31f243854d23c544e6916b86e425b2a78a:" + path],
                          capture_output=True, text=True, check=True).stdout
    start = text.index("def " + name + "(")
    end = text.find("\ndef ", start + 1)
    nxt = text.find("\n@", start + 1)
    end = min(x for x in (end, nxt, len(text)) if x != -1)
    return text[start:end]


g = {"copy": copy, "re": re, "List": List, "LCB_TEMPLATE": "{question_content}\n\n{format_prompt}"}
exec(source("opencompass/datasets/stress_test/utils.py", "merge_livecodebench"), g)
exec(source("opencompass/utils/text_postprocessors.py", "extract_non_reasoning_content"), g)
exec(source("opencompass/utils/text_postprocessors.py", "split_code_content"), g)

W = 'You will use the following starter code to write the solution to the problem and enclose your code within delimiters.'
O = 'Read the inputs from stdin solve the problem and write the answer to stdout (do not directly test on the sample inputs). Enclose your code within delimiters as follows.'
rows = [json.loads(line) for line in open(fixture, encoding="utf-8")]
for r in rows:
    if r["starter_code"]:
        r["format_prompt"] = f"### Format: {W}\n```python\n{r['starter_code']}\n```\n\n"
    else:
        r["format_prompt"] = f"### Format: {O}\n```python\n# YOUR CODE HERE\n```\n\n"
    try:
        private = json.loads(r["private_test_cases"])
    except Exception:
        import base64, pickle, zlib
        private = json.loads(pickle.loads(zlib.decompress(base64.b64decode(r["private_test_cases"].encode("utf-8")))))
    tests = json.loads(r["public_test_cases"]) + private
    r["evaluation_sample"] = json.dumps({"inputs": [t["input"] for t in tests], "outputs": [t["output"] for t in tests],
                                         "fn_name": json.loads(r["metadata"]).get("func_name", None)})
with open(samples_out, "w", encoding="utf-8") as out:
    for r in rows:
        out.write(json.dumps({"question_id": r["question_id"], "evaluation_sample": r["evaluation_sample"]}) + "\n")
start, end = datetime.strptime('2024-08-01', '%Y-%m-%d'), datetime.strptime('2025-02-01', '%Y-%m-%d')
rows = [r for r in rows if start <= datetime.fromisoformat(r['contest_date']) <= end]

with open(prompts_out, "w", encoding="utf-8") as out:
    for s in (1, 2, 3, 5):
        for idx, m in enumerate(g["merge_livecodebench"](rows, n_merge=s)):
            m["subdivision"] = f"lcb_code_generation_merge{s}_test"
            m["idx"] = idx
            m["question_id"] = ""  # the output column is blanked (gen_field_replace_token='')
            text = "{question_content}"
            for k, v in m.items():  # safe_format
                text = text.replace("{" + k + "}", str(v))
            out.write(json.dumps({"level": s, "index": idx, "questionIds": m["question_id_list"], "user": text}) + "\n")

OUTPUTS = [
    "<think>draft ```python\nprint(0)\n```</think>\n```python\nprint(1)\n```\ntext\n```python\n  x = 2\n  print(x)\n```",
    "no think end```python\nprint(1)\n```",
    "reasoning only</think>```python\nprint(1)\n```</think>```python\nprint(2)\n```",
    "<think>unclosed ```python\nprint(9)\n```",
    "```Python\nprint(1)\n``` then ```python3\nprint(2)\n``` and ```py\nx\n``` ```python\nprint('`')```",
    "```python\nfirst\n```\n```python\nsecond\n```\n```python\nthird\n```\n```python\nfourth\n```",
    "",
    "```python\nunterminated",
    "<think>a</think>b<think>c</think>```python\n\n\n   indented\n```",
    "<think>x<think>y</think>```python\nz\n```</think>",
    "\u00a0```python\u00a0code\u00a0```",
]
with open(splits_out, "w", encoding="utf-8") as out:
    for text in OUTPUTS:
        for s in (1, 2, 3):
            out.write(json.dumps({"output": text, "level": s, "answers": g["split_code_content"](text, n_merge=s)}) + "\n")
