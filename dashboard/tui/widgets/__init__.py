"""Provides the dashboard's panels, one widget per module."""
