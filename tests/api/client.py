"""A JSON client for the API tests: a user's bearer token, English messages."""

import json


class ApiClient:
    def __init__(self, client, key: str | None):
        self.client = client
        self.headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        if key:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"

    def get(self, path: str, params: dict | None = None):
        return self.client.get(path, params or {}, **self.headers)

    def _send(self, method: str, path: str, body):
        return getattr(self.client, method)(
            path, json.dumps(body, default=str), content_type="application/json", **self.headers
        )

    def post(self, path: str, body: dict):
        return self._send("post", path, body)

    def put(self, path: str, body: dict):
        return self._send("put", path, body)

    def patch(self, path: str, body: dict):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self.client.delete(path, **self.headers)


def messages(response) -> str:
    """All messages of an error answer as one string, for assertions."""
    detail = response.json()["detail"]
    return (
        " ".join(detail)
        if isinstance(detail, list) and detail and isinstance(detail[0], str)
        else str(detail)
    )
