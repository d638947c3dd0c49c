"""Realistic sample data for the demo registry, training and benchmarks (no Qt)."""
