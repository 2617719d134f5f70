"""Samverkansväv: the web of inter-municipal cooperation, its dependencies and exit risks."""

__version__ = "0.1.0"
