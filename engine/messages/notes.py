"""Notes on results in Simplified Chinese: why values are missing or estimated another way
(engine.churn.reasons, engine.churn.models), and the churn models' titles they name."""

from __future__ import annotations

FIXED: dict[str, str] = {
    # engine.churn.models.MODEL_TITLES, as the Churn page names them
    "Recency alone": "仅用最近购买时间",
    "BG/NBD": "购买节奏（BG/NBD）",
    "Logistic regression": "逻辑回归",
    "Gradient boosting": "梯度提升",
    "Neural network": "神经网络",
}

PATTERNS: list[tuple[str, str]] = [
    (r"Value at stake is past average yearly spend scaled to (?P<days>\d+) days: the "
     r"lifetime-value model could not be fitted \((?P<problem>.*)\)",
     "可能损失的价值按过去的年均消费折算为 {days} 天的金额，因为无法拟合生命周期价值模型"
     "（{problem}）"),
    (r"(?P<count>[\d,]+) customers have no lifetime-value estimate; their value at stake is past "
     r"average yearly spend scaled to the horizon\.",
     "{count} 位客户没有生命周期价值估计；他们可能损失的价值按过去的年均消费折算到预测期。"),
    (r"(?P<model>Recency alone|BG/NBD|Logistic regression|Gradient boosting|Neural network) "
     r"could not be fitted: (?P<problem>.+)",
     "{model}无法拟合：{problem}"),
]
