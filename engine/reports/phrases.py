"""The engine's generated sentences (churn reasons, suggested actions, recommendation reasons)
in Simplified Chinese, for Chinese reports.

They are made in English by engine.churn.reasons, engine.customers.rfm and the recommenders,
with numbers and product names inside, so they are matched here by pattern. A sentence no
pattern knows stays English (a test exports a Chinese report and checks none is left).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_VERBS = {"bought": "购买", "rated": "评分", "viewed": "浏览"}

_FIXED = {
    # engine.customers.rfm actions
    "Reward them: early access to new products and a loyalty perk; ask for a review or a "
    "referral.": "奖励他们：新品抢先体验和会员礼遇；请他们写评价或推荐朋友。",
    "Keep them close: a loyalty reward and offers on products they already like.":
        "保持联系：送上会员奖励，并推送他们喜欢的商品的优惠。",
    "Invite them to the loyalty programme and suggest products that go with what they bought.":
        "邀请他们加入会员计划，并推荐与已购商品搭配的商品。",
    "Welcome them: a thank-you note and a small discount on their second order.":
        "欢迎他们：一封感谢信，并为第二单提供小额折扣。",
    "Build the habit: a time-limited offer on a product they looked at or bought.":
        "培养习惯：为他们看过或买过的商品提供限时优惠。",
    "Remind them: a personal recommendation and a limited-time offer.":
        "提醒他们：一条个性化推荐和一个限时优惠。",
    "Wake them up: recommend popular products with a small discount.":
        "唤醒他们：推荐热销商品并附小额折扣。",
    "Win them back: a personal email with a win-back offer on their favourites.":
        "赢回他们：发一封个人邮件，为他们喜欢的商品提供挽回优惠。",
    "Win them back before a competitor does: a strong offer on their favourite products and a "
    "note asking what went wrong.": "在竞争对手之前赢回他们：为他们最喜欢的商品提供大力度优惠，"
                                    "并询问哪里做得不好。",
    "Re-engage cheaply: best sellers and seasonal offers in the newsletter.":
        "低成本重新联系：在新闻简报中推送畅销品和季节优惠。",
    "Try one last win-back offer; if there is no answer, stop spending on them.":
        "最后尝试一次挽回优惠；如果没有回应，就不再为他们投入。",
    "Thank them personally; they are among your most valuable customers.":
        "亲自感谢他们；他们是您最有价值的客户之一。",
    "Call them personally: they have spent a lot with you, find out why they stopped and make "
    "a win-back offer.":
        "亲自打电话：他们在您这里消费很多，了解他们为什么不再购买，并提供挽回优惠。",
    "Call them personally this week: they were among your best customers. Ask what went wrong "
    "and offer something worth coming back for.":
        "本周亲自打电话：他们曾是您最好的客户之一。问问哪里做得不好，并提供值得回来的优惠。",
    "A personal call or note with a win-back offer: they have spent a lot before.":
        "亲自打电话或写信并附挽回优惠：他们以前消费很多。",
    "A personal call is worth it once: they spent a lot before; ask why they left.":
        "值得亲自打一次电话：他们以前消费很多；问问他们为什么离开。",
    "Reach out personally with a tailored offer before they drift away.":
        "在他们流失之前，亲自联系并提供量身定制的优惠。",
    "Turn interest into a first order: a welcome discount on the products they looked at.":
        "把兴趣变成第一单：为他们看过的商品提供欢迎折扣。",
    "Look at what they buy and send them an offer that fits.":
        "看看他们买什么，并发送合适的优惠。",
    # engine.churn.reasons actions
    "Call them personally: they are among your most valuable customers and may be about to "
    "leave. Ask how it is going and what would bring them back.":
        "亲自打电话：他们是您最有价值的客户之一，可能即将流失。问问近况，以及什么能让他们回来。",
    "Send a win-back offer on what they bought before.": "针对他们以前买过的商品发送挽回优惠。",
    # churn reasons and recommendation reasons without numbers
    "only ever ordered once, today": "只下过一单，就在今天",
    "stopped browsing: no visits in 30 days": "不再浏览：30 天内没有访问",
    "customers with similar interests bought this": "兴趣相似的客户买了它",
    "customers with similar purchases bought this": "购买相似的客户买了它",
    "customers with similar tastes liked this": "口味相似的客户喜欢它",
    "popular with many customers": "受很多客户欢迎",
    "viewed once": "浏览过一次",
    "recommended for you": "为您推荐",
}


def _days(text: str) -> str:
    return text.split()[0] + " 天"


def _every(text: str) -> str:
    return "每天" if text == "every day" else f"每 {_days(text.removeprefix('every '))}"


def _times(text: str) -> str:
    return {"once": "一次", "twice": "两次"}.get(text, " " + text.replace(" times", " 次"))


_PATTERNS: list[tuple[re.Pattern[str], Callable[..., str]]] = [
    (re.compile(r"no order for (\d+ days?); usually orders (every day|every \d+ days)"),
     lambda d, e: f"已经 {_days(d)}没有下单；通常{_every(e)}下单"),
    (re.compile(r"last order (\d+ days?) ago; usually orders (every day|every \d+ days)"),
     lambda d, e: f"上一单在 {_days(d)}前；通常{_every(e)}下单"),
    (re.compile(r"only ever ordered once, (\d+ days?) ago"),
     lambda d: f"只下过一单，在 {_days(d)}前"),
    (re.compile(r"only (\d+) orders so far, the first (\d+ days?) ago"),
     lambda n, d: f"至今只有 {n} 单，第一单在 {_days(d)}前"),
    (re.compile(r"nothing bought in the last 3 months, after ordering (once|twice|\d+ times) "
                r"in the 3 before"),
     lambda t: f"最近 3 个月没有购买，之前 3 个月下单{_times(t)}"),
    (re.compile(r"spent (\d+%) less in the last 3 months than in the 3 before"),
     lambda p: f"最近 3 个月的消费比之前 3 个月少 {p}"),
    (re.compile(r"returned (\d+%) of what they bought"), lambda p: f"退回了所购商品的 {p}"),
    (re.compile(r"browsing less: (\d+) visits in the last 30 days, against about (\d+) a month "
                r"before"),
     lambda n, m: f"浏览减少：最近 30 天访问 {n} 次，之前每月约 {m} 次"),
    (re.compile(r"Send a win-back offer with popular products they have not tried: (.+)\."),
     lambda p: f"发送挽回优惠，推荐他们还没买过的热销商品：{p}。"),
    (re.compile(r"Send a win-back offer on their favourite products: (.+)\."),
     lambda p: f"针对他们最喜欢的商品发送挽回优惠：{p}。"),
    (re.compile(r"customers who (bought|rated|viewed) (.+) also \1 this"),
     lambda v, p: f"{_VERBS[v]}过 {p} 的客户也{_VERBS[v]}了它"),
    (re.compile(r"because you (bought|rated|viewed) (.+)"),
     lambda v, p: f"因为您{_VERBS[v]}过 {p}"),
    (re.compile(r"similar to (.+) you (bought|rated|viewed)"),
     lambda p, v: f"与您{_VERBS[v]}过的 {p} 相似"),
    (re.compile(r"viewed (\d+) times"), lambda n: f"浏览过 {n} 次"),
    (re.compile(r"popular: (bought|rated|viewed) by (\d+) customers?"),
     lambda v, n: f"热门：{n} 位客户{_VERBS[v]}过"),
    (re.compile(r"popular lately: (bought|rated|viewed) by (\d+) customers? in the last (\d+) "
                r"days"),
     lambda v, n, d: f"近期热门：最近 {d} 天有 {n} 位客户{_VERBS[v]}过"),
]


def phrase(text: str, language: str) -> str:
    """`text`, one generated sentence, in `language` where a translation is known."""
    if language != "zh_CN":
        return text
    if text in _FIXED:
        return _FIXED[text]
    for pattern, words in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return words(*match.groups())
    return text


def reasons(sentences: list[str], language: str) -> str:
    """Several reasons as one cell."""
    return ("；" if language == "zh_CN" else "; ").join(phrase(s, language) for s in sentences)
