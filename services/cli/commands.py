"""The `grimreel` command: run, redo, serve, doctor, schedules, safety, dlq.

One function per command, so the whole command surface reads in one file (~300 lines).
"""

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from shared import logs, loop
from shared.config import ConfigError, Settings, load_settings
from shared.state.base import JobRecord

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
dlq = typer.Typer(help="Inspect and replay dead letters on RabbitMQ.", no_args_is_help=True)
app.add_typer(dlq, name="dlq")
safety = typer.Typer(help="Measure the content-safety judges.", no_args_is_help=True)
app.add_typer(safety, name="safety")
err = Console(stderr=True, soft_wrap=True)  # a path or a reason is never broken across lines


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except ConfigError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None


@app.command()
def run(
    topic: Annotated[str, typer.Argument(help="What the story is about.")],
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("output"),
    # None: the profile's value, else the job default (shown in the help)
    duration: Annotated[
        int | None, typer.Option(help="Target length in seconds (20-180). [default: 60]")
    ] = None,
    scenes: Annotated[int | None, typer.Option(help="Scene count (3-15); auto if unset.")] = None,
    tone: Annotated[
        str | None, typer.Option(help="psychological, creature, ... [default: paranormal]")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed for reproducible output.")] = None,
    voice: Annotated[
        str | None, typer.Option(help="A voice the configured provider offers. [default: default]")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Language tag. [default: en]")] = None,
    pace: Annotated[
        float | None, typer.Option(help="Speech rate, 0.7-1.4 (1.2 = 20 % faster).")
    ] = None,
    music: Annotated[str | None, typer.Option(help="'drone' or a track the renderer has.")] = None,
    caption_style: Annotated[
        str | None, typer.Option(help="karaoke (default), subtle or bold.")
    ] = None,
    profile: Annotated[
        str | None, typer.Option(help="A channel profile (GRIMREEL_PROFILES_FILE).")
    ] = None,
    preview: Annotated[
        bool, typer.Option("--preview", help="A fast 540x960 draft; `redo JOB` makes it full.")
    ] = False,
    review: Annotated[
        bool | None,
        typer.Option(help="Show the story and ask to approve, edit or reject it first."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Make one video in this process: no broker, no keys needed."""
    from services.cli.intake import Refused, spec_from
    from services.cli.review import TerminalReviewer
    from services.cli.run import run_job

    settings = _settings(storage="local", storage_dir=out)
    options = {"topic": topic, "duration_s": duration, "scenes": scenes, "tone": tone,
               "seed": seed, "voice": voice, "language": language, "pace": pace, "music": music,
               "caption_style": caption_style, "profile": profile,
               "preview": preview or None, "approval": review}  # fmt: skip
    try:
        spec = spec_from(options)
    except Refused as e:
        for line in e.lines:
            err.print(f"[red]{line}[/red]")
        raise typer.Exit(2) from None
    logs.configure("warning" if not as_json else "error", "console")  # a refusal logs nothing
    # one process has nobody else to ask: a job that wants review (here or by its profile) asks
    # in this terminal
    reviewer = TerminalReviewer(err) if spec.approval else None
    job = loop.run(run_job(spec, settings, None if as_json else err, reviewer=reviewer))
    _report(job, out, as_json)


def _report(job: JobRecord, out: Path, as_json: bool) -> None:
    """The video's path (or a JSON summary) on stdout; exit 1 when the job did not complete."""
    files = {name: out.absolute() / key for name, key in job.outputs.items()}
    seed = _seed_used(files.get("metadata.json"))
    if as_json:
        summary = {
            "job_id": job.job_id,
            "status": job.status,
            "error": job.error,
            "seed": seed,
            "files": {k: str(v) for k, v in files.items()},
        }
        print(json.dumps(summary, indent=2))
    if job.status != "completed":
        err.print(f"[red]job {job.job_id} {job.status}: {job.error}[/red]")
        raise typer.Exit(1)
    if not as_json:
        if seed is not None:
            err.print(f"seed {seed} (--seed {seed} makes this story again)")
        print(files["video.mp4"])


@app.command()
def redo(
    job_id: Annotated[str, typer.Argument(help="A finished job in the output folder.")],
    scene: Annotated[
        int | None, typer.Option(help="The scene to make again; unset: render the job again.")
    ] = None,
    picture: Annotated[bool, typer.Option("--picture", help="Paint the scene again.")] = False,
    voice: Annotated[bool, typer.Option("--voice", help="Speak the scene again.")] = False,
    seed: Annotated[int | None, typer.Option(help="The new picture's seed.")] = None,
    prompt: Annotated[str | None, typer.Option(help="A new image prompt for the scene.")] = None,
    narration: Annotated[str | None, typer.Option(help="New words for the scene.")] = None,
    preview: Annotated[
        bool | None,
        typer.Option(
            "--preview/--full",
            help="Draft or full video. [default: a scene's redo is drawn like its job; "
            "a redo of no scene is full]",
        ),
    ] = None,
    out: Annotated[Path, typer.Option(help="The output folder the job is in.")] = Path("output"),
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Make a new video from a finished one: one scene's picture (the default) and/or voice
    made again, every other scene reused. Edited text is judged again."""
    from pydantic import ValidationError

    from services.cli.redo import redo_job
    from shared.redo import RedoRefused, RedoRequest

    settings = _settings(storage="local", storage_dir=out)
    asked = {"scene": scene, "picture": picture, "voice": voice, "seed": seed,
             "image_prompt": prompt, "narration": narration, "preview": preview}  # fmt: skip
    try:
        ask = RedoRequest.model_validate({k: v for k, v in asked.items() if v is not None})
    except ValidationError as e:
        for p in e.errors(include_url=False):
            err.print(f"[red]{'.'.join(map(str, p['loc'])) or 'redo'}: {p['msg']}[/red]")
        raise typer.Exit(2) from None
    logs.configure("warning" if not as_json else "error", "console")
    try:
        job = loop.run(redo_job(job_id, ask, settings, None if as_json else err))
    except RedoRefused as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None
    _report(job, out, as_json)


def _seed_used(metadata: Path | None) -> int | None:
    """The story's seed as the video's metadata records it (drawn fresh when none was asked)."""
    if metadata is None or not metadata.is_file():
        return None
    seed = json.loads(metadata.read_text(encoding="utf-8")).get("seed")
    return seed if isinstance(seed, int) else None


@app.command()
def serve(
    stages: Annotated[
        str | None, typer.Option(help="Comma-separated stages; all if unset.")
    ] = None,
    gateway: Annotated[
        bool, typer.Option(help="Also serve the HTTP API and the ingress queue consumer.")
    ] = True,
    scheduler: Annotated[bool, typer.Option(help="Also fire the schedules.")] = True,
) -> None:
    """Run the gateway and every stage (or some) in one process on RabbitMQ + Redis."""
    from services.catalog import build_all
    from services.scheduler.hosting import alongside, without

    only = stages.split(",") if stages else None
    if not gateway:
        from shared.service import serve as serve_stages

        settings = _settings()
        logs.configure(settings.log_level, settings.log_format)
        host = alongside if scheduler else without
        asyncio.run(host(serve_stages(lambda s: build_all(s, only), settings)))
        return
    from services.gateway.config import GatewaySettings
    from services.gateway.host import serve as serve_gateway
    from shared.config import load_as

    try:
        gw_settings = load_as(GatewaySettings)
        logs.configure(gw_settings.log_level, gw_settings.log_format)
        host = alongside if scheduler else without
        asyncio.run(host(serve_gateway(gw_settings, build_all(gw_settings, only))))
    except ConfigError as e:  # settings, or a key file that cannot be used
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None


@app.command()
def doctor(
    offline: Annotated[bool, typer.Option(help="Skip RabbitMQ and Redis.")] = False,
) -> None:
    """Check configuration, ffmpeg and each service; say what is wrong."""
    from services.cli.configured import check_configuration
    from services.cli.doctor import diagnose

    logs.configure("warning", "console")  # building the stages to check them is not news
    settings, problems = check_configuration()
    if problems or settings is None:
        err.print("[red]invalid configuration:\n  " + "\n  ".join(problems) + "[/red]")
        raise typer.Exit(2)
    rows = asyncio.run(diagnose(settings, services=not offline))
    for name, ok, detail in rows:
        mark = "[green]ok[/green]  " if ok else "[red]FAIL[/red]"
        err.print(f"{mark} {name:9} {detail}")
    if not all(ok for _, ok, _ in rows):
        raise typer.Exit(1)


@app.command()
def schedules(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the schedules (from the file and the API): next tick, last job or error."""
    import time

    from services.cli.schedules import rows, show

    show(asyncio.run(rows(_settings(), time.time())), as_json, Console())


@safety.command("eval")
def safety_eval(
    file: Annotated[Path, typer.Argument(help="JSON Lines of {id, category, text}.")],
    judges: Annotated[
        str, typer.Option(help="Comma-separated judges: rules, offline, openai, llm.")
    ] = "rules,offline",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Recall per category, false alarms, precision, misses and seconds per item."""
    from services.cli import safety_eval as ev
    from services.filter.bootstrap import make_policy
    from services.filter.settings import ModerationSettings
    from services.filter.unavailable import PolicyUnavailable
    from shared.config import load_as

    logs.configure("error", "console")
    names = [n.strip() for n in judges.split(",") if n.strip()]
    try:
        lines = ev.read(file)
        moderation = load_as(ModerationSettings)
        built = [make_policy(n, moderation) for n in names]
    except (OSError, ValueError, ConfigError, PolicyUnavailable) as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None
    outcomes, seconds = asyncio.run(ev.judge(lines, built))
    report = ev.summary(outcomes, seconds, names)
    print(json.dumps(report, indent=2) if as_json else ev.text_report(report))


@dlq.command("list")
def dlq_list(limit: int = 50) -> None:
    """List dead letters with their stage and reason."""
    from shared.runtime.dead_letters import list_dead

    for d in asyncio.run(list_dead(_settings().amqp_url, limit)):
        print(f"{d.message_id}\t{d.stage}\t{d.reason[:160]}")


@dlq.command("show")
def dlq_show(message_id: str) -> None:
    """Print one dead letter: headers and body."""
    from shared.runtime.dead_letters import list_dead

    for d in asyncio.run(list_dead(_settings().amqp_url, 1000)):
        if d.message_id == message_id:
            print(
                json.dumps(
                    {
                        "stage": d.stage,
                        "reason": d.reason,
                        "headers": {k: str(v) for k, v in d.headers.items()},
                        "body": d.body.decode(errors="replace"),
                    },
                    indent=2,
                )
            )
            return
    err.print(f"[red]no dead letter with id {message_id}[/red]")
    raise typer.Exit(1)


@dlq.command("replay")
def dlq_replay(message_id: Annotated[str | None, typer.Argument()] = None) -> None:
    """Send one dead letter (or all) back to its stage; its failed job runs again."""
    from shared.runtime.dead_letters import replay
    from shared.state.redis import RedisState

    settings = _settings()

    async def run() -> int:
        state = RedisState(settings.redis_url)
        try:
            return await replay(settings.amqp_url, state, message_id)
        finally:
            await state.close()

    print(f"replayed {asyncio.run(run())} message(s)")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except ConfigError as e:  # a stage's or a provider's own settings, read when it is built
        err.print(f"[red]{e}[/red]")
        sys.exit(2)


if __name__ == "__main__":
    main()
