"""Prefill: CV parsing and profile prefill."""

__version__ = "0.1.0"
