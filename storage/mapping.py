"""Which column holds what: the fields ShopSense understands, presets for known exports, and a
guess from header names (English and Chinese) and from content for everything else."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from storage.errors import ImportProblem

ORDERS, EVENTS, PRODUCTS, CUSTOMERS = "orders", "events", "products", "customers"

# field → what it means (shown in the CLI help and the GUI's mapping drop-downs)
FIELDS: dict[str, str] = {
    "order": "order or invoice number",
    "customer": "customer id (or e-mail when that is all there is)",
    "email": "customer e-mail",
    "name": "customer name",
    "country": "country",
    "channel": "sales channel or store",
    "status": "order status (completed / cancelled / refunded)",
    "date": "date and time of the order or event",
    "sku": "product code / SKU",
    "product": "product name",
    "description": "product description",
    "category": "product category",
    "brand": "brand or vendor",
    "quantity": "quantity (negative for returns)",
    "price": "unit price",
    "amount": "line amount (quantity × price)",
    "event": "event type (view, cart, wishlist, search, purchase, rating)",
    "value": "rating or event value",
    "session": "browsing session",
    "visitor": "anonymous visitor id",
    "text": "review or comment text",
    "age": "customer age",
    "gender": "customer gender",
    "occupation": "customer occupation",
    "zip": "customer postcode",
}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "order": ("order", "orderid", "orderno", "ordernumber", "invoice", "invoiceno", "invoiceid",
              "invoicenumber", "receipt", "receiptno", "transaction", "transactionid", "订单",
              "订单号", "订单编号", "单号", "发票号", "交易号", "流水号"),
    "customer": ("customer", "customerid", "custid", "customerno", "customernumber", "client",
                 "clientid", "member", "memberid", "userid", "user", "buyer", "buyerid",
                 "reviewerid", "客户", "客户id", "客户编号", "客户号", "会员", "会员id", "会员号",
                 "会员编号", "用户", "用户id", "顾客", "买家", "买家id"),
    "email": ("email", "emailaddress", "mail", "customeremail", "billingemail", "邮箱",
              "电子邮件", "邮件"),
    "name": ("name", "customername", "fullname", "billingname", "clientname", "reviewername",
             "客户名称", "客户姓名", "姓名", "会员名", "买家姓名"),
    "country": ("country", "billingcountry", "countrycode", "国家", "地区"),
    "channel": ("channel", "store", "shop", "saleschannel", "source", "渠道", "门店", "店铺",
                "平台"),
    "status": ("status", "orderstatus", "financialstatus", "状态", "订单状态"),
    "date": ("date", "time", "datetime", "timestamp", "orderdate", "invoicedate", "createdat",
             "purchasedate", "eventtime", "transactiondate", "saledate", "日期", "时间",
             "下单时间", "订单日期", "购买日期", "交易时间", "交易日期", "付款时间", "创建时间"),
    "sku": ("sku", "productid", "itemid", "stockcode", "productcode", "itemcode", "article",
            "articleno", "asin", "variantsku", "lineitemsku", "商品编号", "商品id", "货号",
            "商品编码", "产品编号", "产品id", "条码"),
    "product": ("product", "productname", "item", "itemname", "title", "lineitemname",
                "商品", "商品名称", "商品名", "产品", "产品名称", "品名"),
    "description": ("description", "details", "productdescription", "描述", "商品描述"),
    "category": ("category", "categories", "categorycode", "producttype", "类别", "分类",
                 "品类", "类目", "商品类别"),
    "brand": ("brand", "vendor", "manufacturer", "品牌", "厂商"),
    "quantity": ("quantity", "qty", "units", "pieces", "lineitemquantity", "数量", "件数",
                 "购买数量"),
    "price": ("price", "unitprice", "itemprice", "lineitemprice", "priceeach", "单价", "价格",
              "售价"),
    "amount": ("amount", "total", "linetotal", "sales", "revenue", "subtotal", "itemtotal",
               "金额", "总额", "总价", "实付金额", "销售额", "小计", "支付金额"),
    "event": ("event", "eventtype", "action", "behavior", "behaviour", "eventname", "行为",
              "事件", "行为类型", "事件类型"),
    "value": ("rating", "score", "stars", "overall", "评分", "星级"),
    "session": ("session", "sessionid", "usersession", "会话", "会话id"),
    "visitor": ("visitor", "visitorid", "anonymousid", "cookie", "cookieid", "deviceid", "访客",
                "访客id"),
    "text": ("review", "reviewtext", "comment", "comments", "评论", "评价", "留言"),
    "age": ("age", "年龄"),
    "gender": ("gender", "sex", "性别"),
    "occupation": ("occupation", "job", "profession", "职业"),
    "zip": ("zip", "zipcode", "postcode", "postalcode", "邮编", "邮政编码"),
}


def _norm(header: str) -> str:
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]", "", header.lower())


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    kind: str
    # field → column, or a tuple of column names of which the first present one is used
    mapping: dict[str, str | tuple[str, ...]]
    matches: Callable[[list[str], str], bool]
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    constants: dict[str, str] = field(default_factory=dict)
    # identical rows are separate records (clicks in one second, line items added twice),
    # not duplicates of each other
    repeats_are_real: bool = False


@dataclass(frozen=True)
class Mapping:
    preset: str
    kind: str | None  # None only in a proposal that nothing says what the file holds
    columns: dict[str, str]  # field → column in the (prepared) frame
    constants: dict[str, str] = field(default_factory=dict)
    repeats_are_real: bool = False


# ---------------------------------------------------------------------------- preset helpers


def _has(*columns: str) -> Callable[[list[str], str], bool]:
    return lambda headers, _name: all(c in headers for c in columns)


def _online_retail_prepare(frame: pd.DataFrame) -> pd.DataFrame:
    invoice = frame["InvoiceNo"].astype(str).str.strip()
    frame = frame.copy()
    frame["Status (C invoices are cancellations)"] = invoice.str.upper().str.startswith("C").map(
        {True: "cancelled", False: "completed"})
    return frame


_SHOPIFY_LINE_COLUMNS = {"Name", "Email", "Created at", "Lineitem quantity", "Lineitem name",
                         "Lineitem price", "Lineitem compare at price", "Lineitem sku",
                         "Lineitem requires shipping", "Lineitem taxable",
                         "Lineitem fulfillment status", "Vendor", "Lineitem discount"}


def _shopify_orders_prepare(frame: pd.DataFrame) -> pd.DataFrame:
    # Shopify fills order-level columns only on the first row of each order: carry them down.
    frame = frame.copy()
    order_columns = [c for c in frame.columns if c not in _SHOPIFY_LINE_COLUMNS]
    blank = frame[order_columns].astype(str).apply(lambda s: s.str.strip()).replace("", pd.NA)
    frame[order_columns] = blank.groupby(frame["Name"]).transform("first").fillna("")
    cancelled = frame["Cancelled at"].astype(str).str.strip() != ""
    financial = frame["Financial Status"].astype(str).str.strip().str.lower()
    status = pd.Series("completed", index=frame.index)
    status[financial.isin(["refunded", "voided"])] = "refunded"
    status[cancelled] = "cancelled"
    frame["Status (Financial Status, Cancelled at)"] = status
    return frame


def _shopify_products_prepare(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    product_columns = ["Title", "Body (HTML)", "Vendor", "Type"]
    blank = frame[product_columns].astype(str).apply(lambda s: s.str.strip()).replace("", pd.NA)
    frame[product_columns] = blank.groupby(frame["Handle"]).transform("first").fillna("")
    sku = frame["Variant SKU"].astype(str).str.strip()
    frame["SKU (Variant SKU, else Handle)"] = sku.where(sku != "", frame["Handle"])
    frame["Description (text of Body)"] = _strip_html(frame["Body (HTML)"])
    return frame


def _woocommerce_products_prepare(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    sku = frame["SKU"].astype(str).str.strip()
    frame["SKU (else ID)"] = sku.where(sku != "", "woo-" + frame["ID"].astype(str).str.strip())
    text = frame["Description"].astype(str).str.strip()
    short = frame["Short description"].astype(str).str.strip()
    frame["Description (text)"] = _strip_html(text.where(text != "", short))
    regular = frame["Regular price"].astype(str).str.strip()
    sale = frame["Sale price"].astype(str).str.strip()
    frame["Price (sale, else regular)"] = sale.where(sale != "", regular)
    return frame


def _strip_html(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.replace(r"<[^>]+>", " ", regex=True)
    text = text.str.replace("&nbsp;", " ").str.replace("&amp;", "&")
    return text.str.replace(r"\s+", " ", regex=True).str.strip()


MOVIELENS_GENRES = ("unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
                    "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
                    "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western")
_ML_ITEM_COLUMNS = ("movie id", "title", "release date", "video release date", "IMDb URL",
                    *MOVIELENS_GENRES)


def _movielens_matches(file_stem: str, width: int) -> Callable[[list[str], str], bool]:
    def matches(headers: list[str], name: str) -> bool:
        return (name == f"u.{file_stem}" and len(headers) == width
                and headers[0] == "column 1")
    return matches


def _rename_columns(names: tuple[str, ...]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def prepare(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.set_axis(list(names), axis=1)
    return prepare


def _movielens_items_prepare(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.set_axis(list(_ML_ITEM_COLUMNS), axis=1)
    flags = frame[list(MOVIELENS_GENRES)].astype(str).apply(lambda s: s.str.strip() == "1")
    genres = flags.apply(lambda row: "|".join(g for g, on in zip(MOVIELENS_GENRES, row, strict=True)
                                              if on), axis=1)
    frame["genres"] = genres
    return frame


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("online_retail", "UCI Online Retail", ORDERS,
           {"order": "InvoiceNo", "sku": "StockCode", "product": "Description",
            "quantity": "Quantity", "date": "InvoiceDate", "price": "UnitPrice",
            "customer": "CustomerID", "country": "Country",
            "status": "Status (C invoices are cancellations)"},
           _has("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
                "CustomerID"),
           _online_retail_prepare),
    Preset("shopify_orders", "Shopify orders export", ORDERS,
           {"order": "Name", "customer": "Email", "email": "Email", "name": "Billing Name",
            "date": "Created at", "quantity": "Lineitem quantity", "product": "Lineitem name",
            "price": "Lineitem price", "sku": "Lineitem sku", "brand": "Vendor",
            "country": "Billing Country", "channel": "Source",
            "status": "Status (Financial Status, Cancelled at)"},
           _has("Name", "Email", "Financial Status", "Created at", "Lineitem quantity",
                "Lineitem name", "Lineitem price"),
           _shopify_orders_prepare,
           repeats_are_real=True),  # each row is a line item, even when two look alike
    Preset("shopify_products", "Shopify products export", PRODUCTS,
           {"sku": "SKU (Variant SKU, else Handle)", "product": "Title",
            "description": "Description (text of Body)", "brand": "Vendor", "category": "Type",
            "price": "Variant Price"},
           _has("Handle", "Title", "Body (HTML)", "Vendor", "Type", "Variant SKU",
                "Variant Price"),
           _shopify_products_prepare),
    Preset("woocommerce_orders", "WooCommerce orders export", ORDERS,
           {"order": ("Order Number", "Order ID"),
            "customer": ("Customer User ID", "Customer ID", "Email (Billing)",
                         "Billing Email Address", "Billing Email", "Customer Email"),
            "email": ("Email (Billing)", "Billing Email Address", "Billing Email",
                      "Customer Email"),
            "date": ("Order Date", "Date"), "status": ("Order Status", "Status"),
            "sku": ("SKU", "Item SKU"), "product": ("Item Name", "Product Name"),
            "quantity": ("Quantity", "Item Quantity", "Quantity (- Refund)", "Qty"),
            "price": ("Item Cost", "Item Price", "Cost"),
            "amount": ("Item Total", "Line Total", "Order Line Total"),
            "country": ("Country Code (Billing)", "Billing Country"),
            "channel": ("Payment Method Title", "Created Via")},
           lambda h, _n: (("Order Number" in h or "Order ID" in h)
                          and any("Billing" in c for c in h)
                          and any(c in h for c in ("Item Name", "Product Name", "Item #")))),
    Preset("woocommerce_products", "WooCommerce products export", PRODUCTS,
           {"sku": "SKU (else ID)", "product": "Name", "description": "Description (text)",
            "category": "Categories", "price": "Price (sale, else regular)"},
           _has("ID", "Type", "SKU", "Name", "Regular price", "Categories", "Short description"),
           _woocommerce_products_prepare),
    Preset("rees46_events", "REES46-style event log", EVENTS,
           {"date": "event_time", "event": "event_type", "sku": "product_id",
            "category": ("category_code", "category_id"), "brand": "brand", "price": "price",
            "customer": "user_id", "session": "user_session"},
           _has("event_time", "event_type", "product_id", "user_id"),
           repeats_are_real=True),
    Preset("movielens_ratings", "MovieLens ratings (u.data)", EVENTS,
           {"customer": "user id", "sku": "item id", "value": "rating", "date": "timestamp"},
           _movielens_matches("data", 4),
           _rename_columns(("user id", "item id", "rating", "timestamp")),
           constants={"event": "rating"}),
    Preset("movielens_items", "MovieLens movies (u.item)", PRODUCTS,
           {"sku": "movie id", "product": "title", "category": "genres"},
           _movielens_matches("item", 24), _movielens_items_prepare),
    Preset("movielens_users", "MovieLens users (u.user)", CUSTOMERS,
           {"customer": "user id", "age": "age", "gender": "gender",
            "occupation": "occupation", "zip": "zip code"},
           _movielens_matches("user", 5),
           _rename_columns(("user id", "age", "gender", "occupation", "zip code"))),
    Preset("amazon_reviews", "Amazon Reviews (JSON lines)", EVENTS,
           {"customer": "reviewerID", "sku": "asin", "value": "overall",
            "date": "unixReviewTime", "text": "reviewText", "name": "reviewerName"},
           _has("reviewerID", "asin", "overall", "unixReviewTime"),
           constants={"event": "rating"}),
)}
GENERIC = "generic"

REQUIRED = {
    ORDERS: "a date, and a customer or an order number",
    EVENTS: "a date, an event type, and a customer, visitor or session",
    PRODUCTS: "a product code or name",
    CUSTOMERS: "a customer id",
}


def detect_preset(headers: list[str], file_name: str) -> Preset | None:
    for preset in PRESETS.values():
        if preset.matches(headers, file_name):
            return preset
    return None


def resolve_mapping(frame: pd.DataFrame, file_name: str, *, preset: str | None = None,
                    overrides: dict[str, str] | None = None) -> tuple[Mapping, pd.DataFrame]:
    """The mapping to use and the frame it refers to (a preset may add derived columns)."""
    mapping, frame = propose_mapping(frame, file_name, preset=preset, overrides=overrides)
    check_mapping(mapping, frame, file_name)
    return mapping, frame


def propose_mapping(frame: pd.DataFrame, file_name: str, *, preset: str | None = None,
                    overrides: dict[str, str] | None = None) -> tuple[Mapping, pd.DataFrame]:
    """Like resolve_mapping, but also when the mapping lacks what an import needs (its kind is
    None when nothing says what the file holds): the import wizard shows it either way."""
    headers = list(frame.columns)
    overrides = dict(overrides or {})
    for key in overrides:
        if key not in FIELDS:
            raise ImportProblem(file_name, f"'{key}' is not a field ShopSense knows.",
                                hint=f"Fields are: {', '.join(FIELDS)}.")
    if preset is not None and preset != GENERIC and preset not in PRESETS:
        raise ImportProblem(file_name, f"there is no preset called '{preset}'.",
                            hint=f"Presets are: {', '.join([*PRESETS, GENERIC])}.")
    chosen = PRESETS.get(preset) if preset else detect_preset(headers, file_name)
    if chosen is not None:
        if chosen.prepare is not None:
            try:
                frame = chosen.prepare(frame)
            except (KeyError, ValueError) as exc:
                raise ImportProblem(
                    file_name, f"the columns do not look like a {chosen.title} file ({exc}).",
                    hint="Leave out --preset to let ShopSense recognise the file.") from exc
        columns = {}
        for key, column in chosen.mapping.items():
            options = column if isinstance(column, tuple) else (column,)
            found = next((c for c in options if c in frame.columns), None)
            if found is not None:
                columns[key] = found
        kind, constants, repeats = chosen.kind, dict(chosen.constants), chosen.repeats_are_real
        name = chosen.name
    else:
        columns = guess_columns(frame)
        kind, constants, repeats, name = _guess_kind(columns), {}, False, GENERIC
    for key, column in overrides.items():
        if not column:  # the user says the file does not hold this field
            columns.pop(key, None)
            continue
        found = _find_column(frame, column, file_name)
        # The user's word wins: a guess that used the same column for another field goes.
        for other in [k for k, c in columns.items() if c == found and k not in overrides]:
            del columns[other]
        columns[key] = found
    if name == GENERIC and overrides:
        kind = _guess_kind(columns)
    if name == GENERIC and kind == EVENTS and "event" not in columns and "value" in columns:
        constants["event"] = "rating"  # a log of customer, product and score is ratings
    return Mapping(name, kind, columns, constants, repeats), frame


def _find_column(frame: pd.DataFrame, column: str, file_name: str) -> str:
    if column in frame.columns:
        return column
    if column.isdigit() and 1 <= int(column) <= frame.shape[1]:
        return frame.columns[int(column) - 1]
    raise ImportProblem(file_name, f"there is no column called '{column}'.",
                        hint=f"The columns are: {', '.join(map(str, frame.columns))}.")


def guess_columns(frame: pd.DataFrame) -> dict[str, str]:
    """Guess field → column from header names, then from content for what is still missing."""
    columns: dict[str, str] = {}
    taken: set[str] = set()
    normalised = {c: _norm(str(c)) for c in frame.columns}
    for exact in (True, False):
        for key, synonyms in _SYNONYMS.items():
            if key in columns:
                continue
            for column, norm in normalised.items():
                if column in taken or not norm:
                    continue
                # Loose matching only with synonyms long enough not to hit by accident
                # (any Chinese word is specific enough).
                hit = norm in synonyms if exact else any(
                    s in norm for s in synonyms if len(s) >= 4 or not s.isascii())
                if hit:
                    columns[key] = column
                    taken.add(column)
                    break
    # A lone "description" or "name" column names the product in a file about products.
    about_products = {"sku", "price", "category", "brand"} & columns.keys()
    if "product" not in columns and about_products:
        for vague in ("name", "description"):
            if vague in columns and (vague == "name" or "sku" in columns):
                columns["product"] = columns.pop(vague)
                break
    _guess_from_content(frame, columns, taken)
    return columns


def _guess_from_content(frame: pd.DataFrame, columns: dict[str, str], taken: set[str]) -> None:
    from storage.parsing import parse_numbers  # local: parsing is heavier than mapping

    sample = frame.head(500)
    for column in frame.columns:
        if column in taken:
            continue
        text = sample[column].astype(str).str.strip()
        filled = text[text != ""]
        if filled.empty:
            continue
        if "email" not in columns and filled.str.contains(r"^[^@\s]+@[^@\s]+\.\w+$").mean() > 0.9:
            columns["email"] = column
        elif "date" not in columns and _looks_like_dates(filled):
            columns["date"] = column
        else:
            numbers = parse_numbers(filled)
            if numbers.bad.mean() > 0.1:
                continue
            values = numbers.values
            integral = (values.round() == values).mean() > 0.98
            if integral and "quantity" not in columns and values.abs().max() < 10_000 \
                    and filled.nunique() < 200:
                columns["quantity"] = column
            elif not integral and "amount" not in columns and "price" not in columns:
                columns["amount"] = column
            else:
                continue
        taken.add(column)
    if "customer" not in columns and "email" in columns:
        columns["customer"] = columns["email"]


def _looks_like_dates(values: pd.Series) -> bool:
    from storage.errors import AmbiguousDates
    from storage.parsing import parse_times

    if not values.str.contains(r"\d{1,4}[-/.年]\d{1,2}").mean() > 0.9:
        return False
    try:
        parsed = parse_times(values, column="", file="", dayfirst=None)
    except AmbiguousDates:
        return True
    return parsed.bad.mean() < 0.1


def _guess_kind(columns: dict[str, str]) -> str | None:
    if "event" in columns or ("value" in columns and not {"quantity", "price", "amount",
                                                          "order"} & columns.keys()):
        return EVENTS
    if "date" in columns:
        return ORDERS
    if "customer" in columns and not {"sku", "product"} & columns.keys():
        return CUSTOMERS
    if {"sku", "product"} & columns.keys():
        return PRODUCTS
    return None  # nothing says what the file holds


def check_mapping(mapping: Mapping, frame: pd.DataFrame, file_name: str) -> None:
    """Raise ImportProblem, saying what is missing, when `mapping` cannot import the file."""
    cols, consts = mapping.columns, mapping.constants
    if mapping.kind is None:
        raise ImportProblem(
            file_name, f"ShopSense could not tell what this file holds ({_found(cols)}; "
            f"columns in the file: {', '.join(map(str, frame.columns))}).", hint=_MAP_HINT)
    ok = {
        ORDERS: "date" in cols and ("customer" in cols or "order" in cols),
        EVENTS: "date" in cols and ("event" in cols or "event" in consts)
        and bool({"customer", "visitor", "session"} & cols.keys()),
        PRODUCTS: "sku" in cols or "product" in cols,
        CUSTOMERS: "customer" in cols,
    }[mapping.kind]
    if not ok:
        raise ImportProblem(
            file_name,
            f"ShopSense could not tell which columns hold {REQUIRED[mapping.kind]} "
            f"({_found(cols)}; columns in the file: {', '.join(map(str, frame.columns))}).",
            hint=_MAP_HINT)


_MAP_HINT = ("Say which column is which, e.g. --map customer=\"Client\" --map date=\"Sold on\" "
             "--map amount=\"Total\" (in the window: choose them in the import dialog).")


def _found(columns: dict[str, str]) -> str:
    return "recognised: " + (", ".join(f"{k} = '{v}'" for k, v in columns.items()) or "nothing")
