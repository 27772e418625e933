"""The words of a report in English and Simplified Chinese.

The engine is Qt-free, so it cannot use Qt's tr(): report strings are translated here, keyed by
their English text. A string with no entry stays English; `{name}` placeholders are filled after
translation. Reasons and suggested actions come from the churn engine in English.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh_CN")

_ZH_CN: dict[str, str] = {
    # titles and sections
    "Customers likely to leave": "可能流失的客户",
    "Everyone at risk of not coming back, the most value at stake first, with the reasons and "
    "a suggested action.": "所有可能不再回来的客户，按流失损失从高到低排列，附原因和建议措施。",
    "Recommended products": "推荐商品",
    "For each customer, the products they are most likely to buy next, and why.":
        "每位客户最可能购买的下一件商品及推荐理由。",
    "Summary": "摘要",
    "Customers at risk": "流失风险客户",
    "Of them at high risk ({percent} or more)": "其中高风险（{percent} 及以上）",
    "Recommendations": "推荐",
    "Key figures": "关键数字",
    "How it was computed": "计算方法",
    "Created {date}": "生成于 {date}",
    "Data from {start} to {end}": "数据期间：{start} 至 {end}",
    "Segment: {segment}": "客户分群：{segment}",
    "Customer identifiers, names and e-mails are replaced by pseudonyms.":
        "客户编号、姓名和电子邮件已替换为化名。",
    "Page {page}": "第 {page} 页",
    "Chart data": "图表数据",
    # columns
    "No.": "序号",
    "Customer": "客户",
    "Name": "姓名",
    "E-mail": "电子邮件",
    "Segment": "客户分群",
    "Risk %": "流失风险 %",
    "Expected value": "预期价值",
    "Value at risk": "流失损失",
    "Last purchase": "最近购买",
    "Days with a purchase": "购买天数",
    "Spend so far": "累计消费",
    "Reasons": "原因",
    "Suggested action": "建议措施",
    "Rank": "排名",
    "Product code": "商品编码",
    "Product": "商品",
    "Category": "类别",
    "Reason": "推荐理由",
    # key figures
    "Customers scored": "已评分客户",
    "Total value at risk": "流失损失合计",
    "Listed in this report": "本报告列出",
    "Share of customers at risk": "风险客户占比",
    "Scored as of": "评分日期",
    "Churned means no purchase within": "流失的定义：此期间内无购买",
    "{days} days": "{days} 天",
    "Model": "模型",
    "ROC-AUC on customers it never saw": "未见过的客户上的 ROC-AUC",
    "Precision (of those flagged, share who left)": "精确率（被标记者中确实流失的比例）",
    "Recall (of those who left, share flagged)": "召回率（流失者中被标记的比例）",
    "Customers listed": "列出的客户",
    "Rows listed": "列出行数",
    "Different products recommended": "推荐的不同商品数",
    "Trained on": "训练时间",
    "Hit rate@10 (customers who bought one of their 10)": "命中率@10（买了推荐中至少一件的客户）",
    "Precision@10": "精确率@10",
    "Recall@10": "召回率@10",
    "NDCG@10": "NDCG@10",
    "Catalogue coverage": "商品覆盖率",
    "RMSE": "RMSE",
    "MAE": "MAE",
    # charts
    "Value at risk by segment": "各分群的流失损失",
    "Customers at risk by risk level": "各风险等级的风险客户数",
    "Most recommended products": "被推荐最多的商品",
    "Customers": "客户数",
    "Customers listed by segment": "各分群列出的客户数",
    # PDF notes
    "The {rows} customers with the most value at risk. The full list is in the Excel or CSV "
    "export.": "流失损失最高的 {rows} 位客户。完整名单请导出 Excel 或 CSV。",
    "All {rows} customers at risk.": "全部 {rows} 位风险客户。",
    "All {rows} customers listed.": "共列出 {rows} 位客户。",
    "Risk from {low} to under {high}": "风险从 {low} 到 {high} 以下",
    "Risk of {low} or more": "风险不低于 {low}",
    "Risk under {high}": "风险低于 {high}",
    "Value at risk of at least {value}": "流失损失至少 {value}",
    "The {customers} customers who have spent the most, with their top {top} products. The "
    "full list is in the Excel or CSV export.":
        "消费最多的 {customers} 位客户及其前 {top} 件推荐商品。完整名单请导出 Excel 或 CSV。",
    "All {customers} customers, with their top {top} products.":
        "全部 {customers} 位客户及其前 {top} 件推荐商品。",
    # how it was computed
    "Churned means no purchase within {days} days. {count} models were compared on customers "
    "none of them was trained on ({validation}); the best by ROC-AUC, {model}, scored every "
    "customer as of {as_of}.":
        "流失的定义是 {days} 天内没有购买。{count} 个模型在它们都没见过的客户上进行了比较"
        "（{validation}）；ROC-AUC 最好的 {model} 为每位客户在 {as_of} 评分。",
    "trained on who came back after {train}, tested on who came back after {cutoff}":
        "用 {train} 之后是否回购训练，用 {cutoff} 之后是否回购测试",
    "5-fold cross-validation across customers": "按客户的 5 折交叉验证",
    "A customer is at risk when their risk is at least {threshold}. Risk is a calibrated "
    "probability: of 100 customers at 70 %, about 70 do not come back.":
        "风险不低于 {threshold} 的客户被视为有流失风险。风险是经过校准的概率："
        "100 位风险为 70% 的客户中，约 70 位不会再回来。",
    "Expected value is what the customer would spend over the next {days} days if they stay, "
    "less the share they usually send back (BG/NBD and Gamma-Gamma lifetime value, or past "
    "spend when that cannot be fitted); value at risk = risk × expected value.":
        "预期价值是客户若留下在未来 {days} 天内的预计消费，扣除其通常退回的比例（BG/NBD 与 "
        "Gamma-Gamma 客户终身价值，无法拟合时用过往消费）；流失损失 = 风险 × 预期价值。",
    "Validation of {model}: ROC-AUC {roc_auc}, precision {precision}, recall {recall}, "
    "Brier score {brier} (predicting the churn rate for everyone scores {base}).":
        "{model} 的验证结果：ROC-AUC {roc_auc}，精确率 {precision}，召回率 {recall}，"
        "Brier 分数 {brier}（对所有人都预测平均流失率的得分为 {base}）。",
    "Recommendations come from the model “{model}”, trained on {date} ({seconds} s on "
    "{device}).": "推荐来自 {date} 训练的“{model}”模型（在 {device} 上用时 {seconds} 秒）。",
    "It was first measured on a holdout it never saw ({holdout}): {figures}; then refitted on "
    "all the data.":
        "它先在从未见过的留出数据上评估（{holdout}）：{figures}；然后用全部数据重新训练。",
    "the last {days} days of purchases": "最近 {days} 天的购买",
    "each customer's last basket": "每位客户的最后一单",
    "a random 20 % of ratings": "随机 20% 的评分",
    "Products already bought are not recommended again; non-product lines (postage, fees) are "
    "left out.": "已买过的商品不会再次推荐；邮费、手续费等非商品行已排除。",
    # segments
    "Champions": "冠军客户",
    "Loyal": "忠诚客户",
    "Potential Loyalist": "潜在忠诚客户",
    "New": "新客户",
    "Promising": "有潜力客户",
    "Need Attention": "需要关注",
    "About to Sleep": "即将沉睡",
    "At Risk": "有流失风险",
    "Can't Lose Them": "不能失去",
    "Hibernating": "休眠客户",
    "Lost": "已流失",
    "No segment": "无分群",
    "All customers": "全部客户",
    # churn models (engine.churn.models)
    "Recency alone": "仅用最近购买时间",
    "BG/NBD": "BG/NBD",
    "Logistic regression": "逻辑回归",
    "Gradient boosting": "梯度提升",
    "Neural network": "神经网络",
    # recommenders (engine.recommenders.names: the window shows these too)
    "{plain} ({technical})": "{plain}（{technical}）",
    "Customer tastes": "顾客口味",
    "Shopping patterns": "购物模式",
    "Next purchase": "下一次购买",
    "Purchase likelihood": "购买可能性",
    "propensity network": "倾向网络",
    "Best-sellers": "畅销商品",
    "Bought together": "关联购买",
    "Similar descriptions": "描述相似",
    "content-based": "基于内容",
    "Customer {code}": "客户 {code}",
}

_TABLES = {"zh_CN": _ZH_CN}


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}; use one of {LANGUAGES}")
    return language


def translate(text: str, language: str, **values: object) -> str:
    """`text` in `language` (English when there is no translation), placeholders filled."""
    translated = _TABLES.get(language, {}).get(text, text)
    return translated.format(**values) if values else translated
