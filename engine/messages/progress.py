"""Job progress lines (Progress.message) in Simplified Chinese: engine/jobs, the churn models
and storage's readers and importer."""

from __future__ import annotations

_FILE = r"(?P<file>.+)"
_COUNT = r"[\d,]+"

FIXED: dict[str, str] = {
    # engine.jobs.clv
    "Reading the sales": "正在读取销售记录",
    "Summarising each customer's purchase days": "正在汇总每位客户的购买日期",
    "Fitting how often customers buy (BG/NBD)": "正在拟合客户多久购买一次（BG/NBD）",
    "Fitting how much customers spend (Gamma-Gamma)": "正在拟合客户每次消费多少（Gamma-Gamma）",
    "Valuing every customer": "正在估算每位客户的价值",
    "Done": "完成",
    # engine.jobs.export
    "Reading the shop's data": "正在读取本店数据",
    "Building the report": "正在生成报告",
    "Writing the Excel workbook": "正在写入 Excel 工作簿",
    "Writing the CSV file": "正在写入 CSV 文件",
    "Writing the PDF": "正在写入 PDF",
    "Report saved": "报告已保存",
    # engine.jobs.training
    "Reading the shop's sales and browsing": "正在读取本店的销售和浏览记录",
    "Measuring on the held-out data": "正在用预留的数据衡量效果",
    "Choosing products for every customer": "正在为每位客户挑选商品",
    "Training on the holdout split": "用部分数据训练（其余留作检验）",
    "Training on all the data": "用全部数据训练",
    # engine.jobs.churn and engine.churn
    "Reading orders": "正在读取订单",
    "Reading browsing events": "正在读取浏览记录",
    "Comparing churn models": "正在比较流失预测模型",
    "Churn risk ready": "流失风险已算好",
    "Churn: computing customer features": "流失预测：正在计算客户特征",
    "Churn: models compared": "流失预测：模型比较完毕",
    "Churn: features of the latest labelled period":
        "流失预测：正在计算最近一个已知结果时段的客户特征",
    "Churn: refitting the chosen model on the latest period":
        "流失预测：正在用最近时段重新训练选中的模型",
    "Churn: scoring every customer": "流失预测：正在为每位客户评分",
    "Churn: value at stake": "流失预测：正在估算可能损失的价值",
    "Churn: reasons and actions": "流失预测：正在整理原因和建议措施",
    "loading PyTorch": "正在加载 PyTorch",
    # engine.jobs.profiles
    "Reading browsing and rating events": "正在读取浏览和评分记录",
    "Building profiles": "正在生成客户档案",
    "Looking up the customer": "正在查找客户",
    "Reading customers": "正在读取客户",
}

# Columns ShopSense adds to a file (storage.mapping presets), named in progress lines; the
# file's own columns keep their names.
COLUMNS: dict[str, str] = {
    "Status (C invoices are cancellations)": "状态（以 C 开头的发票是取消单）",
}

PATTERNS: list[tuple[str, str]] = [
    # engine.jobs.training: one line per epoch of a recommender
    (r"(?P<stage>Training on .+): epoch (?P<epoch>\d+) of (?P<epochs>\d+), loss (?P<loss>\S+), "
     r"validation (?P<validation>\S+)",
     "{stage}：第 {epoch} / {epochs} 轮，训练损失 {loss}，验证损失 {validation}"),
    (r"(?P<stage>Training on .+): epoch (?P<epoch>\d+) of (?P<epochs>\d+), loss (?P<loss>\S+)",
     "{stage}：第 {epoch} / {epochs} 轮，损失 {loss}"),
    # engine.churn.models: each model compared, and the steps of one (step_progress)
    (r"Churn: training (?P<model>.+?) \((?P<detail>.+)\)", "流失预测：正在训练{model}（{detail}）"),
    (r"Churn: training (?P<model>.+)", "流失预测：正在训练{model}"),
    (r"(?P<stage>Churn: .+?) \((?P<detail>.+)\)", "{stage}（{detail}）"),
    (r"epoch (?P<epoch>\d+)", "第 {epoch} 轮"),
    (r"stopped at epoch (?P<epoch>\d+), best (?P<best>\d+)",
     "在第 {epoch} 轮停止，效果最好的是第 {best} 轮"),
    # storage.readers
    (rf"Reading {_FILE}: (?P<rows>{_COUNT}) rows", "正在读取 {file}：已读 {rows} 行"),
    (rf"Reading {_FILE} row by row \(some rows are irregular\)",
     "正在逐行读取 {file}（有些行的格式不规整）"),
    (rf"Read sheet '(?P<sheet>.*)' of {_FILE}", "已读取 {file} 的工作表“{sheet}”"),
    (rf"Read (?P<count>{_COUNT}) records from {_FILE}", "已从 {file} 读取 {count} 条记录"),
    # storage.importer
    (rf"{_FILE} was imported before \(import (?P<id>\d+)\); nothing to add",
     "{file} 之前已经导入过（导入编号 {id}），没有新内容"),
    (rf"Checking (?P<rows>{_COUNT}) rows of {_FILE}: (?P<column>.*)",
     "正在检查 {file} 的 {rows} 行：{column}"),
    (rf"Looking for repeated rows in {_FILE}: (?P<column>.*)",
     "正在查找 {file} 中重复的行：{column}"),
    (rf"Comparing {_FILE} with what is already saved: (?P<column>.*)",
     "正在将 {file} 与已保存的数据比对：{column}"),
    (rf"Saving customers and products from {_FILE}", "正在保存 {file} 中的客户和商品"),
    (rf"Saving products from {_FILE}", "正在保存 {file} 中的商品"),
    (rf"Saving orders from {_FILE}", "正在保存 {file} 中的订单"),
    (rf"Saving lines from {_FILE}", "正在保存 {file} 中的订单明细"),
    (rf"Saved (?P<done>{_COUNT}) of (?P<total>{_COUNT}) lines from {_FILE}",
     "已保存 {file} 中的订单明细 {done} / {total} 条"),
    (rf"Saved (?P<done>{_COUNT}) of (?P<total>{_COUNT}) events from {_FILE}",
     "已保存 {file} 中的行为记录 {done} / {total} 条"),
    # the catch-alls, last: a file's name can be anything
    (rf"Unpacking {_FILE}", "正在解压 {file}"),
    (rf"Opening {_FILE}", "正在打开 {file}"),
    (rf"Reading {_FILE}", "正在读取 {file}"),
    (rf"Saving {_FILE}", "正在保存 {file}"),
]
