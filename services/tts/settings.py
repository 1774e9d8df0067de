"""How the tts stage calls its voice: the provider's name, the call policy and the treatment.

Read from ``GRIMREEL_VOICE_*``; each provider reads its own key and endpoint (see its module).
The bounds are those the stage has always had: a call is at most 10 minutes, backoff 1 minute.
"""

from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.providers import CallSettings


class VoiceSettings(CallSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_VOICE_", extra="ignore")

    timeout_s: float = Field(60.0, gt=0, le=600)  # one provider call
    backoff_s: float = Field(1.0, gt=0, le=60)  # doubled per attempt; Retry-After wins
    treatment: Literal["none", "horror"] = "none"  # pitch/EQ/echo after the provider, length kept
    treatment_semitones: float = Field(-3.0, ge=-12, le=12)
    treatment_echo: bool = True
