"""A deterministic OpenAI-compatible chat server on loopback, for testing the QA path."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def reply_for(prompt: str) -> str:
    """Answers echo the memories; judges say yes/CORRECT iff the gold answer is in the response."""
    if "Model Response:" in prompt:
        gold = re.search(
            r"(?:Correct Answer|Explanation|Rubric): (.*?)\n\nModel Response: ", prompt, re.S
        )
        response = prompt.split("Model Response: ", 1)[1]
        return "yes" if gold and gold.group(1).lower() in response.lower() else "no"
    if "Gold answer:" in prompt:
        gold = prompt.rsplit("Gold answer: ", 1)[1].split("\n", 1)[0]
        response = prompt.split("Generated answer: ", 1)[1]
        label = (
            "CORRECT"
            if gold.lower() in response.split("\n\nFirst, provide")[0].lower()
            else "WRONG"
        )
        return f'The answer is judged. {{"label": "{label}"}}'
    memories = prompt.split("Memories:\n", 1)[-1].split("\n\nQuestion:", 1)[0]
    return f"From memory: {memories}"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        content = reply_for(body["messages"][-1]["content"])
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args: Any) -> None:
        """Quiet."""


class _Server(ThreadingHTTPServer):
    requests: list[dict[str, Any]]


@contextmanager
def fake_llm() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(base URL, list of received requests) while the server runs in a thread."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", server.requests
    finally:
        server.shutdown()
        server.server_close()
