"""Recommenders: interaction data, metrics, baselines, SVD++ and neural models (Qt-free)."""
