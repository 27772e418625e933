"""Churn: labels, leak-free features, models side by side, reasons and actions."""
