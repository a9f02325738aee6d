"""Tests for the AI Endurance integration."""
