"""The optional rewriter against a real local HTTP server speaking chat-completions JSON."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dateline.desk.core.compose import Draft, compose
from dateline.desk.rewriter import RewriterConfig, rewrite, unsupported_claims
from dateline.wire.item import WireItem

REUTERS = WireItem(
    agency="Reuters",
    guid="r-1",
    headline="UPDATE 1-PUTIN THANKS NORTH KOREA'S KIM FOR TROOPS IN KURSK",
    body_text=(
        "MOSCOW, April 28 (Reuters) - Russian President Vladimir Putin on Monday thanked "
        "North Korean leader Kim Jong Un for sending troops to help drive Ukrainian forces "
        "out of Russia's Kursk region.\n\n"
        '"The Korean friends acted out of a sense of solidarity, justice and genuine '
        'comradeship," Putin said in a statement released by the Kremlin.\n\n'
        "The U.S. and South Korea have said about 11,000 North Korean soldiers were sent "
        "to Kursk last year, at a cost of 5 mln dlrs a month.\n\n"
        "Kremlin spokesman Dmitry Peskov said seven senior officers had been decorated."
    ),
)
ITEMS = [REUTERS]

FAITHFUL = {
    "headline": "Putin thanks Kim Jong Un for North Korean troops in Kursk",
    "standfirst": (
        "Russian President Vladimir Putin has thanked North Korea's leader for the troops "
        "that helped push Ukrainian forces out of the Kursk region."
    ),
    "body": [
        "The Kremlin said on Monday that Putin praised the soldiers: \u201cThe Korean friends "
        "acted out of a sense of solidarity, justice and genuine comradeship.\u201d",
        "About 11,000 North Korean soldiers were sent to Kursk last year, according to the "
        "U.S. and South Korea, at a cost of 5 million dollars a month.",
        "Seven senior officers were decorated, spokesman Dmitry Peskov said.",
    ],
}


@dataclass
class FakeEndpoint:
    """What the local server answers, and what it received."""

    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    requests: list[dict] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def reply_with(self, content: str) -> None:
        self.status = 200
        self.body = json.dumps(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "model": "house-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
            }
        ).encode()


def _handler(endpoint: FakeEndpoint) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            endpoint.requests.append(json.loads(self.rfile.read(length)))
            endpoint.headers.append(dict(self.headers))
            endpoint.paths.append(self.path)
            if endpoint.delay:
                time.sleep(endpoint.delay)
            try:
                self.send_response(endpoint.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(endpoint.body)))
                self.end_headers()
                self.wfile.write(endpoint.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@pytest.fixture
def endpoint() -> Iterator[tuple[FakeEndpoint, RewriterConfig]]:
    fake = FakeEndpoint()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    config = RewriterConfig(
        base_url=f"http://{host}:{port}/v1/", api_key="test-key", model="house-model", timeout=2
    )
    try:
        yield fake, config
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def draft() -> Draft:
    return compose(ITEMS)


def test_faithful_rewrite_is_accepted(endpoint, draft: Draft) -> None:
    fake, config = endpoint
    fake.reply_with(json.dumps(FAITHFUL))
    outcome = rewrite(draft, ITEMS, config)
    assert outcome.accepted, outcome.reason
    assert outcome.draft.headline == FAITHFUL["headline"]
    assert outcome.draft.standfirst == FAITHFUL["standfirst"]
    assert outcome.draft.body_paragraphs == tuple(FAITHFUL["body"])
    assert outcome.draft.takeaways == draft.takeaways
    assert outcome.draft.sources == draft.sources
    assert outcome.draft.attribution == "(With inputs from agencies.)"


def test_request_has_the_chat_completions_shape(endpoint, draft: Draft) -> None:
    fake, config = endpoint
    fake.reply_with(json.dumps(FAITHFUL))
    rewrite(draft, ITEMS, config)
    assert fake.paths == ["/v1/chat/completions"]
    assert fake.headers[0]["Authorization"] == "Bearer test-key"
    sent = fake.requests[0]
    assert sent["model"] == "house-model"
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert draft.standfirst in sent["messages"][1]["content"]
    assert draft.headline in sent["messages"][1]["content"]


def test_json_inside_a_code_fence_is_read(endpoint, draft: Draft) -> None:
    fake, config = endpoint
    fake.reply_with("Here you go:\n```json\n" + json.dumps(FAITHFUL) + "\n```")
    assert rewrite(draft, ITEMS, config).accepted


def _with(**changes: object) -> str:
    return json.dumps({**FAITHFUL, **changes})


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (
            _with(body=[*FAITHFUL["body"], "About 12,000 troops were sent in all."]),
            "number not in sources: 12000",
        ),
        (
            _with(body=[*FAITHFUL["body"], "The cost was 5 billion dollars a month."]),
            "number not in sources: 5 billion",
        ),
        (
            _with(headline="Putin and Defence Minister Andrei Belousov thank Kim for troops"),
            "name not in sources: Belousov",
        ),
        (
            _with(standfirst='Putin said North Korea had shown "true brotherhood" in Kursk.'),
            'quote not in sources: "true brotherhood"',
        ),
        (
            _with(
                body=[
                    '"The Korean friends acted out of a sense of duty," Putin said.',
                    *FAITHFUL["body"][1:],
                ]
            ),
            'quote not in sources: "The Korean friends acted out of a sense of duty"',
        ),
    ],
)
def test_invented_claims_are_rejected(endpoint, draft: Draft, reply: str, reason: str) -> None:
    fake, config = endpoint
    fake.reply_with(reply)
    outcome = rewrite(draft, ITEMS, config)
    assert not outcome.accepted
    assert outcome.draft is draft
    assert reason in outcome.reason


def test_server_error_keeps_the_extractive_draft(endpoint, draft: Draft) -> None:
    fake, config = endpoint
    fake.status, fake.body = 500, b'{"error": {"message": "overloaded"}}'
    outcome = rewrite(draft, ITEMS, config)
    assert (outcome.draft, outcome.accepted) == (draft, False)
    assert outcome.reason == "endpoint answered HTTP 500"


def test_timeout_keeps_the_extractive_draft(endpoint, draft: Draft) -> None:
    fake, config = endpoint
    fake.reply_with(json.dumps(FAITHFUL))
    fake.delay = 1.5
    quick = RewriterConfig(config.base_url, config.api_key, config.model, timeout=0.3)
    started = time.monotonic()
    outcome = rewrite(draft, ITEMS, quick)
    assert time.monotonic() - started < 1.4
    assert (outcome.draft, outcome.accepted) == (draft, False)
    assert "timed out" in outcome.reason


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>Bad Gateway</html>", "reply is not a chat completion"),
        (b'{"choices": []}', "reply is not a chat completion"),
    ],
)
def test_garbage_reply_keeps_the_extractive_draft(
    endpoint, draft: Draft, body: bytes, reason: str
) -> None:
    fake, config = endpoint
    fake.body = body
    outcome = rewrite(draft, ITEMS, config)
    assert (outcome.draft, outcome.accepted, outcome.reason) == (draft, False, reason)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Sure! Here is a nicer version of the article.", "model output is not a JSON object"),
        ('{"headline": "Putin thanks Kim"', "model output is not a JSON object"),
        ('{"headline": "Putin thanks Kim", "body": []}', "lacks headline, standfirst or body"),
        ('{"headline": "", "standfirst": "x", "body": ["y"]}', "model output has an empty field"),
    ],
)
def test_unusable_model_output_keeps_the_extractive_draft(
    endpoint, draft: Draft, content: str, reason: str
) -> None:
    fake, config = endpoint
    fake.reply_with(content)
    outcome = rewrite(draft, ITEMS, config)
    assert (outcome.draft, outcome.accepted) == (draft, False)
    assert reason in outcome.reason


def test_unreachable_endpoint_keeps_the_extractive_draft(draft: Draft) -> None:
    config = RewriterConfig("http://127.0.0.1:9", "k", "m", timeout=1)
    outcome = rewrite(draft, ITEMS, config)
    assert (outcome.draft, outcome.accepted) == (draft, False)
    assert outcome.reason.startswith("endpoint unreachable")


def test_disabled_rewriter_is_a_no_op(draft: Draft) -> None:
    outcome = rewrite(draft, ITEMS, None)
    assert (outcome.draft, outcome.accepted, outcome.reason) == (draft, False, "rewriter disabled")


def test_unsupported_claims_accepts_sourced_text() -> None:
    text = (
        "North Korea sent about 11,000 soldiers, the U.S. said. Seven officers were decorated, "
        'Mr. Peskov said. Putin spoke of "genuine comradeship".'
    )
    assert unsupported_claims(text, ITEMS) == []


def test_unsupported_claims_lists_each_problem() -> None:
    text = 'Meanwhile Sergei Shoigu said 14 units had "fought bravely" in Kursk.'
    assert unsupported_claims(text, [REUTERS.body_text]) == [
        'quote not in sources: "fought bravely"',
        "number not in sources: 14",
        "name not in sources: Sergei",
        "name not in sources: Shoigu",
    ]
