"""The page a signed review link opens: the story scene by scene and two buttons. Plain HTML
(no script, no style sheet), every value escaped."""

import html

from shared.messages import Story

CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body>{body}</body></html>"
    )


def story_page(story: Story, topic: str, refused: list[str] | None) -> str:
    scenes = "".join(
        f"<li><p>{html.escape(s.narration)}</p><p><small>picture: "
        f"{html.escape(s.image_prompt)}</small></p></li>"
        for s in story.scenes
    )
    warning = ""
    if refused:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in refused)
        warning = f"<p><strong>The last edit was refused:</strong></p><ul>{items}</ul>"
    form = (
        '<form method="post"><input type="hidden" name="action" value="approve">'
        '<button type="submit">Approve: make the video</button></form>'
        '<form method="post"><input type="hidden" name="action" value="reject">'
        '<label>Why not (optional) <input name="reason" maxlength="500"></label> '
        '<button type="submit">Reject</button></form>'
    )
    body = (
        f"<h1>{html.escape(story.title)}</h1><p>Topic: {html.escape(topic)}</p>{warning}"
        f'<ol start="0">{scenes}</ol>{form}'
    )
    return _page(story.title, body)


def message_page(title: str, text: str) -> str:
    return _page(title, f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>")
