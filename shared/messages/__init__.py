"""Versioned message contracts: the envelope and every v1 payload on the bus."""

from shared.messages.envelope import Envelope
from shared.messages.job import JobRequest, JobRequested, JobSpec
from shared.messages.outcome import FieldError, JobCompleted, JobFailed, JobRejected
from shared.messages.registry import MESSAGE_TYPES, model_for, type_of
from shared.messages.render import AssetsReady, SceneAssets, VideoRendered
from shared.messages.scene import (
    SceneIllustrated,
    SceneNarrated,
    SceneRequested,
    WordTiming,
)
from shared.messages.story import ReviewRequested, Scene, Story, StoryDrafted, StoryRejected

__all__ = [
    "MESSAGE_TYPES",
    "AssetsReady",
    "Envelope",
    "FieldError",
    "JobCompleted",
    "JobFailed",
    "JobRejected",
    "JobRequest",
    "JobRequested",
    "JobSpec",
    "ReviewRequested",
    "Scene",
    "SceneAssets",
    "SceneIllustrated",
    "SceneNarrated",
    "SceneRequested",
    "Story",
    "StoryDrafted",
    "StoryRejected",
    "VideoRendered",
    "WordTiming",
    "model_for",
    "type_of",
]
