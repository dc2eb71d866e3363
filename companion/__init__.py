"""Companion: a terminal companion for reverse mentoring."""

__version__ = "0.1.0"
