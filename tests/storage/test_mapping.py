"""storage.mapping: presets recognised from real exports, header guesses, --map overrides."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from storage.errors import ImportProblem
from storage.mapping import (
    CUSTOMERS,
    EVENTS,
    FIELDS,
    ORDERS,
    PRESETS,
    PRODUCTS,
    guess_columns,
    resolve_mapping,
)
from storage.preview import preview_file
from storage.readers import read_table
from tests.storage.helpers import data_file, import_path, write


def header_frame(*columns: str, rows: list[list] | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows or [[""] * len(columns)], columns=list(columns), dtype=object)


# ---------------------------------------------------------------------------- presets

# preset → (real file under shared/data, kind, fields that must map to these columns)
REAL_PRESETS = {
    "online_retail": (("online-retail", "online_retail.csv"), ORDERS, {
        "order": "InvoiceNo", "sku": "StockCode", "product": "Description",
        "quantity": "Quantity", "date": "InvoiceDate", "price": "UnitPrice",
        "customer": "CustomerID", "country": "Country"}),
    "shopify_orders": (("exports", "shopify_orders_export_1.csv"), ORDERS, {
        "order": "Name", "customer": "Email", "date": "Created at",
        "quantity": "Lineitem quantity", "product": "Lineitem name", "price": "Lineitem price",
        "sku": "Lineitem sku"}),
    "shopify_products": (("exports", "shopify_products_export.csv"), PRODUCTS, {
        "product": "Title", "brand": "Vendor", "category": "Type", "price": "Variant Price"}),
    "woocommerce_products": (("exports", "woocommerce_sample_products.csv"), PRODUCTS, {
        "product": "Name", "category": "Categories"}),
    "rees46_events": (("clickstream-rees46", "2019-Oct_first17434.csv"), EVENTS, {
        "date": "event_time", "event": "event_type", "sku": "product_id",
        "customer": "user_id", "session": "user_session", "price": "price"}),
    "movielens_ratings": (("ml-100k", "u.data"), EVENTS, {
        "customer": "user id", "sku": "item id", "value": "rating", "date": "timestamp"}),
    "movielens_items": (("ml-100k", "u.item"), PRODUCTS, {
        "sku": "movie id", "product": "title", "category": "genres"}),
    "movielens_users": (("ml-100k", "u.user"), CUSTOMERS, {
        "customer": "user id", "age": "age", "gender": "gender", "zip": "zip code"}),
}

# Presets with no real file in shared/data: small files with the exporters' real headers.
WOO_ORDERS = (
    "Order Number,Order Status,Order Date,Billing First Name,Billing Last Name,"
    "Billing Email Address,Billing Country,Payment Method Title,Item #,Item Name,SKU,Quantity,"
    "Item Cost,Item Total\n"
    "1001,Completed,2024-03-01 10:15:00,Ann,Lee,ann@example.com,GB,Card,1,Beanie,WOO-BEANIE,2,"
    "18.00,36.00\n"
    "1002,Refunded,2024-03-02 11:00:00,Bob,Ray,bob@example.com,DE,PayPal,1,Hoodie,WOO-HOODIE,1,"
    "42.00,42.00\n")
REVIEWS = (
    '{"reviewerID": "A2SUAM1J3GNN3B", "asin": "0000013714", "reviewerName": "J. McDonald", '
    '"overall": 5.0, "unixReviewTime": "1252800000", "reviewText": "Great for beginners."}\n'
    '{"reviewerID": "A1HK2FQW6KXQB2", "asin": "0000013715", "overall": 4.0, '
    '"unixReviewTime": "1385596800", "reviewText": "Nice songs"}\n')


@pytest.mark.parametrize("preset", sorted(REAL_PRESETS))
def test_preset_is_recognised_from_the_real_export(preset):
    parts, kind, expected = REAL_PRESETS[preset]
    path = data_file(*parts)
    raw = read_table(path)
    mapping, frame = resolve_mapping(raw.frame, path.name)
    assert mapping.preset == preset
    assert mapping.kind == kind
    assert {k: mapping.columns.get(k) for k in expected} == expected
    assert set(mapping.columns.values()) <= set(frame.columns)


def test_woocommerce_orders_preset(tmp_path):
    raw = read_table(write(tmp_path, "orders-2024-03.csv", WOO_ORDERS))
    mapping, _ = resolve_mapping(raw.frame, "orders-2024-03.csv")
    assert mapping.preset == "woocommerce_orders"
    assert mapping.kind == ORDERS
    assert mapping.columns["order"] == "Order Number"
    assert mapping.columns["customer"] == "Billing Email Address"
    assert mapping.columns["product"] == "Item Name"
    assert mapping.columns["price"] == "Item Cost"
    assert mapping.columns["amount"] == "Item Total"


def test_amazon_reviews_preset(tmp_path):
    raw = read_table(write(tmp_path, "Musical_Instruments_5.json", REVIEWS))
    mapping, _ = resolve_mapping(raw.frame, "Musical_Instruments_5.json")
    assert mapping.preset == "amazon_reviews"
    assert mapping.kind == EVENTS
    assert mapping.constants == {"event": "rating"}
    assert mapping.columns == {"customer": "reviewerID", "sku": "asin", "value": "overall",
                               "date": "unixReviewTime", "text": "reviewText",
                               "name": "reviewerName"}


def test_every_preset_is_covered_here():
    assert set(PRESETS) == set(REAL_PRESETS) | {"woocommerce_orders", "amazon_reviews"}


def test_movielens_presets_need_the_movielens_file_name(tmp_path):
    # The same headerless tab layout under another name is not taken for u.data.
    raw = read_table(write(tmp_path, "ratings.tsv", "1\t10\t5\t881250949\n2\t20\t3\t881250950\n"))
    mapping, _ = resolve_mapping(raw.frame, "ratings.tsv", overrides={
        "customer": "1", "sku": "2", "value": "3", "date": "4"})
    assert mapping.preset == "generic"


# (real file, table, rows expected there after importing it; the counts are in DATA.md)
REAL_IMPORTS = [
    (("exports", "shopify_orders_export_1.csv"), "orders", 51),
    (("exports", "shopify_orders_export_1.csv"), "order_lines", 121),
    (("ml-100k", "u.user"), "customers", 943),
    (("exports", "woocommerce_sample_products.csv"), "products", 25),
    (("exports", "shopify_products_export.csv"), "products", 20),
]


@pytest.mark.parametrize(("parts", "table", "count"), REAL_IMPORTS,
                         ids=[f"{p[-1]}-{t}" for p, t, _ in REAL_IMPORTS])
def test_real_export_imports(engine, parts, table, count):
    result = import_path(engine, data_file(*parts))
    assert result.rows_rejected == 0
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one() == count


def test_shopify_order_times_keep_their_offset(engine):
    import_path(engine, data_file("exports", "shopify_orders_export_1.csv"))
    with engine.connect() as conn:
        offsets = conn.execute(text("SELECT DISTINCT utc_offset_minutes FROM orders")).all()
        first = conn.execute(text("SELECT MIN(placed_at) FROM orders")).scalar_one()
    assert offsets == [(-300,)]
    assert first.startswith("2025-12-06 ")


# ---------------------------------------------------------------------------- guessing


def test_chinese_headers():
    frame = header_frame("客户编号", "订单号", "商品名称", "数量", "单价", "金额", "下单时间")
    assert guess_columns(frame) == {"customer": "客户编号", "order": "订单号",
                                    "product": "商品名称", "quantity": "数量", "price": "单价",
                                    "amount": "金额", "date": "下单时间"}


def test_more_chinese_headers():
    frame = header_frame("会员ID", "交易时间", "商品编号", "购买数量", "实付金额", "行为类型")
    assert guess_columns(frame) == {"customer": "会员ID", "date": "交易时间", "sku": "商品编号",
                                    "quantity": "购买数量", "amount": "实付金额",
                                    "event": "行为类型"}


@pytest.mark.parametrize(("columns", "expected"), [
    (("Order ID", "Customer Email", "Product Name", "Qty", "Unit Price", "Line Total",
      "Order Date"),
     {"order": "Order ID", "email": "Customer Email", "customer": "Customer Email",
      "product": "Product Name", "quantity": "Qty", "price": "Unit Price",
      "amount": "Line Total", "date": "Order Date"}),
    (("Invoice Number", "Client", "Item", "Pieces", "Price Each", "Revenue", "Sale Date", "SKU",
      "Brand", "Country"),
     {"order": "Invoice Number", "customer": "Client", "product": "Item", "quantity": "Pieces",
      "price": "Price Each", "amount": "Revenue", "date": "Sale Date", "sku": "SKU",
      "brand": "Brand", "country": "Country"}),
    (("Transaction ID", "Buyer", "Timestamp", "Units", "Sales"),
     {"order": "Transaction ID", "customer": "Buyer", "date": "Timestamp", "quantity": "Units",
      "amount": "Sales"}),
])
def test_english_synonyms(columns, expected):
    assert guess_columns(header_frame(*columns)) == expected


def test_columns_guessed_from_content():
    frame = header_frame("a", "b", "c", "d", rows=[
        ["ann@example.com", "2024-01-02 10:00", "3", "12.50"],
        ["bob@example.com", "2024-01-03 11:00", "1", "9.99"]])
    assert guess_columns(frame) == {"email": "a", "customer": "a", "date": "b",
                                    "quantity": "c", "amount": "d"}


def test_chinese_file_imports_as_orders(engine, tmp_path):
    csv = ("客户编号,订单号,商品名称,数量,单价,金额,下单时间\n"
           "C001,SO1,绿茶,2,10,20,2024-01-02 10:00\n"
           "C002,SO2,红茶,1,15,15,2024-01-03 11:00\n")
    result = import_path(engine, write(tmp_path, "订单.csv", csv, "gb18030"))
    assert result.kind == ORDERS
    assert (result.orders, result.customers, result.products) == (2, 2, 2)
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM products ORDER BY name")).scalars().all()
    assert sorted(names) == sorted(["绿茶", "红茶"])


def test_generic_log_without_products_imports(engine, tmp_path):
    csv = ("customer,date,quantity,amount\n"
           "ann,2024-01-02,2,20.50\nbob,2024-01-03,1,15\nann,2024-01-05,3,9.99\n")
    result = import_path(engine, write(tmp_path, "till.csv", csv))
    assert result.preset == "generic"
    assert result.kind == ORDERS
    assert result.rows_imported == 3
    assert (result.customers, result.products, result.orders) == (2, 0, 3)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM products")).scalar_one() == 0
        lines = conn.execute(text(
            "SELECT product_id, quantity, amount, unit_price FROM order_lines "
            "ORDER BY source_row")).all()
    assert [tuple(r) for r in lines] == [(None, 2.0, 20.5, 10.25), (None, 1.0, 15.0, 15.0),
                                         (None, 3.0, 9.99, pytest.approx(3.33))]


# ---------------------------------------------------------------------------- --map overrides


CLIENT_FILE = ("customer,Client,Sold on,Total\n"
               "shop-a,K-1,2024-01-02,5.00\nshop-a,K-2,2024-01-03,6.00\n")


def test_map_override_wins_over_the_guess(engine, tmp_path):
    path = write(tmp_path, "clients.csv", CLIENT_FILE)
    raw = read_table(path)
    guessed, _ = resolve_mapping(raw.frame, path.name)
    assert guessed.columns["customer"] == "customer"
    mapping, _ = resolve_mapping(raw.frame, path.name, overrides={"customer": "Client"})
    assert mapping.columns["customer"] == "Client"
    result = import_path(engine, path, mapping={"customer": "Client"})
    assert result.mapping["customer"] == "Client"
    with engine.connect() as conn:
        ids = conn.execute(text("SELECT external_id FROM customers ORDER BY external_id"))
        assert ids.scalars().all() == ["K-1", "K-2"]


def test_map_override_by_column_number(tmp_path):
    raw = read_table(write(tmp_path, "c.csv", CLIENT_FILE))
    mapping, _ = resolve_mapping(raw.frame, "c.csv", overrides={"customer": "2"})
    assert mapping.columns["customer"] == "Client"


def test_map_override_makes_an_unmappable_file_usable(tmp_path):
    raw = read_table(write(tmp_path, "x.csv", "Kunde,Wann,Betrag\nK1,2024-01-02,5.50\n"
                                              "K2,2024-01-03,6.25\n"))
    mapping, _ = resolve_mapping(raw.frame, "x.csv", overrides={
        "customer": "Kunde", "date": "Wann", "amount": "Betrag"})
    assert mapping.kind == ORDERS
    assert mapping.columns == {"customer": "Kunde", "date": "Wann", "amount": "Betrag"}


def test_map_override_takes_the_column_away_from_a_guessed_field(engine, tmp_path):
    # Whole-number totals look like quantities to the content guess.
    path = write(tmp_path, "x.csv", "Kunde,Wann,Betrag\nK1,2024-01-02,5\nK2,2024-01-03,6\n")
    raw = read_table(path)
    mapping, _ = resolve_mapping(raw.frame, "x.csv", overrides={
        "customer": "Kunde", "date": "Wann", "amount": "Betrag"})
    assert mapping.columns == {"customer": "Kunde", "date": "Wann", "amount": "Betrag"}
    import_path(engine, path, mapping={"customer": "Kunde", "date": "Wann", "amount": "Betrag"})
    with engine.connect() as conn:
        lines = conn.execute(text("SELECT quantity, unit_price, amount FROM order_lines "
                                  "ORDER BY source_row")).all()
    assert [tuple(r) for r in lines] == [(1.0, 5.0, 5.0), (1.0, 6.0, 6.0)]


def test_unknown_field_names_the_fields(tmp_path):
    raw = read_table(write(tmp_path, "c.csv", CLIENT_FILE))
    with pytest.raises(ImportProblem) as info:
        resolve_mapping(raw.frame, "c.csv", overrides={"buyer": "Client"})
    message = str(info.value)
    assert message.startswith("c.csv: 'buyer' is not a field ShopSense knows.")
    assert f"Fields are: {', '.join(FIELDS)}." in message


def test_unknown_column_names_the_columns(engine, tmp_path):
    path = write(tmp_path, "c.csv", CLIENT_FILE)
    with pytest.raises(ImportProblem) as info:
        import_path(engine, path, mapping={"customer": "Kunde"})
    message = str(info.value)
    assert "c.csv: there is no column called 'Kunde'." in message
    assert "The columns are: customer, Client, Sold on, Total." in message


def test_unknown_preset_names_the_presets(tmp_path):
    raw = read_table(write(tmp_path, "c.csv", CLIENT_FILE))
    with pytest.raises(ImportProblem) as info:
        resolve_mapping(raw.frame, "c.csv", preset="magento")
    assert "there is no preset called 'magento'" in str(info.value)
    assert "shopify_orders" in str(info.value) and "generic" in str(info.value)


def test_wrong_preset_for_the_file(tmp_path):
    raw = read_table(write(tmp_path, "c.csv", CLIENT_FILE))
    with pytest.raises(ImportProblem, match="do not look like a Shopify orders export"):
        resolve_mapping(raw.frame, "c.csv", preset="shopify_orders")


def test_unmappable_columns_list_the_columns_and_mention_map(tmp_path):
    raw = read_table(write(tmp_path, "mystery.csv", "foo,bar,baz\nx,y,z\nq,r,s\n"))
    with pytest.raises(ImportProblem) as info:
        resolve_mapping(raw.frame, "mystery.csv")
    message = str(info.value)
    assert message.startswith("mystery.csv: ShopSense could not tell what this file holds")
    assert "columns in the file: foo, bar, baz" in message
    assert "--map" in message


def test_orders_without_customer_or_order_number_are_refused(tmp_path):
    raw = read_table(write(tmp_path, "o.csv", "Sold on,Total\n2024-01-02,5\n2024-01-03,6\n"))
    with pytest.raises(ImportProblem) as info:
        resolve_mapping(raw.frame, "o.csv")
    assert "a date, and a customer or an order number" in str(info.value)
    assert "date = 'Sold on'" in str(info.value)


def test_preview_of_a_mapping_with_a_problem_still_shows_the_whole_mapping():
    """The import wizard fills its drop-downs from this while the user puts the problem right."""
    path = data_file("exports", "shopify_orders_export_1.csv")
    detected = preview_file(path)
    preview = preview_file(path, preset=detected.preset, mapping={"date": ""})
    assert "a date, and a customer or an order number" in preview.problem
    assert preview.preset == "shopify_orders"
    assert preview.mapping == {k: v for k, v in detected.mapping.items() if k != "date"}
    assert preview.columns == detected.columns  # with the preset's derived status column


def test_amazon_reviews_with_integer_times_import(engine, tmp_path):
    path = write(tmp_path, "reviews.json", REVIEWS.replace('"1252800000"', "1252800000")
                 .replace('"1385596800"', "1385596800"))
    result = import_path(engine, path)
    assert result.events == 2
    with engine.connect() as conn:
        times = conn.execute(text("SELECT occurred_at FROM events ORDER BY source_row"))
        assert [t[:10] for t in times.scalars()] == ["2009-09-13", "2013-11-28"]
