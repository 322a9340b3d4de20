# Stress Lab code-runner harness: grades one program against its tests the way REST's LiveCodeBench evaluator does
# (opencompass/datasets/stress_test/livecodebench/testing_util.py run_test, commit 12c6bf3; see docs/code.md and
# ../shared/docs/rest-livecodebench.md section 5). It runs INSIDE the bubblewrap sandbox, one process per program.
# Input on stdin: one JSON object {"token", "code", "inputs", "outputs", "fn_name", "timeout"}.
# Output: one line "<token><json>" with {"result": [...], "metadata": {...}} written to the original stdout; the
# program's own prints are captured like REST's. The token keeps program output from being read as the verdict.
import ast
import builtins
import faulthandler
import io
import json
import os
import resource
import signal
import sys
from io import StringIO
from unittest.mock import mock_open, patch

PREAMBLE = ("from string import *\nfrom re import *\nfrom datetime import *\nfrom collections import *\n"
            "from heapq import *\nfrom bisect import *\nfrom copy import *\nfrom math import *\nfrom random import *\n"
            "from statistics import *\nfrom itertools import *\nfrom functools import *\nfrom operator import *\n"
            "from io import *\nfrom sys import *\nfrom json import *\nfrom builtins import *\nfrom typing import *\n"
            "import string\nimport re\nimport datetime\nimport collections\nimport heapq\nimport bisect\n"
            "import copy\nimport math\nimport random\nimport statistics\nimport itertools\nimport functools\n"
            "import operator\nimport io\nimport sys\nimport json\nsys.setrecursionlimit(6*10**5)\n")


class TimeoutException(Exception):
    pass


def timeout_handler(signum, frame):
    raise TimeoutException


def truncatefn(s, length=300):
    if isinstance(s, str):
        pass
    else:
        s = str(s)
    if len(s) <= length:
        return s
    return s[: length // 2] + "...(truncated) ..." + s[-length // 2:]


class Capturing(list):
    def __enter__(self):
        self._stdout = sys.stdout
        sys.stdout = self._stringio = StringIO()
        self._stringio.close = lambda x: 1
        return self

    def __exit__(self, *args):
        self.append(self._stringio.getvalue())
        del self._stringio
        sys.stdout = self._stdout


def load_module(src):
    # pyext's RuntimeModule.from_string: exec in a fresh dict without __name__ (a bare __name__ is "builtins")
    g = {}
    exec(src, g)
    return g


class Namespace:
    def __init__(self, g):
        self.__dict__.update(g)


def transform_stdin(code):
    try:
        astree = ast.parse(code)
        last_block = astree.body[-1]
        if isinstance(last_block, ast.If):
            condition = last_block.test
            if ast.unparse(condition).strip() == "__name__ == '__main__'":
                code = ast.unparse(astree.body[:-1]) + "\n" + ast.unparse(last_block.body)
    except Exception:
        pass
    lines = []
    for x in code.split("\n"):
        if (not x.startswith("from ")) and (not x.startswith("import ")):
            lines.append("\t" + x + "\n")
        else:
            lines.append(x + "\n")
    new_code = ""
    started = False
    for line in lines:
        if line.startswith("\t") and not started:
            new_code += "stdin = sys.stdin\nstdout = sys.stdout\n"
            new_code += "def code():\n"
            new_code += line
            started = True
        elif started and (line.startswith("from ") or line.startswith("import ")):
            new_code += "\t" + line
        else:
            new_code += line
    return new_code


def call_method(method, inputs):
    inputs_line_iterator = iter(inputs.split("\n"))

    @patch("builtins.open", mock_open(read_data=inputs))
    @patch("sys.stdin", StringIO(inputs))
    @patch("sys.stdin.readline", lambda *args: next(inputs_line_iterator))
    @patch("sys.stdin.readlines", lambda *args: inputs.split("\n"))
    @patch("sys.stdin.read", lambda *args: inputs)
    def _inner_call_method(_method):
        try:
            return _method()
        except SystemExit:
            pass

    return _inner_call_method(method)


def all_int_like(on, el):
    return all(o.isdigit() and e.isdigit() for o, e in zip(on, el))


def allclose(a, b):
    # numpy.allclose(a, b) with its defaults: |a - b| <= 1e-8 + 1e-5 * |b|; equal infinities match, NaN never does
    for x, y in zip(a, b):
        if x == y:
            continue
        if abs(x - y) <= 1e-8 + 1e-5 * abs(y):
            continue
        return False
    return True


def stdin_output_matches(captured, expected):
    out = captured.splitlines()
    if "\n".join(out).strip() == expected.strip():
        return True
    if "\n".join(line.strip() for line in out).strip() == expected.strip():
        return True
    expected_lines = [x.strip() for x in expected.split("\n") if x != ""]
    if out == expected_lines:
        return True
    nonblank = [line for line in out if line != ""]
    if nonblank == expected_lines:
        return True
    if not all_int_like(nonblank, expected_lines):
        try:
            of = [float(x) for x in nonblank]
            ef = [float(x) for x in expected_lines]
            if len(of) == len(ef) and allclose(of, ef):
                return True
        except Exception:
            pass
    return False


def reliability_guard():
    # REST's guard (no memory limit); the sandbox, not this, is what contains hostile programs
    faulthandler.disable()
    builtins.exit = None
    builtins.quit = None
    os.environ["OMP_NUM_THREADS"] = "1"
    for name in ("kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork", "forkpty",
                 "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown", "chmod", "chown",
                 "chroot", "lchflags", "lchmod", "lchown", "getcwd", "chdir"):
        setattr(os, name, None)
    import shutil
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    import subprocess
    subprocess.Popen = None
    builtins.help = None
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter"):
        sys.modules[name] = None


def run_test(job):
    code = job["code"]
    inputs = job["inputs"]
    outputs = job["outputs"]
    fn_name = job.get("fn_name")
    timeout = job["timeout"]
    reliability_guard()
    signal.signal(signal.SIGALRM, timeout_handler)
    results = []
    if fn_name is not None:
        src = PREAMBLE + code
        signal.alarm(timeout)
        try:
            g = load_module(src)
            if "class Solution" not in code:
                target = Namespace(g)
            else:
                target = g["Solution"]()
            signal.alarm(0)
        except Exception as e:
            signal.alarm(0)
            return [-2], {"error": repr(e), "error_code": -1, "error_message": "Compilation Error"}
        try:
            method = getattr(target, fn_name)
        except Exception as e:
            return [-2], {"error": repr(e), "error_code": -1, "error_message": "Unable to extract code"}
        for index, raw_inputs in enumerate(inputs):
            args = [json.loads(line) for line in raw_inputs.split("\n")]
            expected = json.loads(outputs[index])
            try:
                if isinstance(args[0], dict):
                    args = [{int(k): v for k, v in args[0].items()}]
            except Exception:
                pass
            try:
                if isinstance(expected, dict):
                    expected = [{int(k): v for k, v in expected.items()}]
            except Exception:
                pass
            try:
                if isinstance(expected[0], dict):
                    expected = [{int(k): v for k, v in expected[0].items()}]
            except Exception:
                pass
            signal.alarm(timeout)
            try:
                out = method(*args)
                out_json = truncatefn(json.dumps(out), 200)
                if isinstance(out, tuple):
                    out = list(out)
                passed = out == expected
                if isinstance(expected, list) and expected:
                    passed = passed or (out == expected[0])
                try:
                    if isinstance(out[0], tuple):
                        passed = passed or ([list(x) for x in out] == expected[0])
                except Exception:
                    pass
                signal.alarm(0)
                results.append(passed)
                if passed is not True:
                    return results, {"output": out_json, "expected": truncatefn(outputs[index], 200),
                                     "inputs": truncatefn(raw_inputs, 300), "error_code": -2,
                                     "error_message": "Wrong Answer"}
            except Exception as e:
                signal.alarm(0)
                results.append(-1)
                if "timeoutexception" in repr(e).lower():
                    return results, {"error": repr(e), "error_code": -3, "error_message": "Time Limit Exceeded",
                                     "inputs": truncatefn(raw_inputs, 300), "expected": truncatefn(outputs[index], 200)}
                return results, {"error": repr(e), "error_code": -4, "error_message": "Runtime Error",
                                 "inputs": truncatefn(raw_inputs, 300), "expected": truncatefn(outputs[index], 200)}
        return results, {}
    src = PREAMBLE + transform_stdin(code)
    signal.alarm(timeout)
    try:
        g = load_module(src)
        signal.alarm(0)
    except Exception as e:
        signal.alarm(0)
        return [-2], {"error": repr(e), "error_code": -1, "error_message": "Compilation Error"}
    try:
        method = g["code"]
    except Exception as e:
        return [-2], {"error": repr(e), "error_code": -1, "error_message": "Unable to extract code"}
    for index, raw_inputs in enumerate(inputs):
        expected = outputs[index]
        signal.alarm(timeout)
        with Capturing() as captured:
            try:
                call_method(method, raw_inputs)
                signal.alarm(0)
            except Exception as e:
                signal.alarm(0)
                results.append(-1)
                if "timeoutexception" in repr(e).lower():
                    return results, {"error": repr(e), "error_code": -3, "error_message": "Time Limit Exceeded",
                                     "inputs": truncatefn(raw_inputs), "expected": truncatefn(expected, 200)}
                return results, {"error": repr(e), "error_code": -4, "error_message": "Runtime Error",
                                 "inputs": truncatefn(raw_inputs), "expected": truncatefn(expected, 200)}
        text = captured[0]
        if stdin_output_matches(text, expected):
            results.append(True)
            continue
        results.append(False)
        return results, {"output": truncatefn(text, 200), "expected": truncatefn(expected, 200),
                         "inputs": truncatefn(raw_inputs, 300), "error_code": -2, "error_message": "Wrong Answer"}
    return results, {}


def main():
    job = json.loads(sys.stdin.read())
    token = job["token"]
    verdict_fd = os.dup(1)
    write, getpid, exit_now, getrusage = os.write, os.getpid, os._exit, resource.getrusage
    harness_pid = getpid()
    try:
        results, metadata = run_test(job)
    except BaseException as e:  # the child dying in REST (e.g. an input line that is not JSON) gives [-2]
        results, metadata = [-2], {"error": repr(e), "error_code": -1, "error_message": "Harness error"}
    if getpid() != harness_pid:
        exit_now(1)  # a process the program forked: only the harness itself gives the verdict
    usage = [getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    line = token + json.dumps({"result": [r if isinstance(r, (bool, int)) else bool(r) for r in results],
                               "metadata": metadata, "cpu_seconds": cpu}, default=repr) + "\n"
    write(verdict_fd, line.encode("utf-8", "replace"))


main()
