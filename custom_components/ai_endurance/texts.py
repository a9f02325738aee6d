# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The phrases of the workout texts, in Home Assistant's language.

The texts (calendar, picture, event data, target sensor) are built from the
``common`` section of the integration's translations: the one section
hassfest accepts for an integration's own strings, and the one core itself
reads at run time (``media_source``). Home Assistant loads English under any
other language, so a key a translation lacks, or a language the integration
does not ship, reads in English.
"""

from typing import Final

from homeassistant.const import UnitOfLength
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN
from .presentation import Phrases

CATEGORY: Final = "common"
PREFIX: Final = f"component.{DOMAIN}.{CATEGORY}."


async def async_load_phrases(hass: HomeAssistant) -> Phrases:
    """Return the phrases in ``hass.config.language``, English where missing."""
    translations = await async_get_translations(
        hass, hass.config.language, CATEGORY, [DOMAIN]
    )
    return Phrases(
        {
            key.removeprefix(PREFIX): text
            for key, text in translations.items()
            if key.startswith(PREFIX)
        }
    )


def uses_imperial(hass: HomeAssistant) -> bool:
    """Tell whether distances read in miles (US customary units)."""
    return hass.config.units.length_unit == UnitOfLength.MILES
