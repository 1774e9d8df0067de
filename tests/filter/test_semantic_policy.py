"""SemanticPolicy: the packaged MiniLM weights in numpy, the trained head, findings per sentence."""

import asyncio
import json
import threading
from pathlib import Path

import numpy as np
import pytest

from services.filter.engine import semantic
from services.filter.engine.minilm import MiniLM, model_dir
from services.filter.engine.passages import passages, prompt_parts, sentences
from services.filter.engine.semantic import SemanticPolicy
from services.story.engine.writer import OfflineWriter
from shared.messages.job import JobSpec
from shared.messages.story import Scene, Story

HERE = Path(__file__).parent


def story_with(text: str, *, prompt: str = "a dark hallway at night") -> Story:
    scenes = [
        Scene(index=0, narration="The house was quiet when I moved in.", image_prompt="a house"),
        Scene(index=1, narration=text, image_prompt=prompt),
        Scene(index=2, narration="I still hear it sometimes.", image_prompt="an empty bedroom"),
    ]
    return Story(title="The House", hook="The house was quiet when I moved in.", scenes=scenes)


@pytest.fixture(scope="module")
def policy() -> SemanticPolicy:
    return SemanticPolicy()


def test_the_model_ships_in_a_pip_package_and_needs_no_network() -> None:
    path = model_dir()
    assert (path / "model.safetensors").stat().st_size > 80_000_000
    assert (path / "tokenizer.json").is_file()


def test_embeddings_are_unit_vectors_that_put_paraphrases_together() -> None:
    v = semantic.shared_encoder().encode(
        [
            "a ghost walks the halls at night",
            "a spirit haunts the corridors after dark",
            "tax forms",
        ]
    )
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > 0.6 > v[0] @ v[2] + 0.3


def test_batches_of_mixed_length_match_one_at_a_time() -> None:
    encoder = semantic.shared_encoder()
    texts = ["short", "a considerably longer sentence about a lighthouse and the sea below it"]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.abs(together - alone).max() < 1e-4  # padding must not leak into the mean


async def test_findings_name_category_scene_and_sentence(policy) -> None:
    text = "The rain stopped. The voice told her to swallow every pill in the bottle tonight."
    (finding,) = await policy.check(story_with(text))
    assert finding.category == "self-harm-instructions" and finding.scene == 1
    assert finding.phrase == "The voice told her to swallow every pill in the bottle tonight."
    assert finding.policy.startswith("semantic: instructions for suicide")


async def test_image_prompts_are_checked_phrase_by_phrase(policy) -> None:
    prompt = "a man sexually abusing a little girl in a bathroom, grainy 35mm film still"
    findings = await policy.check(story_with("Nothing moved.", prompt=prompt))
    assert {(f.category, f.scene) for f in findings} == {("minors", 1)}


async def test_ordinary_horror_passes(policy) -> None:
    text = (
        "The little girl waved from the storm drain. Blood ran under the cellar door. "
        "The killer wiped the knife and smiled at the camera."
    )
    assert await policy.check(story_with(text)) == []


async def test_extreme_gore_is_allowed_only_at_the_extreme_level(policy) -> None:
    text = "He slowly peeled the skin from her face while she was awake."
    assert {f.category for f in await policy.check(story_with(text))} == {"gore"}
    assert await SemanticPolicy(gore_level="extreme").check(story_with(text)) == []
    with pytest.raises(ValueError, match="gore_level"):
        SemanticPolicy(gore_level="splatter")


def test_a_head_trained_on_other_examples_is_refused() -> None:
    data = semantic.packaged_data()
    data["categories"]["hate"]["examples"].append("a new example nobody trained on")
    with pytest.raises(ValueError, match="train_semantic --write"):
        SemanticPolicy(data)


def test_the_head_applies_its_layers_with_relu_between_them(policy) -> None:
    rng = np.random.default_rng(3)
    data = semantic.packaged_data()
    classes = len(data["head"]["classes"])
    layers = [rng.standard_normal((385, 8)), rng.standard_normal((9, classes))]
    data["head"]["layers"] = [layer.tolist() for layer in layers]
    texts = ["The lantern went out.", "Something knocked on the cellar door twice."]
    hidden = np.maximum(semantic.shared_encoder().encode(texts) @ layers[0][:-1] + layers[0][-1], 0)
    z = hidden @ layers[1][:-1] + layers[1][-1]
    p = np.exp(z - z.max(1, keepdims=True))
    p = (p / p.sum(1, keepdims=True))[:, :-1]  # the last class is benign, never a finding
    got = SemanticPolicy(data).scores(texts)
    assert [s.category for s in got] == [data["head"]["classes"][j] for j in p.argmax(1)]
    assert np.allclose([s.probability for s in got], p.max(1), atol=1e-4)


async def test_the_model_loads_once_off_the_event_loop(policy, monkeypatch) -> None:
    loads: list[str] = []
    real = MiniLM.__init__

    def counting(self, *a, **kw):
        loads.append(threading.current_thread().name)
        real(self, *a, **kw)

    monkeypatch.setattr(semantic, "_ENCODER", [])
    monkeypatch.setattr(MiniLM, "__init__", counting)
    ticks = 0

    async def ticker() -> None:  # the loop keeps turning while the model loads
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    task = asyncio.create_task(ticker())
    await asyncio.gather(*(policy.check(story_with("Nothing moved.")) for _ in range(4)))
    task.cancel()
    assert len(loads) == 1 and loads[0] != threading.main_thread().name
    assert ticks > 3


def test_passages_split_sentences_and_skip_fragments() -> None:
    assert sentences("I froze. Then the door opened by itself! Run.") == [
        "Then the door opened by itself!"
    ]
    assert prompt_parts("a tall figure in the fog, grainy film, cold light")[0].startswith("a tall")
    story = story_with("Something knocked twice on the glass.")
    texts = [p.text for p in passages(story)]
    assert texts.count("The house was quiet when I moved in.") == 1  # hook = scene 0's line


async def test_fifty_offline_stories_raise_at_most_one_false_alarm(policy) -> None:
    """The offline writer's own output must pass, or offline jobs would loop on rewrites."""
    topics = json.loads((HERE.parent / "story" / "topics.json").read_text())
    tones = ("psychological", "creature", "paranormal", "true-crime", "folk", "cosmic", "slasher")
    writer = OfflineWriter()
    flagged = []
    for i, topic in enumerate(topics):
        story = writer.compose(JobSpec(topic=topic, tone=tones[i % len(tones)], seed=i))
        if findings := await policy.check(story):
            flagged.append((topic, [str(f) for f in findings]))
    assert len(flagged) <= 1, flagged


def test_the_policy_needs_neither_torch_nor_a_hub() -> None:
    import subprocess
    import sys

    code = (
        "import sys, asyncio\n"
        "for m in ('torch', 'sentence_transformers', 'transformers', 'huggingface_hub'):\n"
        "    sys.modules[m] = None\n"
        "from services.filter.engine.semantic import SemanticPolicy\n"
        "from tests.filter.test_semantic_policy import story_with\n"
        "text = 'The voice told her to swallow every pill in the bottle tonight.'\n"
        "found = asyncio.run(SemanticPolicy().check(story_with(text)))\n"
        "print(found[0].category)\n"
    )
    root = Path(__file__).parents[2]
    env = {"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "self-harm-instructions"
