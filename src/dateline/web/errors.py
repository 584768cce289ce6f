"""The API's one error shape, ``{"error": {"status", "code", "message", ...}}``, and the
exception a route raises to answer with it. Used by the app, its routes and the ASGI limits
(which answer before the app runs), so that every error a client sees is built here."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


class ApiError(Exception):
    """An error the API reports on purpose, with its HTTP status and a short code."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.extra = extra or {}


def error_body(status: int, code: str, message: str,
               extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON error body; ``extra`` adds fields (``parameter``, ``allowed``) to it."""
    return {"error": {"status": status, "code": code, "message": message, **(extra or {})}}


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None,
                   extra: dict[str, Any] | None = None) -> JSONResponse:
    """The error body as a response."""
    return JSONResponse(error_body(status, code, message, extra), status_code=status,
                        headers=headers)


def error_bytes(status: int, code: str, message: str) -> bytes:
    """The error body encoded, for ASGI code that answers before the app runs."""
    return json.dumps(error_body(status, code, message)).encode()
