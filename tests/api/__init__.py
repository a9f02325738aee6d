# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Tests of the AI Endurance API client."""
