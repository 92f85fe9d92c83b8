"""Benchmarks and load test of Länsmedel at national scale (see docs/performance.md)."""
