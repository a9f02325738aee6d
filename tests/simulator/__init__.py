# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Tests of the local AI Endurance simulator, over loopback HTTP."""
