"""Customer analytics: RFM, profiles, lifetime value (Qt-free, database-free)."""
