"""RFM segments in words a shop owner understands, shared by the Overview and Customers pages.

The engine names segments in English (engine.customers.rfm); these are their translated names
and what each one means. A segment a user added to the rules keeps its own name.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate finds translate("Segments", "...") calls


def segment_name(segment: str) -> str:
    names = {
        "Champions": translate("Segments", "Champions"),
        "Loyal": translate("Segments", "Loyal"),
        "Potential Loyalist": translate("Segments", "Potential Loyalist"),
        "New": translate("Segments", "New"),
        "Promising": translate("Segments", "Promising"),
        "Need Attention": translate("Segments", "Need Attention"),
        "About to Sleep": translate("Segments", "About to Sleep"),
        "At Risk": translate("Segments", "At Risk"),
        "Can't Lose Them": translate("Segments", "Can't Lose Them"),
        "Hibernating": translate("Segments", "Hibernating"),
        "Lost": translate("Segments", "Lost"),
        "No orders yet": translate("Segments", "No orders yet"),
    }
    return names.get(segment, segment)


def segment_meaning(segment: str) -> str:
    meanings = {
        "Champions": translate(
            "Segments", "Bought recently, buy often and spend the most: your best customers."),
        "Loyal": translate(
            "Segments", "Buy regularly and spend well, though not in the last few weeks."),
        "Potential Loyalist": translate(
            "Segments", "Recent customers who have bought a few times: they could become "
                        "regulars."),
        "New": translate("Segments", "Bought for the first time very recently."),
        "Promising": translate(
            "Segments", "Bought recently, but only once or twice and not much yet."),
        "Need Attention": translate(
            "Segments", "Average customers who have not bought for a while."),
        "About to Sleep": translate(
            "Segments", "Bought little, and some time ago: they are drifting away."),
        "At Risk": translate("Segments", "Used to buy fairly often, but not for a long time."),
        "Can't Lose Them": translate(
            "Segments", "Used to be among your best customers, but have not bought for a long "
                        "time."),
        "Hibernating": translate("Segments", "Bought little, long ago."),
        "Lost": translate("Segments", "Bought once or twice, long ago, and not since."),
        "No orders yet": translate(
            "Segments", "Known from browsing or a customer list, but has not ordered yet."),
    }
    return meanings.get(segment, translate("Segments", "A segment from your own rules."))
