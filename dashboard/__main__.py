"""Provides `python -m dashboard`."""

from .cli import run

run()
