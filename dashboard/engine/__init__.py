"""Provides the scoring engine: pure logic, no user-interface imports."""
