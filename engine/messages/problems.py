"""Problems a user can fix (engine.jobs.user_problems) in Simplified Chinese, sentence by sentence:
an ImportProblem's problem and hint (its "file, row, column: " lead is matching's), the reasons
rows were rejected, and the messages of NotEnoughData, NotEnoughHistory, UnknownCustomer,
DeviceUnavailable and UnknownSegment."""

from __future__ import annotations

_DAY = r"\d{4}-\d{2}-\d{2}"
_COUNT = r"[\d,]+"
_QUOTED = r"'(?P<value>.*)'"

FIXED: dict[str, str] = {
    # storage.importer
    "Use a name such as Europe/London, Asia/Shanghai or America/New_York.":
        "请使用 Europe/London、Asia/Shanghai 或 America/New_York 这样的名称。",
    "this is a folder, not a file.": "这是一个文件夹，不是文件。",
    "Import the files inside it instead.": "请改为导入其中的文件。",
    "the file does not exist.": "文件不存在。",
    "Check the path and try again.": "请检查路径后重试。",
    "Check which column is which (--map field=column), and the date order (--dayfirst or "
    "--monthfirst).": "请检查各列分别是什么（--map field=column），以及日期的顺序（--dayfirst 或 "
                      "--monthfirst）。",
    "Nothing was imported.": "没有导入任何内容。",
    # storage.readers
    "the file is empty.": "文件是空的。",
    "Export the data again from your shop system and import it.":
        "请从店铺系统重新导出数据，再导入。",
    "the file has a header but no data rows.": "文件只有表头，没有数据行。",
    "Check that you exported the right period or sheet.": "请确认导出的时间段或工作表是否正确。",
    "the file ends before the compressed data does": "压缩数据还没结束，文件就结束了",
    "Compress or download the file again.": "请重新压缩或重新下载该文件。",
    "this is not a spreadsheet or text file (it holds binary data).":
        "这不是电子表格或文本文件（里面是二进制数据）。",
    "Import a CSV, Excel (.xlsx/.xls/.ods) or JSON-lines export.":
        "请导入 CSV、Excel（.xlsx/.xls/.ods）或 JSON lines 格式的导出文件。",
    "Open the file in a text editor, fix the quote on that line, and import it again.":
        "请用文本编辑器打开文件，修正该行的引号，然后重新导入。",
    "Look for a stray quote (\") near that line.": "请检查该行附近是否有多余的引号（\"）。",
    "Rename one of them in the file and import it again.":
        "请在文件中给其中一列改名，然后重新导入。",
    "Open it in Excel or LibreOffice and save it again, or export the sheet as CSV.":
        "请用 Excel 或 LibreOffice 打开并重新保存，或把工作表导出为 CSV。",
    "the workbook has no data on any sheet.": "工作簿的所有工作表上都没有数据。",
    "Check that you saved the data in this file.": "请确认数据确实保存在这个文件里。",
    "Export the file again; JSON lines (one object per line) are also accepted.":
        "请重新导出文件；也可以使用 JSON lines（每行一个对象）。",
    "the file is one JSON object, not a list of records.": "文件是单个 JSON 对象，而不是一组记录。",
    "ShopSense reads JSON lines (one record per line) or an array of records; export the data "
    "in one of those forms.": "ShopSense 能读取 JSON lines（每行一条记录）或记录数组；"
                              "请以其中一种形式导出数据。",
    "no line of the file is a JSON object.": "文件中没有任何一行是 JSON 对象。",
    "Import a JSON-lines file with one record per line.": "请导入每行一条记录的 JSON lines 文件。",
    # storage.mapping
    "Leave out --preset to let ShopSense recognise the file.":
        "去掉 --preset，让 ShopSense 自动识别文件。",
    "Say which column is which, e.g. --map customer=\"Client\" --map date=\"Sold on\" "
    "--map amount=\"Total\" (in the window: choose them in the import dialog).":
        "请指明各列分别是什么，例如 --map customer=\"Client\" --map date=\"Sold on\" "
        "--map amount=\"Total\"（在窗口中：在导入对话框里选择）。",
    "recognised: nothing": "已识别：无",
    "a date, and a customer or an order number": "日期，以及客户或订单号",
    "a date, an event type, and a customer, visitor or session":
        "日期、事件类型，以及客户、访客或会话",
    "a product code or name": "商品编码或名称",
    "a customer id": "客户编号",
    # storage.parsing
    "Choose one: --dayfirst (31/12 style) or --monthfirst (12/31 style).":
        "请选择一种：--dayfirst（31/12 这种写法）或 --monthfirst（12/31 这种写法）。",
    # the reasons rows are rejected (storage.normalize, storage.readers)
    "has no date": "没有日期",
    "has neither a customer nor an order number": "既没有客户，也没有订单号",
    "has no quantity": "没有数量",
    "has no customer, visitor or session": "没有客户、访客或会话",
    "has no product code or name": "没有商品编码或名称",
    "has no customer id": "没有客户编号",
    "the row is not a JSON object": "该行不是 JSON 对象",
    # engine.cli, engine.unattended, engine.jobs.shop_data, engine.jobs.export
    "there is no shop database here.": "这里没有店铺数据库。",
    "Import a file first (python main.py import FILE), or check the --db path.":
        "请先导入文件（python main.py import FILE），或检查 --db 路径。",
    "Import a file first (--import FILE), or check --db.":
        "请先导入文件（--import FILE），或检查 --db。",
    "Train a model first (python main.py train itemknn), and check the customer id.":
        "请先训练模型（python main.py train itemknn），并检查客户编号。",
    "See the list of imports for the ones that exist.": "请在导入列表中查看现有的导入。",
    "It may have been undone already; see the list of imports.":
        "它可能已经被撤销了；请查看导入列表。",
    "cannot tell the format from the file name.": "无法从文件名判断格式。",
    "End the name with .xlsx, .csv or .pdf, or give --format.":
        "请让文件名以 .xlsx、.csv 或 .pdf 结尾，或指定 --format。",
    "is a folder.": "是一个文件夹。",
    "Give a file name, e.g. report.xlsx.": "请给出文件名，例如 report.xlsx。",
    "Choose an existing folder, or create it first.": "请选择已有的文件夹，或先创建它。",
    "there are no recommendations to export yet.": "还没有可以导出的推荐。",
    "Train a model first: python main.py train itemknn":
        "请先训练模型：python main.py train itemknn",
    "Choose a folder you can save files in.": "请选择一个可以保存文件的文件夹。",
    "cannot be replaced: it is open in another program or read-only.":
        "无法替换：它正在其他程序中打开，或者是只读的。",
    "Close it (in Excel, say) and export again, or choose another name.":
        "请关闭它（比如在 Excel 中）后重新导出，或换一个文件名。",
    # engine.customers.clv and engine.jobs.clv: NotEnoughData
    "Lifetime value needs completed purchases by known customers; there are none.":
        "计算生命周期价值需要已知客户的已完成购买，但目前一笔也没有。",
    "Import sales with customer ids.": "请导入带客户编号的销售记录。",
    "Lifetime value needs purchases on different days; every purchase in this shop is on one "
    "day.": "计算生命周期价值需要不同日期的购买，但本店所有购买都在同一天。",
    "Import a longer sales history.": "请导入更长时间的销售记录。",
    "Import a longer sales history, with customer ids.": "请导入更长时间、带客户编号的销售记录。",
    "Lifetime value needs purchase values that settle around an average; in this shop a few "
    "very large purchases dominate, so no average spend can be estimated.":
        "计算生命周期价值需要购买金额围绕一个平均值分布；本店少数几笔特大额购买占了主导，"
        "因此无法估算平均消费。",
    "Import a longer history.": "请导入更长时间的记录。",
    # engine.recommenders: NotEnoughData
    "The propensity model needs purchases of at least two products by at least two customers.":
        "购买倾向模型需要至少两位客户购买过至少两种商品。",
    "The autoencoder needs purchases (or ratings) to learn from.":
        "自编码器需要购买（或评分）记录才能学习。",
    "The sequence model needs customers who bought on at least two different days (or more "
    "products than fit in one basket).":
        "序列模型需要至少在两个不同日期购买过（或买的商品多于一个购物篮）的客户。",
    "SVD++ needs purchases or visits of at least two products.":
        "SVD++ 需要至少两种商品的购买或访问记录。",
    "SVD++ on ratings needs ratings; this data has none.":
        "基于评分的 SVD++ 需要评分，但这些数据里没有评分。",
    "Train it on purchases instead (the implicit variant).": "请改用购买记录训练（隐式反馈版本）。",
    # engine.churn and engine.jobs.churn: NotEnoughHistory
    "Churn prediction needs orders with customer ids; this shop has none yet.":
        "流失预测需要带客户编号的订单，本店还没有。",
    "Import your sales history first.": "请先导入销售记录。",
    "Import a longer order history or choose a shorter horizon.":
        "请导入更长时间的订单记录，或选择更短的预测期。",
    "Import more order history, or give the horizon in days yourself.":
        "请导入更多订单记录，或自己指定预测期的天数。",
    # engine.jobs.profiles: UnknownCustomer
    "Use the customer number (or e-mail) as it appears in the imported files.":
        "请使用导入文件中的客户编号（或电子邮件）。",
    # engine.device: DeviceUnavailable
    "No CUDA GPU is available on this computer (or this PyTorch was built without CUDA).":
        "这台电脑上没有可用的 CUDA GPU（或者这个 PyTorch 构建时没有包含 CUDA）。",
    "Apple's MPS GPU is not available on this computer.": "这台电脑上没有可用的 Apple MPS GPU。",
    "Choose 'auto' or 'cpu' as the training device.": "请在设置中把训练设备改为“自动”或“CPU”。",
}

PATTERNS: list[tuple[str, str]] = [
    # storage.importer
    (rf"{_QUOTED} is not a time zone ShopSense knows\.", "“{value}”不是 ShopSense 认识的时区。"),
    (rf"(?P<bad>{_COUNT}) of (?P<rows>{_COUNT}) rows cannot be used \(first: row (?P<row>\d+), "
     r"column (?P<quote>['\"])(?P<column>.*?)(?P=quote) (?P<reason>.+)\)\.",
     "{rows} 行中有 {bad} 行无法使用（第一处是第 {row} 行“{column}”列：{reason}）。"),
    (rf"(?P<bad>{_COUNT}) of (?P<rows>{_COUNT}) rows cannot be used \(first: row (?P<row>\d+) "
     r"(?P<reason>.+)\)\.",
     "{rows} 行中有 {bad} 行无法使用（第一处是第 {row} 行：{reason}）。"),
    # the reasons rows are rejected
    (r"(?P<value>'.*') is not a number", "{value} 不是数字"),
    (r"(?P<value>'.*') is not a date", "{value} 不是日期"),
    (r"(?P<value>'.*') is not an event type ShopSense knows \(view, cart, wishlist, search, "
     r"purchase, rating\)",
     "{value} 不是 ShopSense 认识的事件类型（view、cart、wishlist、search、purchase、rating）"),
    (r"the row has (?P<fields>\d+) fields where the header has (?P<header>\d+)",
     "该行有 {fields} 个字段，而表头有 {header} 个"),
    (r"the row is not valid JSON \((?P<error>.*)\)", "该行不是有效的 JSON（{error}）"),
    # storage.readers
    (r"the compressed file is damaged \((?P<error>.*)\)\.", "压缩文件已损坏（{error}）。"),
    (r"a quote \(\"\) opened in this row is never closed, so the rows after it \(lines "
     r"(?P<first>\d+)–(?P<last>\d+)\) would be read as one cell\.",
     "这一行开头的引号（\"）没有闭合，它后面的行（第 {first}–{last} 行）会被当成一个单元格。"),
    (r"the text cannot be read as a table \((?P<error>.*)\)\.", "无法把文本读成表格（{error}）。"),
    (rf"two columns are both called {_QUOTED}\.", "有两列都叫“{value}”。"),
    (rf"there is no sheet called {_QUOTED}\.", "没有叫“{value}”的工作表。"),
    (r"The sheets are: (?P<sheets>.*)\.", "工作表有：{sheets}。"),
    (r"the workbook is damaged or incomplete and cannot be read \((?P<error>.*)\)\.",
     "工作簿已损坏或不完整，无法读取（{error}）。"),
    (rf"the sheet {_QUOTED} is empty\.", "工作表“{value}”是空的。"),
    (r"Choose another sheet; the sheets are: (?P<sheets>.*)\.",
     "请选择其他工作表；工作表有：{sheets}。"),
    (r"the JSON is not valid \(line (?P<line>\d+): (?P<error>.*)\)\.",
     "JSON 无效（第 {line} 行：{error}）。"),
    # storage.mapping
    (rf"{_QUOTED} is not a field ShopSense knows\.", "“{value}”不是 ShopSense 认识的字段。"),
    (r"Fields are: (?P<fields>.*)\.", "字段有：{fields}。"),
    (rf"there is no preset called {_QUOTED}\.", "没有叫“{value}”的预设。"),
    (r"Presets are: (?P<presets>.*)\.", "预设有：{presets}。"),
    (r"the columns do not look like a (?P<preset>.+) file \((?P<error>.*)\)\.",
     "这些列看起来不像 {preset} 文件（{error}）。"),
    (r"ShopSense could not tell what this file holds \((?P<found>recognised: .*?); columns in "
     r"the file: (?P<columns>.*)\)\.",
     "ShopSense 无法判断这个文件里是什么（{found}；文件中的列：{columns}）。"),
    (r"ShopSense could not tell which columns hold (?P<needs>.+?) \((?P<found>recognised: .*?); "
     r"columns in the file: (?P<columns>.*)\)\.",
     "ShopSense 无法判断哪些列是{needs}（{found}；文件中的列：{columns}）。"),
    (r"recognised: (?P<mapping>.+)", "已识别：{mapping}"),
    (rf"there is no column called {_QUOTED}\.", "没有叫“{value}”的列。"),
    (r"The columns are: (?P<columns>.*)\.", "文件中的列有：{columns}。"),
    # storage.parsing: AmbiguousDates
    (r"every date \(e\.g\. '(?P<example>.*)'\) reads both as day/month/year and as "
     r"month/day/year, so ShopSense cannot tell which your shop system wrote\.",
     "每个日期（例如“{example}”）既可以读作“日/月/年”，也可以读作“月/日/年”，"
     "ShopSense 无法判断您的店铺系统用的是哪一种。"),
    # engine.cli, engine.jobs.shop_data, engine.jobs.export
    (rf"{_QUOTED} is not FIELD=COLUMN\.", "“{value}”不是 FIELD=COLUMN 的形式。"),
    (r"For example: --map customer=\"Client no\"\.", "例如：--map customer=\"Client no\"。"),
    (rf"there are no recommendations for {_QUOTED}\.", "没有给“{value}”的推荐。"),
    (r"there is no import (?P<id>\d+)\.", "没有编号为 {id} 的导入。"),
    (r"the name ends in \.(?P<suffix>\S+) but the format asked for is (?P<format>\S+)\.",
     "文件名以 .{suffix} 结尾，但要求的格式是 {format}。"),
    (r"Name the file …\.(?P<format>\S+), or leave out --format\.",
     "请把文件命名为 ….{format}，或去掉 --format。"),
    (r"the folder (?P<folder>.+) does not exist\.", "文件夹 {folder} 不存在。"),
    (r"cannot write in the folder (?P<folder>.+) \((?P<error>.*)\)\.",
     "无法在文件夹 {folder} 中写入（{error}）。"),
    # engine.customers.clv: NotEnoughData
    (rf"Lifetime value needs completed purchases by known customers up to (?P<day>{_DAY}); "
     r"there are none\.",
     "计算生命周期价值需要已知客户在 {day} 之前的已完成购买，但目前一笔也没有。"),
    (r"Lifetime value needs at least (?P<needed>\d+) customers who bought on more than one day; "
     r"this shop has (?P<count>\d+)\.",
     "计算生命周期价值需要至少 {needed} 位在不止一天购买过的客户，本店只有 {count} 位。"),
    # engine.recommenders.base: NotEnoughData
    (r"Training needs at least (?P<needed>\d+) customers with purchases, ratings or visits; "
     r"this shop has (?P<count>\d+)\.",
     "训练至少需要 {needed} 位有购买、评分或访问记录的客户，本店只有 {count} 位。"),
    (r"Training needs at least (?P<needed>\d+) products that customers bought, rated or viewed; "
     r"this shop has (?P<count>\d+)\.",
     "训练至少需要 {needed} 种被客户购买、评分或浏览过的商品，本店只有 {count} 种。"),
    (r"Training needs at least (?P<needed>\d+) purchases, ratings or visits by known customers; "
     r"this shop has (?P<count>\d+)\.",
     "训练至少需要已知客户的 {needed} 次购买、评分或访问，本店只有 {count} 次。"),
    # engine.churn: NotEnoughHistory
    (r"Churn prediction learns the shop's buying rhythm from customers who come back; it needs "
     r"at least (?P<needed>\d+) repeat purchases and this shop has (?P<count>\d+)\.",
     "流失预测要从回头客身上学习本店的购买节奏，至少需要 {needed} 次回购，本店只有 {count} 次。"),
    (r"Churn prediction needs at least two (?P<days>\d+)-day periods of history; this shop has "
     r"(?P<span>\d+) days\.",
     "流失预测至少需要两段各 {days} 天的历史数据，本店只有 {span} 天。"),
    (rf"Churn needs (?P<days>\d+) days after the cutoff to see who came back, and the data ends "
     rf"on (?P<last>{_DAY}); choose a cutoff on or before (?P<latest>{_DAY})\.",
     "流失预测需要截止日之后 {days} 天的数据来看谁回来了，而数据到 {last} 就结束了；"
     "请选择 {latest} 或更早的截止日。"),
    (rf"Churn prediction needs at least (?P<needed>\d+) customers who bought on or before "
     rf"(?P<day>{_DAY}); this shop has (?P<count>\d+)\.",
     "流失预测至少需要 {needed} 位在 {day} 或之前购买过的客户，本店只有 {count} 位。"),
    (rf"Churn prediction needs at least (?P<needed>\d+) customers who stopped buying and "
     rf"(?P<needed2>\d+) who came back within (?P<days>\d+) days after (?P<day>{_DAY}); this "
     r"shop has (?P<stopped>\d+) and (?P<back>\d+)\.",
     "流失预测需要在 {day} 之后 {days} 天内至少有 {needed} 位客户不再购买、{needed2} 位客户回来"
     "购买，本店分别有 {stopped} 位和 {back} 位。"),
    # engine.jobs.profiles: UnknownCustomer
    (rf"This shop has no customer {_QUOTED}\.", "本店没有客户“{value}”。"),
    (r"Did you mean (?P<ids>.+)\?", "您要找的是不是 {ids}？"),
    # engine.reports.common: UnknownSegment
    (rf"there is no customer segment called {_QUOTED}\.", "没有叫“{value}”的客户分群。"),
    (r"Choose one of: (?P<segments>.*)\.", "请从以下分群中选择：{segments}。"),
]
