"""Import one file into the shop database: all of it or none of it.

The work is a generator (HOUSE_STYLE §2): it yields Progress often, and closing it at any yield
rolls the transaction back, so a cancelled or failed import leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import zoneinfo
from collections.abc import Generator, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, select

from storage.errors import ImportProblem
from storage.fingerprint import fingerprints, iter_fingerprints
from storage.mapping import CUSTOMERS, EVENTS, ORDERS, PRODUCTS, Mapping, resolve_mapping
from storage.models import Import, ImportStatus
from storage.normalize import Normalized, normalize
from storage.progress import Progress
from storage.readers import iter_read_table

log = logging.getLogger(__name__)

CHUNK = 25_000  # rows per insert batch: ~0.1 s between progress reports
# More rejected rows than this share means the mapping or the date order is wrong, not the data.
MAX_REJECTED_SHARE = 0.5
_FINGERPRINT_KEY = "shopsense-rows-1"  # changing it would make old and new rows look different
_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # what SQLAlchemy's SQLite DateTime reads back


@dataclass(frozen=True)
class ImportOptions:
    preset: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    dayfirst: bool | None = None
    decimal_comma: bool | None = None  # None: decided from the data
    sheet: str | None = None
    timezone: str | None = None


@dataclass
class ImportResult:
    file: str
    import_id: int | None
    preset: str
    kind: str
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    duplicates: int = 0
    duplicates_in_file: int = 0
    already_in_database: int = 0
    returns: int = 0
    customers: int = 0
    products: int = 0
    orders: int = 0
    events: int = 0
    new_customers: int = 0
    new_products: int = 0
    new_orders: int = 0
    seconds: float = 0.0
    already_imported: bool = False
    mapping: dict[str, str] = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    rejected_examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _check_timezone(name: str | None) -> None:
    if name is None:
        return
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImportProblem("--timezone", f"'{name}' is not a time zone ShopSense knows.",
                            hint="Use a name such as Europe/London, Asia/Shanghai or "
                                 "America/New_York.") from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(engine: Engine, path: Path | str, options: ImportOptions | None = None,
                ) -> Generator[Progress, None, ImportResult]:
    """Import `path`; raises ImportProblem (with nothing written) when the file cannot be used."""
    options = options or ImportOptions()
    path = Path(path)
    _check_timezone(options.timezone)
    started = time.perf_counter()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    name = path.name
    if path.is_dir():
        raise ImportProblem(name, "this is a folder, not a file.",
                            hint="Import the files inside it instead.")
    if not path.is_file():
        raise ImportProblem(name, "the file does not exist.", hint="Check the path and try again.")
    yield Progress(0, 0, f"Opening {name}")
    sha = file_sha256(path)
    with engine.connect() as conn:
        previous = conn.execute(select(Import.id, Import.preset, Import.kind).where(
            Import.sha256 == sha, Import.status == ImportStatus.COMPLETED)).first()
    if previous is not None:
        yield Progress(1, 1, f"{name} was imported before (import {previous.id}); nothing to add")
        return ImportResult(name, previous.id, previous.preset, previous.kind,
                            already_imported=True, seconds=time.perf_counter() - started)

    raw = yield from iter_read_table(path, sheet=options.sheet)
    mapping, frame = resolve_mapping(raw.frame, name, preset=options.preset,
                                     overrides=options.mapping)
    norm = yield from _steps(normalize(frame, raw.source_rows, mapping, file=name,
                                       dayfirst=options.dayfirst, timezone=options.timezone,
                                       decimal_comma=options.decimal_comma),
                             f"Checking {len(frame):,} rows of {name}")
    rows_read = len(frame) + len(raw.rejected)
    result = ImportResult(name, None, mapping.preset, mapping.kind, rows_read=rows_read,
                          mapping=dict(mapping.columns),
                          details={"reader": raw.info, "decimal_comma": norm.decimal_comma,
                                   "date_format": norm.date_format})
    rejected = _rejected_records(raw, frame, norm)
    _fail_if_mostly_rejected(name, rows_read, rejected)
    usable = norm.rows[norm.reasons.isna()]
    if not mapping.repeats_are_real and mapping.kind in (ORDERS, EVENTS):
        # An exact duplicate repeats every cell of another row of the file; clickstreams repeat
        # rows for real (two clicks in one second), so their presets keep them.
        raw_prints = yield from _steps(iter_fingerprints(raw.frame, list(raw.frame.columns)),
                                       f"Looking for repeated rows in {name}")
        repeated = pd.Series(pd.Series(raw_prints, index=raw.frame.index).duplicated(),
                             index=frame.index)
        result.duplicates_in_file = int(repeated[usable.index].sum())
        usable = usable[~repeated[usable.index]]

    with engine.begin() as conn:
        import_id = _insert_import(conn, path, sha, mapping, options, result, started_at)
        result.import_id = import_id
        if mapping.kind == ORDERS:
            yield from _import_orders(conn, usable, mapping, import_id, result)
        elif mapping.kind == EVENTS:
            yield from _import_events(conn, usable, mapping, import_id, result)
        elif mapping.kind == PRODUCTS:
            _import_products_file(conn, usable, import_id, result)
        elif mapping.kind == CUSTOMERS:
            _import_customers_file(conn, usable, import_id, result)
        _insert_rejected(conn, import_id, rejected)
        result.rows_rejected = len(rejected)
        result.duplicates = result.duplicates_in_file + result.already_in_database
        result.rejected_examples = [f"row {r}: {why}" for r, _c, why, _raw in rejected[:5]]
        result.seconds = time.perf_counter() - started
        _finish_import(conn, import_id, result)
        yield Progress(1, 1, f"Saving {name}")
    result.seconds = time.perf_counter() - started
    log.info("imported %s: %s", name, json.dumps({k: v for k, v in result.to_dict().items()
                                                  if isinstance(v, int | float)}))
    return result


def _steps(job: Generator[str, None, object], message: str) -> Generator[Progress, None, object]:
    """Relay a pure step generator (it yields the name of each step done) as Progress."""
    while True:
        try:
            done = next(job)
        except StopIteration as stop:
            return stop.value
        yield Progress(0, 0, f"{message}: {done}")


# ---------------------------------------------------------------------------- bookkeeping


def _rejected_records(raw, frame: pd.DataFrame, norm: Normalized,
                      ) -> list[tuple[int, str | None, str, dict]]:
    records = [(row, None, f"the row {why}", values) for row, why, values in raw.rejected]
    bad = norm.reasons.notna()
    if bad.any():
        source = norm.rows.loc[bad, "source_row"].to_numpy()
        raw_values = frame.loc[bad].astype(str).to_dict("records")
        for row, column, why, values in zip(source, norm.reason_columns[bad], norm.reasons[bad],
                                            raw_values, strict=True):
            records.append((int(row), column, why, values))
    records.sort(key=lambda r: r[0])
    return records


def _fail_if_mostly_rejected(name: str, rows_read: int, rejected: list) -> None:
    if rows_read and len(rejected) > MAX_REJECTED_SHARE * rows_read:
        row, column, why, _values = rejected[0]
        raise ImportProblem(
            name, f"{len(rejected):,} of {rows_read:,} rows cannot be used (first: row {row}"
            f"{f', column {column!r}' if column else ''} {why}).",
            hint="Check which column is which (--map field=column), and the date order "
                 "(--dayfirst or --monthfirst). Nothing was imported.")


def _insert_import(conn: Connection, path: Path, sha: str, mapping: Mapping,
                   options: ImportOptions, result: ImportResult, started_at: datetime) -> int:
    values = {
        "file_name": str(path.resolve()), "file_size": path.stat().st_size, "sha256": sha,
        "preset": mapping.preset, "kind": mapping.kind,
        "mapping": {"columns": mapping.columns, "constants": mapping.constants},
        "options": {"dayfirst": options.dayfirst, "sheet": options.sheet,
                    "timezone": options.timezone, **result.details},
        "rows_read": result.rows_read, "rows_imported": 0, "rows_rejected": 0, "duplicates": 0,
        "returns": 0, "status": ImportStatus.COMPLETED, "started_at": started_at,
    }
    return conn.execute(Import.__table__.insert().values(**values)).inserted_primary_key[0]


def _finish_import(conn: Connection, import_id: int, result: ImportResult) -> None:
    conn.execute(Import.__table__.update().where(Import.id == import_id).values(
        rows_imported=result.rows_imported, rows_rejected=result.rows_rejected,
        duplicates=result.duplicates, returns=result.returns,
        finished_at=datetime.now(UTC).replace(tzinfo=None)))


def _insert_rejected(conn: Connection, import_id: int, rejected: list) -> None:
    rows = [(import_id, row, column, why, json.dumps(values, ensure_ascii=False))
            for row, column, why, values in rejected]
    for start in range(0, len(rows), CHUNK):
        _executemany(
            conn, "INSERT INTO rejected_rows (import_id, row_number, column, reason, raw) "
            "VALUES (?, ?, ?, ?, ?)", rows[start:start + CHUNK])


# ---------------------------------------------------------------------------- helpers


def _executemany(conn: Connection, sql: str, rows: list[tuple]) -> None:
    if rows:  # sqlite3 reads an empty list as one statement with no parameters
        conn.exec_driver_sql(sql, rows)


def _insert_in_chunks(conn: Connection, table: str, frame: pd.DataFrame, import_id: int,
                      what: str) -> Generator[Progress, None, None]:
    columns = list(frame.columns)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}, import_id) "
           f"VALUES ({', '.join('?' * (len(columns) + 1))})")
    for start in range(0, len(frame), CHUNK):
        chunk = frame.iloc[start:start + CHUNK]
        _executemany(conn, sql, [(*r, import_id) for r in _rows(chunk, columns)])
        done = start + len(chunk)
        yield Progress(done, len(frame), f"Saved {done:,} of {len(frame):,} {what}")


def _existing(conn: Connection, table: str) -> tuple[np.ndarray, np.ndarray]:
    """(fingerprints, ids) of every row of `table`, sorted by fingerprint."""
    rows = conn.exec_driver_sql(f"SELECT fingerprint, id FROM {table}").fetchall()
    # Unpack the rows first: numpy would probe each SQLAlchemy Row as a mapping (slow).
    pairs = np.array([(fingerprint, row_id) for fingerprint, row_id in rows],
                     dtype=np.int64).reshape(-1, 2)
    pairs = pairs[np.argsort(pairs[:, 0], kind="stable")]
    return pairs[:, 0], pairs[:, 1]


def _claim(conn: Connection, import_id: int, table: str, row_ids) -> None:
    _executemany(conn, "INSERT OR IGNORE INTO import_claims (import_id, table_name, row_id) "
                       "VALUES (?, ?, ?)", [(import_id, table, int(i)) for i in row_ids])


def _db_values(series: pd.Series) -> list:
    """A column as a list of values sqlite3 accepts, with None for missing."""
    if pd.api.types.is_datetime64_any_dtype(series):
        text = series.dt.strftime(_DATETIME_FORMAT)
        return text.where(series.notna(), None).tolist()
    if pd.api.types.is_bool_dtype(series):
        return series.astype(int).tolist()
    if pd.api.types.is_float_dtype(series):
        values = series.to_numpy(dtype=object)
        values[series.isna().to_numpy()] = None
        return values.tolist()
    return series.astype(object).where(series.notna(), None).tolist()


def _lookup(keys: pd.Series, ids: dict) -> pd.Series:
    """Database ids for a categorical column of keys (None where the key is missing)."""
    if not isinstance(keys.dtype, pd.CategoricalDtype):
        keys = keys.astype("category")
    codes = keys.cat.codes.to_numpy()
    table = np.array([ids.get(k) for k in keys.cat.categories] + [None], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(table) - 1, codes)], index=keys.index)


def _rows(frame: pd.DataFrame, columns: Iterable[str]) -> list[tuple]:
    return list(zip(*(_db_values(frame[c]) for c in columns), strict=True))


def _first_values(frame: pd.DataFrame, key: str, fields: list[str]) -> pd.DataFrame:
    """Per key, the first non-missing value of each field (files often fill fields sparsely)."""
    present = [f for f in fields if f in frame.columns]
    return frame[[key, *present]].groupby(key, sort=False, observed=True).first().reset_index()


def _upsert(conn: Connection, table: str, key_column: str, attrs: pd.DataFrame, key: str,
            columns: dict[str, str], import_id: int, *, authoritative: bool) -> tuple[dict, int]:
    """Insert rows whose key is new; fill in (or, from a catalogue, overwrite) attributes of the
    rest. Returns key → id for every key in `attrs` and the number of new rows."""
    known = dict(conn.exec_driver_sql(f"SELECT {key_column}, id FROM {table}").fetchall())
    present = {f: c for f, c in columns.items() if f in attrs.columns}
    is_new = ~attrs[key].isin(known.keys())
    new = attrs[is_new]
    if len(new):
        names = [key_column, *present.values(), "import_id"]
        placeholders = ", ".join("?" * len(names))
        new_rows = [(*r, import_id) for r in _rows(new, [key, *present])]
        _executemany(conn, f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})",
                     new_rows)
    old = attrs[~is_new]
    if authoritative:  # a catalogue or customer list vouches for these rows too
        _claim(conn, import_id, table, [known[k] for k in old[key]])
    if len(old) and present:
        # A catalogue or customer list is the authority on names and prices; an order file only
        # fills in what is still unknown.
        assign = ", ".join(f"{c} = COALESCE(?, {c})" if authoritative else f"{c} = COALESCE({c}, ?)"
                           for c in present.values())
        _executemany(conn, f"UPDATE {table} SET {assign} WHERE {key_column} = ?",
                     [(*r[1:], r[0]) for r in _rows(old, [key, *present])])
    if len(new):
        known = dict(conn.exec_driver_sql(f"SELECT {key_column}, id FROM {table}").fetchall())
    return known, int(is_new.sum())


_CUSTOMER_COLUMNS = {"name": "name", "email": "email", "country": "country", "age": "age",
                     "gender": "gender", "occupation": "occupation", "zip": "zip"}
_PRODUCT_COLUMNS = {"product": "name", "description": "description", "category": "category",
                    "brand": "brand", "price": "price", "is_non_product": "is_non_product"}


def _customers(conn: Connection, rows: pd.DataFrame, import_id: int, result: ImportResult, *,
               authoritative: bool = False) -> dict:
    if "customer" not in rows.columns or rows["customer"].isna().all():
        return {}
    attrs = _first_values(rows[rows["customer"].notna()], "customer", list(_CUSTOMER_COLUMNS))
    if "age" in attrs:
        attrs["age"] = attrs["age"].round().astype("Int64").astype(object)
    ids, created = _upsert(conn, "customers", "external_id", attrs, "customer",
                           _CUSTOMER_COLUMNS, import_id, authoritative=authoritative)
    result.customers = len(attrs)
    result.new_customers = created
    return ids


def _products(conn: Connection, rows: pd.DataFrame, import_id: int, result: ImportResult, *,
              authoritative: bool = False) -> dict:
    if "product_key" not in rows.columns or rows["product_key"].isna().all():
        return {}
    known = rows[rows["product_key"].notna()]
    attrs = _first_values(known, "product_key", list(_PRODUCT_COLUMNS))
    if "product" in known.columns and not authoritative:
        # The name most lines give: stock adjustments reuse a product's code with a note
        # ("mailout", "damages") as its description, and may come first.
        named = known.loc[known["product"].notna(), ["product_key", "product"]]
        counts = named.groupby(["product_key", "product"], observed=True).size()
        usual = counts.sort_values(ascending=False, kind="stable").reset_index()
        usual = usual.drop_duplicates("product_key").set_index("product_key")["product"]
        attrs["product"] = attrs["product_key"].astype(object).map(usual).astype(object)
    if "price" in known.columns and not authoritative:
        # The usual selling price, not whatever the first line happened to charge.
        positive = known[known["price"] > 0]
        typical = positive.groupby("product_key", observed=True)["price"].median()
        attrs["price"] = attrs["product_key"].astype(object).map(typical).astype("float64")
    ids, created = _upsert(conn, "products", "sku", attrs, "product_key", _PRODUCT_COLUMNS,
                           import_id, authoritative=authoritative)
    result.products = len(attrs)
    result.new_products = created
    return ids


# ---------------------------------------------------------------------------- kinds of file


def _new_rows(conn: Connection, rows: pd.DataFrame, table: str, import_id: int,
              result: ImportResult, identity: list[str],
              ) -> Generator[Progress, None, pd.DataFrame]:
    """The rows not yet in `table`, each with its fingerprint; rows already there are claimed.

    Rows alike in every identifying field (two identical line items, two clicks in one second)
    are numbered, so each is kept, and the nth one in an overlapping export matches the nth
    here."""
    rows = rows.copy()
    base = yield from _steps(iter_fingerprints(rows, identity),
                             f"Comparing {result.file} with what is already saved")
    base = pd.Series(base, index=rows.index)
    rows["occurrence"] = base.groupby(base, sort=False).cumcount()
    rows["fingerprint"] = fingerprints(rows[["occurrence"]].assign(base=base),
                                       ["base", "occurrence"])
    known, ids = _existing(conn, table)
    prints = rows["fingerprint"].to_numpy()
    at = np.minimum(np.searchsorted(known, prints), max(len(known) - 1, 0))
    in_db = (known[at] == prints) if len(known) else np.zeros(len(rows), dtype=bool)
    _claim(conn, import_id, table, ids[at[in_db]])
    result.already_in_database = int(in_db.sum())
    return rows[~in_db]


def _import_orders(conn: Connection, rows: pd.DataFrame, mapping: Mapping, import_id: int,
                   result: ImportResult) -> Generator[Progress, None, None]:
    # Order-level fields that a later export may change (status, channel) stay out of a
    # line's identity: a refund must update the order, not add its lines again.
    all_rows = rows
    rows = yield from _new_rows(conn, rows, "order_lines", import_id, result, [
        "order_key", "customer", "product_key", "quantity", "price", "amount", "date"])
    yield Progress(0, max(1, len(rows)), f"Saving customers and products from {result.file}")
    customer_ids = _customers(conn, rows, import_id, result)
    yield Progress(0, max(1, len(rows)), f"Saving products from {result.file}")
    product_ids = _products(conn, rows, import_id, result)
    yield Progress(0, max(1, len(rows)), f"Saving orders from {result.file}")

    known = dict(conn.exec_driver_sql("SELECT order_key, id FROM orders").fetchall())
    _update_order_status(conn, all_rows, known)
    orders = rows.groupby("order_key", sort=False, observed=True).first().reset_index()
    orders["customer_id"] = _lookup(orders["customer"], customer_ids) if customer_ids else None
    new_orders = orders[~orders["order_key"].isin(known.keys())]
    for name in ("order", "country", "channel"):
        if name not in new_orders.columns:
            new_orders = new_orders.assign(**{name: None})
    _executemany(
        conn, "INSERT INTO orders (order_key, order_no, customer_id, placed_at, "
        "utc_offset_minutes, country, channel, status, import_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r, import_id) for r in _rows(new_orders, ["order_key", "order", "customer_id", "date",
                                                      "offset", "country", "channel", "status"])])
    result.orders = len(orders)
    result.new_orders = len(new_orders)
    order_ids = dict(conn.exec_driver_sql("SELECT order_key, id FROM orders").fetchall())
    yield Progress(0, max(1, len(rows)), f"Saving lines from {result.file}")

    lines = pd.DataFrame({
        "order_id": _lookup(rows["order_key"], order_ids),
        "product_id": _lookup(rows["product_key"], product_ids) if product_ids else None,
        "quantity": rows["quantity"], "unit_price": rows["price"], "amount": rows["amount"],
        "is_return": rows["quantity"] < 0,
        "is_non_product": rows.get("is_non_product", pd.Series(False, index=rows.index)),
        "source_row": rows["source_row"], "fingerprint": rows["fingerprint"],
    })
    yield from _insert_in_chunks(conn, "order_lines", lines, import_id,
                                 f"lines from {result.file}")
    result.rows_imported = len(lines)
    result.returns = int(lines["is_return"].sum())


def _update_order_status(conn: Connection, rows: pd.DataFrame, known: dict) -> None:
    """A later export that says an order was cancelled or refunded updates that order."""
    if "status" not in rows.columns:
        return
    status = rows.groupby("order_key", sort=False, observed=True)["status"].first()
    changed = status[(status != "completed") & status.index.isin(known.keys())]
    _executemany(conn, "UPDATE orders SET status = ? WHERE id = ? AND status = 'completed'",
                 [(value, known[key]) for key, value in changed.items()])


def _import_events(conn: Connection, rows: pd.DataFrame, mapping: Mapping, import_id: int,
                   result: ImportResult) -> Generator[Progress, None, None]:
    rows = yield from _new_rows(conn, rows, "events", import_id, result, [
        "customer", "visitor", "session", "product_key", "event", "value", "date", "text"])
    customer_ids = _customers(conn, rows, import_id, result)
    product_ids = _products(conn, rows, import_id, result)
    events = pd.DataFrame({
        "customer_id": _lookup(rows["customer"], customer_ids) if customer_ids else None,
        "visitor_id": rows.get("visitor"),
        "product_id": _lookup(rows["product_key"], product_ids) if product_ids else None,
        "kind": rows["event"], "value": rows["value"], "occurred_at": rows["date"],
        "utc_offset_minutes": rows["offset"], "session": rows.get("session"),
        "text": rows.get("text"), "source_row": rows["source_row"],
        "fingerprint": rows["fingerprint"],
    }, index=rows.index)
    yield from _insert_in_chunks(conn, "events", events, import_id, f"events from {result.file}")
    result.rows_imported = len(events)
    result.events = len(events)


def _import_products_file(conn: Connection, rows: pd.DataFrame, import_id: int,
                          result: ImportResult) -> None:
    if "sku" not in rows.columns:
        rows = _match_products_by_name(conn, rows)
    repeated = rows["product_key"].duplicated()
    result.duplicates_in_file = int(repeated.sum())
    _products(conn, rows, import_id, result, authoritative=True)
    result.rows_imported = int((~repeated).sum())


def _match_products_by_name(conn: Connection, rows: pd.DataFrame) -> pd.DataFrame:
    """A catalogue without codes enriches the products already known under the same name."""
    by_name = {}
    for sku, name in conn.exec_driver_sql("SELECT sku, name FROM products WHERE name IS NOT NULL"):
        by_name.setdefault(_name_key(name), sku)
    names = rows["product"].astype(object)
    matched = names.map(lambda n: by_name.get(_name_key(n)) if isinstance(n, str) else None)
    rows = rows.copy()
    rows["product_key"] = matched.fillna(names).astype("category")
    return rows


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _import_customers_file(conn: Connection, rows: pd.DataFrame, import_id: int,
                           result: ImportResult) -> None:
    repeated = rows["customer"].duplicated()
    result.duplicates_in_file = int(repeated.sum())
    _customers(conn, rows, import_id, result, authoritative=True)
    result.rows_imported = int((~repeated).sum())
