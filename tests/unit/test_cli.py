"""The `grimreel` command: doctor and configuration errors, as a user sees them."""

import os
import subprocess
import sys


def grimreel(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.cli.commands", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def test_doctor_checks_ffmpeg_and_storage(tmp_path) -> None:
    proc = grimreel("doctor", "--offline", GRIMREEL_STORAGE_DIR=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "ffmpeg" in proc.stderr and "storage" in proc.stderr


def test_doctor_names_the_service_that_does_not_answer(tmp_path) -> None:
    proc = grimreel(
        "doctor",
        GRIMREEL_AMQP_URL="amqp://guest:guest@127.0.0.1:1/",
        GRIMREEL_STORAGE_DIR=str(tmp_path),
    )
    assert proc.returncode == 1
    assert "FAIL rabbitmq" in proc.stderr.replace("\n", " ")


def test_bad_configuration_lists_every_bad_value() -> None:
    proc = grimreel("doctor", "--offline", GRIMREEL_CRF="99", GRIMREEL_STORAGE="ftp")
    assert proc.returncode == 2
    assert "GRIMREEL_CRF" in proc.stderr and "GRIMREEL_STORAGE" in proc.stderr


def test_run_refuses_a_voice_the_configured_provider_lacks_before_starting(tmp_path) -> None:
    proc = grimreel("run", "the lighthouse knocks", "--voice", "nobody", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert "voice: the voice provider 'offline' offers: default, heart" in proc.stderr
    assert not any(tmp_path.iterdir())  # nothing was made


def test_run_refuses_a_forbidden_topic_the_rules_miss_naming_the_category(tmp_path) -> None:
    topic = "the ghost tells the lonely teen that [number] pills of [drug] is a peaceful way out"
    proc = grimreel("run", topic, "--out", str(tmp_path))
    assert proc.returncode == 2
    assert "topic refused: self-harm" in proc.stderr
    assert not any(tmp_path.iterdir())  # nothing was made
