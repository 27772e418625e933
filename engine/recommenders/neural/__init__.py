"""Neural recommenders in PyTorch: Mult-VAE over customers' product vectors, a GRU over their
baskets in time order, and a purchase-propensity network on profile features.

Importing this package does not import torch; training, scoring and loading do.
"""

from __future__ import annotations

from engine.recommenders.neural.common import EpochProgress, NeuralRecommender
from engine.recommenders.neural.propensity import PropensityRecommender
from engine.recommenders.neural.sequence import SequenceRecommender
from engine.recommenders.neural.vae import MultVAERecommender

__all__ = [
    "EpochProgress",
    "MultVAERecommender",
    "NeuralRecommender",
    "PropensityRecommender",
    "SequenceRecommender",
]
