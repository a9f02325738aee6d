"""Shared fixtures.

The integration package is imported before the `hass` fixture runs: otherwise
the test harness's own testing_config/custom_components shadows ours.
"""

import custom_components.ai_endurance  # noqa: F401
