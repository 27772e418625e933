"""The churn report: customers at risk, the most value at stake first, with reasons and actions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.churn.models import MODEL_TITLES
from engine.jobs.churn import ChurnResult
from engine.reports.common import PDF_CUSTOMERS, ReportOptions, identity
from engine.reports.content import Chart, Column, KeyFigure, Report
from engine.reports.phrases import phrase, reasons


def build_churn_report(result: ChurnResult, customers: pd.DataFrame, options: ReportOptions,
                       *, risk_from: float | None = None, risk_below: float | None = None,
                       min_value_at_risk: float = 0.0) -> Report:
    """`customers` has columns customer, name, email (storage.queries.customer_table).

    The report lists everyone at risk (risk at or above the model's threshold) unless
    `risk_from` says where risk starts instead (-inf for everyone); `risk_below` is the top of
    the risks listed, `min_value_at_risk` the least value at risk. Together they select the
    customers the window's Churn page shows, as its filters do."""
    t = options.t
    scores = result.scores
    if options.segment:
        scores = scores[scores["segment"] == options.segment]
    at_risk = scores[scores["at_risk"]]
    chosen = scores["at_risk"] if risk_from is None else scores["risk"] >= risk_from
    if risk_below is not None:
        chosen = chosen & (scores["risk"] < risk_below)
    if min_value_at_risk:
        chosen = chosen & (scores["value_at_risk"] >= min_value_at_risk)
    selected = scores[chosen]
    listed = selected.head(options.top) if options.top else selected
    filtered = risk_from is not None or risk_below is not None or bool(min_value_at_risk)
    frame = pd.DataFrame({
        "rank": np.arange(1, len(listed) + 1),
        "customer": listed.index.astype(str),
        "segment": [t(s) for s in listed["segment"]],
        "risk": listed["risk"].to_numpy(),
        "value": listed["value"].to_numpy(),
        "value_at_risk": listed["value_at_risk"].to_numpy(),
        "last_purchase": (result.as_of - pd.to_timedelta(listed["recency_days"], unit="D")
                          ).to_numpy(),
        "purchase_days": listed["frequency"].to_numpy(),
        "spend": listed["monetary"].to_numpy(),
        "reasons": [reasons(r, options.language) for r in listed["reasons"]],
        "action": [phrase(a, options.language) for a in listed["action"]],
    })
    frame, who = identity(frame, customers, options)
    columns = [
        Column("rank", t("No."), "integer", 6),
        *who,
        Column("segment", t("Segment"), width=18),
        Column("risk", t("Risk %"), "percent", 9),
        Column("value", t("Expected value"), "money", 14),
        Column("value_at_risk", t("Value at risk"), "money", 13),
        Column("last_purchase", t("Last purchase"), "date", 13),
        Column("purchase_days", t("Days with a purchase"), "integer", 10),
        Column("spend", t("Spend so far"), "money", 14),
        Column("reasons", t("Reasons"), width=60),
        Column("action", t("Suggested action"), width=60),
    ]
    report = result.report
    chosen = MODEL_TITLES.get(report.chosen, report.chosen)
    metrics = report.metrics.get(report.chosen)
    figures = [
        KeyFigure(t("Customers scored"), len(scores), "integer"),
        KeyFigure(t("Customers at risk"), len(at_risk), "integer"),
        KeyFigure(t("Of them at high risk ({percent} or more)",
                    percent=f"{result.high_risk_from:.0%}"),
                  int((at_risk["risk"] >= result.high_risk_from).sum()), "integer"),
        KeyFigure(t("Total value at risk"), float(at_risk["value_at_risk"].sum()), "money"),
        KeyFigure(t("Share of customers at risk"),
                  len(at_risk) / len(scores) if len(scores) else 0.0, "percent"),
        KeyFigure(t("Listed in this report"), len(listed), "integer"),
        KeyFigure(t("Scored as of"), result.as_of.date(), "date"),
        KeyFigure(t("Churned means no purchase within"), t("{days} days",
                                                           days=report.horizon_days)),
        KeyFigure(t("Model"), t(chosen)),
    ]
    if metrics is not None:
        figures += [
            KeyFigure(t("ROC-AUC on customers it never saw"), round(metrics.roc_auc, 3),
                      "decimal"),
            KeyFigure(t("Precision (of those flagged, share who left)"), metrics.precision,
                      "percent"),
            KeyFigure(t("Recall (of those who left, share flagged)"), metrics.recall, "percent"),
        ]
    shown = min(len(frame), PDF_CUSTOMERS["churn"])
    printed = [c for c in columns if c.key not in ("value", "purchase_days", "spend")]
    note = (t("The {rows} customers with the most value at risk. The full list is in the Excel "
              "or CSV export.", rows=shown) if shown < len(frame)
            else t("All {rows} customers listed.", rows=len(frame)) if filtered
            else t("All {rows} customers at risk.", rows=len(frame)))
    return Report(
        kind="churn", language=options.language, title=t("Customers likely to leave"),
        subtitle=t("Everyone at risk of not coming back, the most value at stake first, with "
                   "the reasons and a suggested action."),
        created=options.created, data_from=options.data_from, data_to=options.data_to,
        figures=figures, columns=columns, detail=frame, detail_sheet=t("Customers at risk"),
        charts=_charts(listed, result.threshold, options), method=_method(result, options),
        notes=options.notes() + _selection_notes(options, risk_from, risk_below,
                                                 min_value_at_risk),
        printable=frame.head(shown), printable_columns=printed,
        printable_note=note)


def _charts(listed: pd.DataFrame, threshold: float, options: ReportOptions) -> list[Chart]:
    t = options.t
    by_segment = listed.groupby("segment")["value_at_risk"].sum().sort_values(ascending=False)
    # Risk levels in steps of ten points, from the at-risk threshold (or the lowest risk
    # listed, when the report lists customers below it) up.
    lowest = min(threshold, float(listed["risk"].min())) if len(listed) else threshold
    edges = np.arange(np.floor(lowest * 10) / 10, 1.0001, 0.1)
    levels = pd.cut(listed["risk"], np.r_[edges[:-1], 1.0001], right=False)
    counts = levels.value_counts(sort=False)
    labels = [f"{interval.left:.0%}–{min(interval.right, 1):.0%}" for interval in counts.index]
    return [
        Chart(t("Value at risk by segment"), [t(s) for s in by_segment.index],
              [float(v) for v in by_segment.to_numpy()], "money", t("Value at risk")),
        Chart(t("Customers at risk by risk level"), labels,
              [float(v) for v in counts.to_numpy()], "integer", t("Customers")),
    ]


def _selection_notes(options: ReportOptions, risk_from: float | None,
                     risk_below: float | None, min_value_at_risk: float) -> list[str]:
    """What the list is limited to, beyond the segment (ReportOptions.notes says that)."""
    t = options.t
    low = risk_from if risk_from is not None and np.isfinite(risk_from) else None
    high = risk_below if risk_below is not None and np.isfinite(risk_below) else None
    notes = []
    if low is not None and high is not None:
        notes.append(t("Risk from {low} to under {high}", low=f"{low:.0%}", high=f"{high:.0%}"))
    elif low is not None:
        notes.append(t("Risk of {low} or more", low=f"{low:.0%}"))
    elif high is not None:
        notes.append(t("Risk under {high}", high=f"{high:.0%}"))
    if min_value_at_risk:
        notes.append(t("Value at risk of at least {value}", value=f"{min_value_at_risk:,.0f}"))
    return notes


def _method(result: ChurnResult, options: ReportOptions) -> list[str]:
    t = options.t
    report = result.report
    chosen = t(MODEL_TITLES.get(report.chosen, report.chosen))
    if report.validation == "out-of-time":
        validation = t("trained on who came back after {train}, tested on who came back after "
                       "{cutoff}", train=f"{report.train_cutoff:%Y-%m-%d}",
                       cutoff=f"{report.cutoff:%Y-%m-%d}")
    else:
        validation = t("5-fold cross-validation across customers")
    paragraphs = [
        t("Churned means no purchase within {days} days. {count} models were compared on "
          "customers none of them was trained on ({validation}); the best by ROC-AUC, {model}, "
          "scored every customer as of {as_of}.", days=report.horizon_days,
          count=len(report.metrics), validation=validation, model=chosen,
          as_of=f"{result.as_of:%Y-%m-%d}"),
        t("A customer is at risk when their risk is at least {threshold}. Risk is a calibrated "
          "probability: of 100 customers at 70 %, about 70 do not come back.",
          threshold=f"{result.threshold:.0%}"),
        t("Expected value is what the customer would spend over the next {days} days if they "
          "stay, less the share they usually send back (BG/NBD and Gamma-Gamma lifetime value, "
          "or past spend when that cannot be fitted); value at risk = risk × expected value.",
          days=report.horizon_days),
    ]
    metrics = report.metrics.get(report.chosen)
    if metrics is not None:
        paragraphs.append(t(
            "Validation of {model}: ROC-AUC {roc_auc}, precision {precision}, recall {recall}, "
            "Brier score {brier} (predicting the churn rate for everyone scores {base}).",
            model=chosen, roc_auc=f"{metrics.roc_auc:.3f}", precision=f"{metrics.precision:.0%}",
            recall=f"{metrics.recall:.0%}", brier=f"{metrics.brier:.3f}",
            base=f"{metrics.brier_base:.3f}"))
    return paragraphs
