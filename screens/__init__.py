"""Textual screens and widgets for Companion."""
