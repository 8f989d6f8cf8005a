"""Benchmarks for supatui; ``just bench`` runs them and writes docs/benchmarks.md."""
