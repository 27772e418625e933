"""The recommendations report: each customer's top products from the active run, and why."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from engine.recommenders.names import model_title
from engine.reports.common import PDF_CUSTOMERS, ReportOptions, identity, local_time
from engine.reports.content import Chart, Column, KeyFigure, Report
from engine.reports.phrases import phrase

# The holdout figures worth showing a shop owner, in this order, where the run has them.
_FIGURES = (("hitrate@10", "Hit rate@10 (customers who bought one of their 10)", "percent"),
            ("precision@10", "Precision@10", "percent"), ("recall@10", "Recall@10", "percent"),
            ("ndcg@10", "NDCG@10", "decimal"), ("coverage", "Catalogue coverage", "percent"),
            ("rmse", "RMSE", "decimal"), ("mae", "MAE", "decimal"))
CHART_PRODUCTS = 10


def build_recommendations_report(run: Mapping[str, Any], recommended: pd.DataFrame,
                                 customers: pd.DataFrame, segments: pd.Series,
                                 spend: pd.Series, options: ReportOptions) -> Report:
    """`run`: the active model run (storage.queries.model_runs row); `recommended`: its rows
    (customer, rank, sku, product, category, reason); `segments` and `spend` by customer id.

    Customers who spent the most come first, so a printed or truncated list starts with them.
    """
    t = options.t
    frame = recommended.copy()
    frame["customer"] = frame["customer"].astype(str)
    frame["segment_name"] = frame["customer"].map(segments).fillna("No segment")
    frame["spend"] = frame["customer"].map(spend).fillna(0.0)
    if options.segment:
        frame = frame[frame["segment_name"] == options.segment]
    if options.top:
        frame = frame[frame["rank"] <= options.top]
    frame = frame.sort_values(["spend", "customer", "rank"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)
    frame["segment"] = [t(s) for s in frame["segment_name"]]
    frame["product"] = frame["product"].fillna(frame["sku"])
    frame["reason"] = [phrase(r, options.language) for r in frame["reason"]]
    chart_frame = frame.copy()
    frame, who = identity(frame, customers, options)
    columns = [
        *who,
        Column("segment", t("Segment"), width=18),
        Column("spend", t("Spend so far"), "money", 13),
        Column("rank", t("Rank"), "integer", 7),
        Column("sku", t("Product code"), width=13),
        Column("product", t("Product"), width=40),
    ]
    if frame["category"].notna().any():
        columns.append(Column("category", t("Category"), width=18))
    columns.append(Column("reason", t("Reason"), width=60))
    frame = frame[[c.key for c in columns]]

    model = model_title(run["model"], options.language)
    trained = local_time(run.get("finished_at"))
    metrics = run.get("metrics") or {}
    customers_listed = int(frame["customer"].nunique())
    figures = [
        KeyFigure(t("Model"), model),
        KeyFigure(t("Trained on"), trained.replace(tzinfo=None) if trained else None, "datetime"),
        KeyFigure(t("Customers listed"), customers_listed, "integer"),
        KeyFigure(t("Rows listed"), len(frame), "integer"),
        KeyFigure(t("Different products recommended"), int(chart_frame["sku"].nunique()),
                  "integer"),
        *[KeyFigure(t(label), float(metrics[key]), kind) for key, label, kind in _FIGURES
          if key in metrics],
    ]
    top = int(frame["rank"].max()) if len(frame) else 0
    shown_customers = min(customers_listed, PDF_CUSTOMERS["recommendations"])
    printable, printed = _printable(frame, who, shown_customers, options)
    note = (t("The {customers} customers who have spent the most, with their top {top} "
              "products. The full list is in the Excel or CSV export.",
              customers=shown_customers, top=top) if shown_customers < customers_listed
            else t("All {customers} customers, with their top {top} products.",
                   customers=customers_listed, top=top))
    return Report(
        kind="recommendations", language=options.language, title=t("Recommended products"),
        subtitle=t("For each customer, the products they are most likely to buy next, and why."),
        created=options.created, data_from=options.data_from, data_to=options.data_to,
        figures=figures, columns=columns, detail=frame, detail_sheet=t("Recommendations"),
        charts=_charts(chart_frame, options), method=_method(run, model, trained, options),
        notes=options.notes(), printable=printable, printable_columns=printed,
        printable_note=note)


def _printable(frame: pd.DataFrame, who: list[Column], customers: int,
               options: ReportOptions) -> tuple[pd.DataFrame, list[Column]]:
    """One row per customer, their products numbered in one cell: a row never splits across
    pages, so a customer's list is never separated from their name."""
    first = frame["customer"].drop_duplicates().head(customers)
    rows = frame[frame["customer"].isin(first)]
    items = [f"{rank}. {product}  —  {reason}" for rank, product, reason
             in zip(rows["rank"], rows["product"], rows["reason"], strict=True)]
    printable = (rows.assign(products=items)
                 .groupby("customer", sort=False)
                 .agg({**{c.key: "first" for c in who if c.key != "customer"},
                       "segment": "first", "products": "\n".join})
                 .reset_index())
    columns = [*who, Column("segment", options.t("Segment"), width=18),
               Column("products", options.t("Recommended products"), width=130)]
    return printable, columns


def _charts(frame: pd.DataFrame, options: ReportOptions) -> list[Chart]:
    t = options.t
    per_customer = frame.drop_duplicates(["customer", "sku"])
    products = per_customer.groupby("sku").agg(customers=("customer", "size"),
                                               product=("product", "first"))
    products = products.sort_values(["customers", "product"], ascending=[False, True],
                                    kind="stable").head(CHART_PRODUCTS)
    segments = frame.drop_duplicates("customer")["segment"].value_counts()
    return [
        Chart(t("Most recommended products"), [_short(p) for p in products["product"]],
              [float(v) for v in products["customers"]], "integer", t("Customers")),
        Chart(t("Customers listed by segment"), list(segments.index),
              [float(v) for v in segments.to_numpy()], "integer", t("Customers")),
    ]


def _short(text: str, limit: int = 34) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _holdout(split: Mapping[str, Any], options: ReportOptions) -> str:
    kind = split.get("kind")
    if kind == "last days":
        return options.t("the last {days} days of purchases", days=split.get("days"))
    if kind == "last basket":
        return options.t("each customer's last basket")
    return options.t("a random 20 % of ratings")


def _method(run: Mapping[str, Any], model: str, trained, options: ReportOptions) -> list[str]:
    t = options.t
    metrics = run.get("metrics") or {}
    seconds = run.get("fit_seconds")
    paragraphs = [t("Recommendations come from the model “{model}”, trained on {date} ({seconds} "
                    "s on {device}).", model=model,
                    date=f"{trained:%Y-%m-%d %H:%M}" if trained else "—",
                    seconds=f"{seconds:.1f}" if seconds is not None else "—",
                    device=run.get("device") or "—")]
    figures = ", ".join(f"{key} {metrics[key]:.3f}" for key, _, _ in _FIGURES if key in metrics)
    paragraphs.append(t("It was first measured on a holdout it never saw ({holdout}): "
                        "{figures}; then refitted on all the data.",
                        holdout=_holdout(run.get("split") or {}, options), figures=figures))
    paragraphs.append(t("Products already bought are not recommended again; non-product lines "
                        "(postage, fees) are left out."))
    return paragraphs
