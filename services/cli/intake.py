"""What `grimreel run` checks before it starts, as POST /jobs does: the fields, the profile,
the topic, and the options the configured providers offer. Each problem is one line."""

from typing import Any

from pydantic import ValidationError

from shared.config import ConfigError
from shared.messages import JobRequest, JobSpec
from shared.profiles import UnknownProfile, apply
from shared.providers.options import offers, option_errors
from shared.safety.intake import judge_topic
from shared.safety.taxonomy import describe


class Refused(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def spec_from(options: dict[str, Any]) -> JobSpec:
    """The job the command line asks for (unset options left to the profile, then defaults)."""
    try:
        req = JobRequest.model_validate({k: v for k, v in options.items() if v is not None})
        spec = apply(req).spec()
    except ValidationError as e:
        raise Refused(
            [f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in e.errors(include_url=False)]
        ) from None
    except (UnknownProfile, ConfigError) as e:
        raise Refused([str(e)]) from None
    if findings := judge_topic(spec.topic):  # the rules and the offline judge, as at POST /jobs
        raise Refused(
            [f"topic refused: {f.category}, {describe(f.category)}: {f.phrase!r}" for f in findings]
        )
    if problems := option_errors(spec, offers()):
        raise Refused([f"{p['field']}: {p['message']}" for p in problems])
    return spec
