#!/usr/bin/env python3
"""Lists and runs the python suite's scenarios (see README.md); standard library only, so
`list` works before the venv exists.

usage: run.py list --quick|--full
       run.py run --python VENV_PYTHON --bootstrap H:P --out FILE --logs DIR --timeout S TEST...

A test name is `<module>-<function>` with underscores as dashes: test_confluent.py's
`test_produce_consume_gzip` is `confluent-produce-consume-gzip`. Each test runs in a pytest
process of its own (a hung C client cannot take the rest down), killed with its process
group at the time limit. A function decorated `@full` runs only under --full.
"""
import ast
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "scripts" / "lib"))
from compat_suite import parser, run_logged, run_tests  # noqa: E402
MODULES = {"confluent": "test_confluent.py", "kafkapython": "test_kafka_python.py",
           "groups": "test_groups.py"}


def scenarios():
    """(name, file, function, full_only) in file order."""
    out = []
    for prefix, file in MODULES.items():
        tree = ast.parse((HERE / file).read_text(), file)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                full = any(isinstance(d, ast.Name) and d.id == "full" for d in node.decorator_list)
                out.append((f"{prefix}-{node.name[5:].replace('_', '-')}", file, node.name, full))
    return out


def cmd_list(args):
    for name, _, _, full in scenarios():
        if args.mode == "full" or not full:
            print(name)


def run_one(args, file, function, log_path):
    """Returns (status, message)."""
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as result:
        result_path = result.name
    env = dict(os.environ, SAMSA_COMPAT_BOOTSTRAP=args.bootstrap,
               SAMSA_COMPAT_RESULT=result_path, PYTHONDONTWRITEBYTECODE="1")
    cmd = [args.python, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA",
           "--rootdir", str(HERE), "-o", "log_level=INFO", "-o", "log_cli=false",
           "--show-capture=all", f"{file}::{function}"]
    rc = run_logged(cmd, log_path, args.timeout, f"$ {' '.join(cmd)}", cwd=HERE, env=env)
    if rc is None:
        Path(result_path).unlink(missing_ok=True)
        return "timeout", f"no result within {args.timeout} s"
    try:
        outcome = json.loads(Path(result_path).read_text() or "{}")
    except (OSError, ValueError):
        outcome = {}
    finally:
        Path(result_path).unlink(missing_ok=True)
    if outcome.get("outcome") in ("passed", "failed", "skipped"):
        status = {"passed": "pass", "failed": "fail", "skipped": "skip"}[outcome["outcome"]]
        return status, outcome.get("message", "")
    return "error", f"pytest exited {rc} without a result (see the log)"


def cmd_run(args):
    by_name = {name: (file, fn) for name, file, fn, _ in scenarios()}
    run_tests(args, by_name, lambda test, log: run_one(args, *by_name[test], log),
              unknown="no such test")


def main():
    ap, _, rn = parser()
    rn.add_argument("--python", required=True)
    args = ap.parse_args()
    {"list": cmd_list, "run": cmd_run}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
