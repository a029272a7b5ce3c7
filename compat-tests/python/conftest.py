"""pytest glue for the python suite: writes the one test's outcome to $SAMSA_COMPAT_RESULT
(run.py reads it) so run.py need not parse pytest's output."""
import json
import os

_outcome = {}


def pytest_runtest_logreport(report):
    # setup, call and teardown each report; the first failure or skip decides, else "passed".
    if report.when == "call" or report.outcome != "passed":
        if _outcome.get("outcome") in ("failed", "skipped"):
            return
        message = ""
        if report.outcome == "failed":
            crash = getattr(report.longrepr, "reprcrash", None)
            message = crash.message if crash else str(report.longrepr)[-1500:]
            if report.when != "call":
                message = f"in {report.when}: {message}"
        elif report.outcome == "skipped":
            message = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _outcome.update(outcome=report.outcome, message=message)


def pytest_collectreport(report):
    if report.failed and not _outcome:
        _outcome.update(outcome="failed", message=f"collecting: {str(report.longrepr)[-1500:]}")


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("SAMSA_COMPAT_RESULT")
    if path and _outcome:
        with open(path, "w") as f:
            json.dump(_outcome, f)
