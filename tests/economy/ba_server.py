"""A local stand-in for the Bundesagentur's job search: a real HTTP server in a thread
that answers with the recorded answers in `recordings/`, and the `ba_server` fixture
that points QUARTIER_BA_JOBS_URL at it (the production client talks to it unchanged)."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

RECORDINGS = Path(__file__).parent / "recordings"


def recording(name: str) -> bytes:
    return (RECORDINGS / name).read_bytes()


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


def answer(name: str, status: int = 200, **headers) -> Answer:
    content_type = "text/html" if name.endswith(".html") else "application/json"
    return Answer(status, recording(name), {"Content-Type": content_type, **headers})


EMPTY = Answer(200, json.dumps({"stellenangebote": [], "maxErgebnisse": 0}).encode())


class FakeJobSearch:
    """Answers per page number: `pages[n]` is a list of answers given in turn (the last
    one again once the others are used); a page without answers gets an empty page."""

    def __init__(self):
        self.pages: dict[int, list[Answer]] = {}
        self.requests: list[dict] = []
        self.server = None

    def on_page(self, page: int, *answers: Answer) -> None:
        self.pages[page] = list(answers)

    def next_answer(self, page: int) -> Answer:
        queue = self.pages.get(page)
        if not queue:
            return EMPTY
        return queue.pop(0) if len(queue) > 1 else queue[0]

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/jobboerse/jobsuche-service"


def _handler(fake: FakeJobSearch):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parsed = urlparse(self.path)
            params = {key: values[0] for key, values in parse_qs(parsed.query).items()}
            fake.requests.append(
                {"path": parsed.path, "params": params, "api_key": self.headers.get("X-API-Key")}
            )
            reply = fake.next_answer(int(params.get("page", 1)))
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format, *args):
            pass

    return Handler


@pytest.fixture(name="ba_server")
def ba_server_fixture(settings):
    fake = FakeJobSearch()
    fake.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.server.daemon_threads = True
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    settings.QUARTIER_BA_JOBS_URL = fake.url
    settings.QUARTIER_BA_API_KEY = "test-key"
    settings.QUARTIER_BA_RETRY_SECONDS = 0
    settings.QUARTIER_BA_TIMEOUT = 2
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
