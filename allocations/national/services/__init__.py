"""Writes of the national administrator: agreement years, SKR's allocations, counties."""
