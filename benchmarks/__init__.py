"""Benchmarks and load test of Länsmedel at national scale (see README.md, Performance)."""
