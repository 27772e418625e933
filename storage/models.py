"""The shop database schema (SQLAlchemy 2 typed models).

Every row that arrives from a file carries the id of its import, so an import can be undone, and
a 64-bit fingerprint of its normalised content, so that re-importing the same rows, or an export
that overlaps an earlier one, adds nothing twice.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class OrderStatus(enum.StrEnum):
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class EventKind(enum.StrEnum):
    VIEW = "view"
    CART = "cart"
    WISHLIST = "wishlist"
    SEARCH = "search"
    PURCHASE = "purchase"
    RATING = "rating"


class ImportStatus(enum.StrEnum):
    COMPLETED = "completed"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Store the readable value ("completed"), not the Python member name.
    return Enum(cls, name=name, values_callable=lambda e: [m.value for m in e],
                native_enum=False, validate_strings=True, length=20)


class Import(Base):
    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    file_size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    preset: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    mapping: Mapped[dict] = mapped_column(JSON)
    options: Mapped[dict] = mapped_column(JSON)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    returns: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ImportStatus] = mapped_column(_enum(ImportStatus, "import_status"))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(100))
    age: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(20))
    occupation: Mapped[str | None] = mapped_column(String(100))
    zip: Mapped[str | None] = mapped_column(String(20))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"))


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(300))
    brand: Mapped[str | None] = mapped_column(String(200))
    price: Mapped[float | None] = mapped_column(Float)
    # Postage, fees, discounts, manual adjustments: revenue, but never recommended.
    is_non_product: Mapped[bool] = mapped_column(Boolean, default=False)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"))


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The shop's order or invoice number; logs without one get "customer@time".
    order_key: Mapped[str] = mapped_column(String(200), unique=True)
    order_no: Mapped[str | None] = mapped_column(String(100))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    placed_at: Mapped[datetime] = mapped_column(DateTime, index=True, comment="UTC")
    utc_offset_minutes: Mapped[int | None] = mapped_column(
        Integer, comment="offset of the source time; NULL when the source named no zone")
    country: Mapped[str | None] = mapped_column(String(100))
    channel: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[OrderStatus] = mapped_column(_enum(OrderStatus, "order_status"))
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"),
                                           index=True)


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    # No index on product_id or import_id: analyses read whole tables, and each index
    # would cost about a second per 500k imported lines.
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    quantity: Mapped[float | None] = mapped_column(Float, comment="negative for returns")
    unit_price: Mapped[float | None] = mapped_column(Float)
    amount: Mapped[float | None] = mapped_column(Float)
    is_return: Mapped[bool] = mapped_column(Boolean, default=False)
    is_non_product: Mapped[bool] = mapped_column(Boolean, default=False)
    source_row: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[int] = mapped_column(BigInteger, unique=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    visitor_id: Mapped[str | None] = mapped_column(String(200))
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "event_kind"))
    value: Mapped[float | None] = mapped_column(Float)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, comment="UTC")
    utc_offset_minutes: Mapped[int | None] = mapped_column(Integer)
    session: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)
    source_row: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[int] = mapped_column(BigInteger, unique=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"),
                                           index=True)

    __table_args__ = (Index("ix_events_occurred_at", "occurred_at"),)


class ImportClaim(Base):
    """A row an import found already in the database, brought by an earlier overlapping file.

    Undoing the earlier import hands such rows to the claiming import instead of deleting them,
    so the database always holds everything in the files whose imports remain."""

    __tablename__ = "import_claims"

    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"),
                                           primary_key=True)
    table_name: Mapped[str] = mapped_column(String(20), primary_key=True)
    row_id: Mapped[int] = mapped_column(Integer, primary_key=True)

    __table_args__ = (Index("ix_import_claims_row", "table_name", "row_id"),)


class RejectedRow(Base):
    __tablename__ = "rejected_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"),
                                           index=True)
    row_number: Mapped[int] = mapped_column(Integer, comment="as the user sees it in the file")
    column: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[dict] = mapped_column(JSON)


class ModelRun(Base):
    """One training run: what was trained, how, on what device, and how well it did."""

    __tablename__ = "model_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON)
    device: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), comment="completed / cancelled / failed")
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    fit_seconds: Mapped[float | None] = mapped_column(Float)
    split: Mapped[dict] = mapped_column(JSON, comment="how the holdout was made, and its sizes")
    metrics: Mapped[dict] = mapped_column(JSON)
    curves: Mapped[list] = mapped_column(JSON, comment="per epoch: train and validation loss")
    model_path: Mapped[str | None] = mapped_column(String(1000))
    # The run whose recommendations the app shows; one per shop.
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)


class Recommendation(Base):
    """A customer's top-N products from one run, with a short reason for each."""

    __tablename__ = "recommendations"

    run_id: Mapped[int] = mapped_column(ForeignKey("model_runs.id", ondelete="CASCADE"),
                                        primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"),
                                             primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(300))
