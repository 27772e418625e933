"""What both reports share: options, customer identity columns, pseudonyms and segment names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from engine.customers.rfm import DEFAULT_SEGMENT_RULES, NO_SEGMENT
from engine.reports.content import Column
from engine.reports.safety import Pseudonyms
from engine.reports.text import translate

SEGMENTS = (*(rule.name for rule in DEFAULT_SEGMENT_RULES), NO_SEGMENT)
PDF_CUSTOMERS = {"churn": 50, "recommendations": 25}  # a few printed pages, not a phone book


class UnknownSegment(ValueError):
    """The segment named is not one of SEGMENTS; the message lists the valid ones."""


def find_segment(name: str) -> str:
    """The segment called `name` (English or Chinese, any case)."""
    wanted = name.strip().casefold()
    for segment in SEGMENTS:
        if wanted in (segment.casefold(), translate(segment, "zh_CN").casefold()):
            return segment
    raise UnknownSegment(f"there is no customer segment called '{name}'. Choose one of: "
                         + ", ".join(SEGMENTS) + ".")


@dataclass(frozen=True)
class ReportOptions:
    segment: str | None = None  # one of SEGMENTS (see find_segment)
    top: int | None = None
    language: str = "en"
    pseudonyms: Pseudonyms | None = None
    created: datetime = field(default_factory=lambda: datetime.now().astimezone())
    data_from: str | None = None
    data_to: str | None = None

    def t(self, text: str, **values: object) -> str:
        return translate(text, self.language, **values)

    def notes(self) -> list[str]:
        notes = []
        if self.segment:
            notes.append(self.t("Segment: {segment}", segment=self.t(self.segment)))
        if self.pseudonyms:
            notes.append(self.t("Customer identifiers, names and e-mails are replaced by "
                                "pseudonyms."))
        return notes


def identity(frame: pd.DataFrame, customers: pd.DataFrame, options: ReportOptions,
             ) -> tuple[pd.DataFrame, list[Column]]:
    """`frame` (with a `customer` column) with the customer's name and e-mail where the shop
    has them, all three pseudonymised when asked; and the columns to show for them."""
    known = customers.drop_duplicates("customer").set_index("customer")
    out = frame.copy()
    out["name"] = out["customer"].map(known["name"]) if len(known) else None
    out["email"] = out["customer"].map(known["email"]) if len(known) else None
    columns = [Column("customer", options.t("Customer"), width=14)]
    for key, title, width in (("name", "Name", 18), ("email", "E-mail", 30)):
        present = out[key].notna() & (out[key].astype(str).str.strip() != "")
        if present.any():
            columns.append(Column(key, options.t(title), width=width))
            if options.pseudonyms:
                make = getattr(options.pseudonyms, key)
                out[key] = [make(c) if has else None
                            for c, has in zip(out["customer"], present, strict=True)]
    if options.pseudonyms:
        out["customer"] = out["customer"].map(options.pseudonyms.customer)
    return out, columns


def local_time(stamp: object) -> datetime | None:
    """A stored naive-UTC time as the computer's local time."""
    if stamp is None or (isinstance(stamp, float) and pd.isna(stamp)):
        return None
    moment = pd.Timestamp(stamp)
    if moment.tzinfo is None:
        moment = moment.tz_localize("UTC")
    return moment.to_pydatetime().astimezone()
