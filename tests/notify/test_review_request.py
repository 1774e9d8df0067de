"""A story waiting for approval is announced by webhook and e-mail with a signed review link
that opens it (real receiver and SMTP server on loopback)."""

import json
import time

from services.notify.deps import NotifyDeps
from services.notify.handler import review_requested
from shared.messages import JobSpec, ReviewRequested, Scene, Story
from shared.review_links import LinkSettings, read_token
from shared.state.base import Approval
from shared.state.memory import MemoryState
from shared.storage.local import LocalStorage
from tests.notify.channel_setup import mailer, webhooks
from tests.notify.job_setup import ctx_for, new_job
from tests.notify.receiver import Receiver
from tests.notify.smtp_server import SmtpServer

SECRET = "a-review-link-secret-of-at-least-32-chars"
STORY = Story(
    title="The Knocking",
    hook="It knocks.",
    scenes=[Scene(index=0, narration="It knocks from below.", image_prompt="a trapdoor")],
)


async def test_a_waiting_story_is_sent_with_a_link_that_names_the_job(
    state: MemoryState, storage: LocalStorage, receiver: Receiver, smtp: SmtpServer
) -> None:
    job_id = await new_job(state, webhook_url=receiver.url, email="reader@example.com")
    deadline = time.time() + 3600
    await state.pause(job_id, Approval(deadline=deadline))
    links = LinkSettings(review_link_secret=SECRET, public_url="https://grim.example")
    deps = NotifyDeps(
        storage=storage,
        webhooks=webhooks(total_s=3),
        mailer=mailer(smtp.port, security="none"),
        links=links,
    )
    spec = JobSpec.model_validate((await state.get(job_id)).spec)
    msg = ReviewRequested(job_id=job_id, spec=spec, story=STORY, deadline=deadline)
    await review_requested(msg, ctx_for(state, job_id), deps)
    assert len(receiver.hits) == 1 and receiver.hits[0]["signed"]
    event = json.loads(receiver.hits[0]["body"])
    assert event["type"] == "job.awaiting_approval" and event["title"] == "The Knocking"
    assert event["scenes"][0]["narration"] == "It knocks from below."
    url = event["review_url"]
    assert url.startswith("https://grim.example/review/")
    assert read_token(SECRET.encode(), url.rsplit("/", 1)[1]) == job_id
    mail = smtp.inbox.messages[0].content.decode()
    assert "waits for your approval" in mail and url.split("/review/")[1][:20] in mail
    # approved meanwhile: a redelivery asks nobody
    await state.resume(job_id)
    await review_requested(msg, ctx_for(state, job_id), deps)
    assert len(receiver.hits) == 1
