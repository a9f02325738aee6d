"""Custom integrations of this repository (HACS ships ai_endurance/)."""
