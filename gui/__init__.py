"""The desktop window: the only package that imports Qt or starts threads (HOUSE_STYLE §1)."""
