"""Provides the Textual dashboard (imports textual; the engine never imports this package)."""
