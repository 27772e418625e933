"""What each recommender is called wherever people read it: every page of the window and every
report.

A short plain name says what the model does in a shop owner's words; the technical name
follows in brackets where it helps someone who knows it ("Bought together (item-kNN)"). The
reports translate the names with their language tables (engine.reports.text), and the window
takes the same translations (gui.engine_text.model_title), so a model reads the same on every
page and in every report, in English and in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.reports.text import translate


@dataclass(frozen=True)
class ModelName:
    plain: str  # what it does, for a shop owner
    technical: str = ""  # what a data scientist calls it; empty where the plain name says it all


# By engine.jobs.training.MODEL_NAMES; a test checks that every model has a name.
NAMES = {
    "svdpp": ModelName("Customer tastes", "SVD++"),
    "vae": ModelName("Shopping patterns", "Mult-VAE"),
    "sequence": ModelName("Next purchase", "GRU"),
    "propensity": ModelName("Purchase likelihood", "propensity network"),
    "popularity": ModelName("Best-sellers"),
    "itemknn": ModelName("Bought together", "item-kNN"),
    "content": ModelName("Similar descriptions", "content-based"),
}


def model_title(model: str, language: str = "en", *, technical: bool = True) -> str:
    """`model` (as stored with its runs, e.g. "itemknn") in words, in `language`; the plain
    name alone where `technical` is False (a chart's tight labels). An unknown model keeps
    its stored name."""
    name = NAMES.get(model)
    if name is None:
        return model
    plain = translate(name.plain, language)
    if not technical or not name.technical:
        return plain
    return translate("{plain} ({technical})", language, plain=plain,
                     technical=translate(name.technical, language))
