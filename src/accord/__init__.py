"""Accord: strategic partnership management for both parties of a partnership."""

__version__ = "0.1.0"
