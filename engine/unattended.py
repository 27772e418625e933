"""`python main.py auto`: import → train → churn → export in one run, for a scheduler.

Each step is the job the window runs. Steps run in that order, the ones asked for; the first
that fails stops the run. stdout gets a line as each step starts and one with what it did;
problems go to stderr; the log file gets both, with tracebacks.

Exit codes: 0 every step done; 2 a problem the user can fix (a missing or unreadable file,
too little data for a step, an export that cannot be written); 1 an unexpected error (details
in the log file); 130 interrupted (Ctrl+C, or a scheduler stopping the task with SIGTERM): the
step under way is cancelled, which leaves what it had not finished unsaved.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import signal
import sys
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.cli import EXIT_BAD_INPUT, EXIT_ERROR, EXIT_OK, run_with_progress
from engine.jobs import user_problems
from engine.logs import log_file
from storage.errors import ImportProblem
from storage.importer import ImportOptions
from storage.mapping import GENERIC, PRESETS
from storage.progress import Progress

log = logging.getLogger(__name__)

EXIT_INTERRUPTED = 130  # what a shell reports for a command stopped by Ctrl+C
KINDS = ("churn", "recommendations")
FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".pdf": "pdf"}


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    fmt: str
    path: Path


@dataclass(frozen=True)
class Step:
    name: str
    what: str  # said when the step starts
    job: Callable[[], Generator[Progress, None, Any]]
    report: Callable[[Any], tuple[str, dict]]  # the result in a line, and as JSON


def export_request(text: str) -> ExportRequest:
    """KIND:PATH, the format from the file's extension; {date} in PATH becomes today's date."""
    kind, sep, path_text = text.partition(":")
    if not sep or kind not in KINDS or not path_text:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not KIND:PATH (KIND is churn or recommendations), e.g. "
            "churn:reports/churn-{date}.xlsx")
    path = Path(path_text.replace("{date}", datetime.date.today().isoformat())).expanduser()
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise argparse.ArgumentTypeError(f"'{path.name}' should end in .xlsx, .csv or .pdf")
    return ExportRequest(kind, fmt, path.absolute())


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive number")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from engine.jobs.training import MODEL_NAMES

    parser.add_argument("--import", dest="files", nargs="+", action="extend", default=[],
                        type=Path, metavar="FILE", help="files to import first")
    parser.add_argument("--preset", choices=[*PRESETS, GENERIC],
                        help="the kind of export (default: recognised from the headers)")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True,
                       help="dates are written day first (31/12/2024)")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False,
                       help="dates are written month first (12/31/2024)")
    parser.add_argument("--train", choices=MODEL_NAMES, metavar="MODEL",
                        help="train this recommender: " + ", ".join(MODEL_NAMES))
    parser.add_argument("--churn", action="store_true",
                        help="score every customer's churn risk")
    parser.add_argument("--export", action="append", default=[], type=export_request,
                        metavar="KIND:PATH",
                        help="write a report (churn or recommendations; .xlsx, .csv or .pdf; "
                             "{date} in PATH becomes today's date); may be repeated")
    parser.add_argument("--top", type=_positive, metavar="N", help="reports: the top N only")
    parser.add_argument("--segment", metavar="NAME", help="reports: one customer segment only")
    parser.add_argument("--anonymize", action="store_true",
                        help="reports: pseudonyms instead of customer ids, names and e-mails")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en",
                        help="reports: en or zh_CN (default en)")


def run(args: argparse.Namespace, db: Path) -> int:
    results: dict[str, Any] = {}  # each step's result, for the steps after it
    steps = plan(args, db, results)
    if not steps:
        print("error: nothing to do; give --import, --train, --churn or --export",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    as_json = args.json
    done: list[dict] = []
    started = time.monotonic()
    log.info("auto on %s: %s", db, ", ".join(step.name for step in steps))
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    step = steps[0]
    try:
        if not args.files and not db.exists():
            raise ImportProblem(str(db), "there is no shop database here.",
                                hint="Import a file first (--import FILE), or check --db.")
        for step in steps:
            if not as_json:
                print(f"{step.name}: {step.what}", flush=True)
            log.info("auto: %s: %s", step.name, step.what)
            clock = time.monotonic()
            results[step.name] = run_with_progress(step.job(), quiet=True)
            line, summary = step.report(results[step.name])
            seconds = round(time.monotonic() - clock, 1)
            done.append({"step": step.name, "seconds": seconds, **summary})
            log.info("auto: %s done in %.1f s: %s", step.name, seconds, line)
            if not as_json:
                print(f"  {line} ({seconds:.1f} s)", flush=True)
    except (*user_problems(), OSError) as problem:  # OSError: a folder not writable, say
        log.warning("auto stopped at %s: %s", step.name, problem)
        return _stop(step, str(problem), EXIT_BAD_INPUT, done, as_json)
    except KeyboardInterrupt:
        log.warning("auto interrupted at %s", step.name)
        return _stop(step, "interrupted; what this step had not finished was not saved",
                     EXIT_INTERRUPTED, done, as_json)
    except Exception:
        log.exception("auto failed at %s", step.name)
        return _stop(step, f"something went wrong; details are in {log_file()}", EXIT_ERROR,
                     done, as_json)
    finally:
        signal.signal(signal.SIGTERM, previous)
    seconds = time.monotonic() - started
    log.info("auto done in %.1f s", seconds)
    if as_json:
        print(json.dumps({"database": str(db), "exit_code": EXIT_OK, "steps": done},
                         ensure_ascii=False))
    else:
        print(f"done in {seconds:.1f} s; database {db}")
    return EXIT_OK


def _on_sigterm(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt  # unwinds the job like Ctrl+C: it cancels and cleans up


def _stop(step: Step, message: str, code: int, done: list[dict], as_json: bool) -> int:
    print(f"error: {step.name}: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"exit_code": code, "steps": done,
                          "failed": {"step": step.name, "message": message}},
                         ensure_ascii=False))
    else:
        print(f"stopped at {step.name} (exit code {code}); log: {log_file()}", flush=True)
    return code


def plan(args: argparse.Namespace, db: Path, results: dict[str, Any]) -> list[Step]:
    """The steps asked for, in the order that makes each one's input fresh; a churn report
    uses the churn step's scores when there is one (`results` holds them by then)."""
    from engine.jobs.importing import import_files

    steps = []
    if args.files:
        options = ImportOptions(preset=args.preset, dayfirst=args.dayfirst)
        steps.append(Step("import", ", ".join(path.name for path in args.files),
                          lambda: import_files(db, args.files, options), _import_report))
    if args.train:
        from engine.jobs.training import TrainOptions, train_job

        steps.append(Step("train", args.train,
                          lambda: train_job(db, TrainOptions(args.train)), _train_report))
    if args.churn:
        from engine.jobs.churn import churn_job

        steps.append(Step("churn", "scoring every customer", lambda: churn_job(db),
                          _churn_report))
    for request in args.export:
        steps.append(Step("export", f"{request.kind} to {request.path}",
                          _export_job(db, request, args, results), _export_report))
    return steps


def _export_job(db: Path, request: ExportRequest, args: argparse.Namespace,
                results: dict[str, Any]) -> Callable[[], Generator[Progress, None, Any]]:
    def job() -> Generator[Progress, None, Any]:
        from engine.jobs.export import export_job

        request.path.parent.mkdir(parents=True, exist_ok=True)
        return export_job(db, request.kind, request.fmt, request.path, segment=args.segment,
                          top=args.top, anonymize=args.anonymize, language=args.language,
                          churn=results.get("churn"))
    return job


def _import_report(results: list) -> tuple[str, dict]:
    totals = {key: sum(getattr(r, key) for r in results)
              for key in ("rows_read", "rows_imported", "rows_rejected", "duplicates")}
    again = [Path(r.file).name for r in results if r.already_imported]
    line = (f"{totals['rows_imported']:,} of {totals['rows_read']:,} rows imported, "
            f"{totals['rows_rejected']:,} rejected, {totals['duplicates']:,} duplicates")
    if again:
        line = (f"{', '.join(again)}: imported before, nothing added" if len(again) ==
                len(results) else f"{line}; imported before, nothing added: {', '.join(again)}")
    return line, {**totals, "already_imported": again,
                  "import_ids": [r.import_id for r in results]}


def _train_report(result: Any) -> tuple[str, dict]:
    metric = ("rmse", "RMSE") if "rmse" in result.metrics else ("hitrate@10", "hit rate@10")
    value = result.metrics.get(metric[0], float("nan"))
    line = (f"{result.model} on {result.device}: {metric[1]} {value:.3f} on held-out data "
            f"(run {result.run_id})")
    return line, {"model": result.model, "run_id": result.run_id, "device": result.device,
                  "metrics": result.metrics}


def _churn_report(result: Any) -> tuple[str, dict]:
    from engine.churn.models import MODEL_TITLES

    report = result.report
    at_risk = int(result.scores["at_risk"].sum())
    auc = report.metrics[report.chosen].roc_auc
    line = (f"{at_risk:,} of {len(result.scores):,} customers at risk; model "
            f"{MODEL_TITLES[report.chosen]}, ROC-AUC {auc:.2f}")
    return line, {"at_risk": at_risk, "customers": len(result.scores), "model": report.chosen,
                  "roc_auc": round(float(auc), 4)}


def _export_report(result: Any) -> tuple[str, dict]:
    return (f"{result.rows:,} rows written to {result.path}",
            {"kind": result.kind, "format": result.fmt, "path": str(result.path),
             "rows": result.rows})
