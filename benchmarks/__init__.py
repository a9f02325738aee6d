# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Benchmark commands: each prints ratios measured in one run (not pytest tests)."""
