"""Headless commands: the same jobs the window runs, with a text progress bar.

Exit codes: 0 success, 2 a problem with the input (the message says what to do),
1 an unexpected error (details in the log file).
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import sys
import time
from collections.abc import Generator
from pathlib import Path
from typing import TypeVar

from engine.jobs import shop_data, user_problems
from engine.jobs.importing import import_demo_shop, import_files
from engine.jobs.training import MODEL_NAMES
from engine.logs import setup_logging
from storage.database import default_db_path
from storage.errors import ImportProblem
from storage.importer import ImportOptions, ImportResult
from storage.mapping import FIELDS, GENERIC, PRESETS
from storage.progress import Progress

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2
T = TypeVar("T")
# These never create a database (a mistyped --db would otherwise leave an empty one behind).
READ_ONLY = ("info", "imports", "rejected", "undo", "profile", "clv", "churn", "train",
             "recommend", "export")
COMMANDS = ("import", "info", "demo", "imports", "rejected", "undo", "profile", "clv", "churn",
            "train", "recommend", "export", "auto")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shopsense", description="ShopSense, headless.")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", type=Path, default=None,
                       help=f"shop database (default: {default_db_path()})")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        return p

    imp = with_db(sub.add_parser("import", help="import sales, browsing or catalogue files"))
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--preset", choices=[*PRESETS, GENERIC],
                     help="the kind of export (default: recognised from the headers)")
    imp.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                     help="say which column holds a field; fields: " + ", ".join(FIELDS))
    order = imp.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True,
                       help="dates are written day first (31/12/2024)")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False,
                       help="dates are written month first (12/31/2024)")
    imp.add_argument("--sheet", help="which sheet of a workbook (default: the first with data)")
    imp.add_argument("--timezone", metavar="ZONE",
                     help="time zone of times written without one, e.g. Europe/London")
    with_db(sub.add_parser("info", help="counts per table and the data's date range"))
    with_db(sub.add_parser("demo", help="build a demo shop from the UCI Online Retail data"))
    with_db(sub.add_parser("imports", help="list what has been imported"))
    rejected = with_db(sub.add_parser("rejected", help="the rows of an import that were kept "
                                                       "out, with the reason (CSV)"))
    rejected.add_argument("import_id", type=int, metavar="IMPORT_ID")
    undo = with_db(sub.add_parser("undo", help="remove one import and everything it brought"))
    undo.add_argument("import_id", type=int, metavar="IMPORT_ID")
    profile = with_db(sub.add_parser("profile", help="everything known about one customer"))
    profile.add_argument("--customer", required=True, metavar="ID",
                         help="the customer number or e-mail as in the imported files")
    clv = with_db(sub.add_parser("clv", help="lifetime value: BG/NBD and Gamma-Gamma fits"))
    clv.add_argument("--horizon", type=_positive_days, default=365, metavar="DAYS",
                     help="how far ahead to value customers (default 365 days)")
    churn = with_db(sub.add_parser("churn", help="who is likely not to come back, and why"))
    churn.add_argument("--cutoff", type=_day, metavar="YYYY-MM-DD",
                       help="validate on purchases after this day (default: one horizon before "
                            "the latest data)")
    churn.add_argument("--horizon", type=_positive_days, metavar="DAYS",
                       help="churned = no purchase within this many days (default: from the "
                            "shop's own time between purchases)")
    train = with_db(sub.add_parser("train", help="train a recommender and measure it"))
    train.add_argument("model", choices=MODEL_NAMES, metavar="MODEL",
                       help="one of " + ", ".join(MODEL_NAMES))
    train.add_argument("--epochs", type=_positive_days, metavar="N")
    train.add_argument("--factors", type=_positive_days, metavar="K")
    train.add_argument("--accurate", action="store_true",
                       help="more factors and epochs, with early stopping (slower)")
    train.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    recommend = with_db(sub.add_parser("recommend", help="a customer's recommended products"))
    recommend.add_argument("--customer", required=True, metavar="ID")
    recommend.add_argument("--n", type=_positive_days, default=10, metavar="N")
    export = with_db(sub.add_parser("export", help="save a report as Excel, CSV or PDF: churn "
                                                   "(customers likely to leave) or "
                                                   "recommendations"))
    export.add_argument("report", choices=("churn", "recommendations"), metavar="REPORT",
                        help="churn or recommendations")
    export.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="the file to write (.xlsx, .csv or .pdf)")
    export.add_argument("--format", choices=("xlsx", "csv", "pdf"),
                        help="default: from the --out file name")
    export.add_argument("--segment", metavar="NAME",
                        help="only the customers of one segment, e.g. \"At Risk\"")
    export.add_argument("--top", type=_positive_count, metavar="N",
                        help="churn: the N customers with the most value at risk; "
                             "recommendations: N products per customer (default: all)")
    export.add_argument("--anonymize", action="store_true",
                        help="replace customer ids, names and e-mails with stable pseudonyms")
    export.add_argument("--language", choices=("en", "zh_CN"), default="en",
                        help="the report's language (default en)")
    from engine import unattended

    unattended.add_arguments(with_db(sub.add_parser(
        "auto", help="import, train, score churn and export in one unattended run (for a "
                     "scheduler; exit codes: 0 done, 2 a problem to fix, 1 unexpected, "
                     "130 interrupted)")))
    return parser


def _positive_days(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive number of days")
    return int(text)


def _positive_count(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return int(text)


def _day(text: str):
    import pandas as pd

    try:
        return pd.Timestamp(datetime.date.fromisoformat(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2011-09-09") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()
    db = args.db or default_db_path()
    try:
        if args.command in READ_ONLY and not db.exists():
            raise ImportProblem(str(db), "there is no shop database here.",
                                hint="Import a file first (python main.py import FILE), or check "
                                     "the --db path.")
        return {"import": _import, "info": _info, "demo": _demo, "imports": _imports,
                "rejected": _rejected, "undo": _undo, "profile": _profile, "clv": _clv,
                "churn": _churn, "train": _train, "recommend": _recommend, "export": _export,
                "auto": _auto}[args.command](args, db)
    except user_problems() as problem:
        print(f"error: {problem}", file=sys.stderr)
        log.warning("%s: %s", type(problem).__name__, problem)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("cancelled; nothing from the interrupted file was saved", file=sys.stderr)
        return EXIT_ERROR
    except Exception:
        log.exception("unexpected error in %s", args.command)
        from engine.logs import log_file

        print(f"error: something went wrong; details are in {log_file()}", file=sys.stderr)
        return EXIT_ERROR


def run_with_progress(job: Generator[Progress, None, T], *, quiet: bool) -> T:
    """Drive a job, drawing a progress bar on stderr when it is a terminal."""
    show = not quiet and sys.stderr.isatty()
    last = 0.0
    try:
        while True:
            progress = next(job)
            now = time.monotonic()
            if show and now - last > 0.1:
                last = now
                bar = "#" * int(30 * progress.fraction)
                sys.stderr.write(f"\r[{bar:<30}] {progress.message[:70]:<70}")
                sys.stderr.flush()
    except StopIteration as stop:
        return stop.value
    finally:
        if show:
            sys.stderr.write("\r" + " " * 104 + "\r")
        job.close()


def _import(args: argparse.Namespace, db: Path) -> int:
    overrides = {}
    for item in args.map:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ImportProblem("--map", f"'{item}' is not FIELD=COLUMN.",
                                hint="For example: --map customer=\"Client no\".")
        overrides[field.strip()] = column.strip()
    options = ImportOptions(preset=args.preset, mapping=overrides, dayfirst=args.dayfirst,
                            sheet=args.sheet, timezone=args.timezone)
    results = run_with_progress(import_files(db, args.files, options), quiet=args.json)
    _report(results, db, as_json=args.json)
    return EXIT_OK


def _demo(args: argparse.Namespace, db: Path) -> int:
    results = run_with_progress(import_demo_shop(db), quiet=args.json)
    _report(results, db, as_json=args.json)
    return EXIT_OK


_TOTALS = ("rows_read", "rows_imported", "rows_rejected", "duplicates", "returns", "customers",
           "products", "orders", "events", "seconds")


def _report(results: list[ImportResult], db: Path, *, as_json: bool) -> None:
    if as_json:
        totals = {key: sum(getattr(r, key) for r in results) for key in _TOTALS}
        totals["seconds"] = round(totals["seconds"], 3)
        print(json.dumps({**totals, "database": str(db),
                          "files": [r.to_dict() for r in results]}, ensure_ascii=False,
                         default=str))
        return
    for r in results:
        if r.already_imported:
            print(f"{r.file}: already imported (import {r.import_id}); nothing added.")
            continue
        kind = PRESETS[r.preset].title if r.preset in PRESETS else f"a generic {r.kind} file"
        print(f"{r.file}: {r.rows_read:,} rows read as {kind} in {r.seconds:.1f} s")
        print(f"  imported {r.rows_imported:,}, rejected {r.rows_rejected:,}, "
              f"duplicates {r.duplicates:,} ({r.already_in_database:,} already in the database), "
              f"returns {r.returns:,}")
        print(f"  customers {r.customers:,} ({r.new_customers:,} new), products {r.products:,} "
              f"({r.new_products:,} new), orders {r.orders:,} ({r.new_orders:,} new), "
              f"events {r.events:,}")
        for example in r.rejected_examples:
            print(f"  rejected {example}")
        if r.rows_rejected > len(r.rejected_examples):
            print(f"  … all of them: python main.py rejected {r.import_id} --db {db}")
    print(f"database: {db}")


def _info(args: argparse.Namespace, db: Path) -> int:
    summary = shop_data.summary(db)
    if args.json:
        print(json.dumps({"database": str(db), **summary}))
        return EXIT_OK
    print(f"database: {db}")
    for table, count in summary["counts"].items():
        print(f"  {table:<14} {count:>12,}")
    print(f"  revenue        {summary['revenue']:>15,.2f}")
    print(f"  data from {summary['data_from'] or '—'} to {summary['data_to'] or '—'}")
    return EXIT_OK


def _imports(args: argparse.Namespace, db: Path) -> int:
    history = shop_data.history(db)
    if args.json:
        print(history.to_json(orient="records", date_format="iso"))
    elif history.empty:
        print("nothing imported yet")
    else:
        print(history.drop(columns=["path"]).to_string(index=False))
    return EXIT_OK


def _rejected(args: argparse.Namespace, db: Path) -> int:
    rows = shop_data.rejected(db, args.import_id)
    if args.json:
        print(rows.to_json(orient="records", force_ascii=False))
    else:
        rows.to_csv(sys.stdout, index=False)  # redirect to a file to open it in a spreadsheet
    return EXIT_OK


def _undo(args: argparse.Namespace, db: Path) -> int:
    removed = shop_data.undo_import(db, args.import_id)
    summary = ", ".join(f"{count:,} {table}" for table, count in removed.items())
    print(json.dumps(removed) if args.json else f"removed import {args.import_id}: {summary}")
    return EXIT_OK


def _profile(args: argparse.Namespace, db: Path) -> int:
    from engine.jobs.profiles import profile_job, profile_to_json, profile_to_text

    profile = run_with_progress(profile_job(db, args.customer), quiet=args.json)
    print(json.dumps(profile_to_json(profile), ensure_ascii=False) if args.json
          else profile_to_text(profile))
    return EXIT_OK


def _clv(args: argparse.Namespace, db: Path) -> int:
    from engine.jobs.clv import clv_job, clv_to_json, clv_to_text

    result = run_with_progress(clv_job(db, horizon_days=args.horizon), quiet=args.json)
    print(json.dumps(clv_to_json(result), ensure_ascii=False) if args.json
          else clv_to_text(result))
    return EXIT_OK


def _churn(args: argparse.Namespace, db: Path) -> int:
    from engine.jobs.churn import churn_job, churn_to_json, churn_to_text

    result = run_with_progress(churn_job(db, cutoff=args.cutoff, horizon_days=args.horizon),
                               quiet=args.json)
    print(json.dumps(churn_to_json(result), ensure_ascii=False) if args.json
          else churn_to_text(result))
    return EXIT_OK


def _train(args: argparse.Namespace, db: Path) -> int:
    from engine.jobs.training import TrainOptions, train_job

    options = TrainOptions(model=args.model, epochs=args.epochs, factors=args.factors,
                           accurate=args.accurate, device=args.device)
    result = run_with_progress(train_job(db, options), quiet=args.json)
    if args.json:
        print(json.dumps({"model": result.model, "device": result.device,
                          "fit_seconds": round(result.fit_seconds, 3), "metrics": result.metrics,
                          "split": result.split, "run_id": result.run_id,
                          "customers": result.customers, "epochs": len(result.curves)}))
        return EXIT_OK
    print(f"{result.model} trained on {result.device} in {result.fit_seconds:.1f} s "
          f"(run {result.run_id}; holdout: {result.split['kind']})")
    for name, value in result.metrics.items():
        print(f"  {name:<16} {value:>10.4f}" if isinstance(value, float) else f"  {name} {value}")
    print(f"Recommendations stored for {result.customers:,} customers; this run now serves them.")
    return EXIT_OK


def _auto(args: argparse.Namespace, db: Path) -> int:
    from engine.unattended import run

    return run(args, db)


def _recommend(args: argparse.Namespace, db: Path) -> int:
    from engine.jobs.training import recommendations_for

    recommended = recommendations_for(db, args.customer, args.n)
    if recommended.empty:
        raise ImportProblem(str(db), f"there are no recommendations for '{args.customer}'.",
                            hint="Train a model first (python main.py train itemknn), and check "
                                 "the customer id.")
    if args.json:
        print(recommended.to_json(orient="records", force_ascii=False))
    else:
        for row in recommended.itertuples():
            print(f"{row.rank:>3}. {row.product or row.sku}  ({row.reason})")
    return EXIT_OK


def _export(args: argparse.Namespace, db: Path) -> int:
    from engine.jobs.export import export_job, format_for

    fmt = format_for(args.out, args.format)
    result = run_with_progress(export_job(db, args.report, fmt, args.out, segment=args.segment,
                                          top=args.top, anonymize=args.anonymize,
                                          language=args.language), quiet=args.json)
    if args.json:
        print(json.dumps({"path": str(result.path), "report": result.kind, "format": result.fmt,
                          "rows": result.rows, "customers": result.customers,
                          "language": result.language, "anonymized": result.anonymized,
                          "seconds": round(result.seconds, 3)}, ensure_ascii=False))
    else:
        print(f"{result.path}: {result.rows:,} rows for {result.customers:,} customers "
              f"({result.fmt}, {result.seconds:.1f} s)")
    return EXIT_OK
