"""Provides one module per output format."""
