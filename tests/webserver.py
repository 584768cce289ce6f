"""A dateline web app served by uvicorn on a free loopback port in a thread (for the tests
that need a real HTTP server: the browser tests and the node UI test)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path


def serve(db_path: Path) -> tuple[str, object, threading.Thread]:
    """Start the app over ``db_path`` with uvicorn on a free loopback port, in a thread."""
    import uvicorn

    from dateline.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db_path), host="127.0.0.1", port=port,
                                           log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        time.sleep(0.025)
    else:
        raise RuntimeError("uvicorn did not start")
    return f"http://127.0.0.1:{port}", server, thread


def serve_documents(db_path: Path, docs):
    """Store ``docs`` in a new database at ``db_path``, merging each as the ingest does, and
    serve it: a generator for module fixtures that yields the base URL and stops the server
    afterwards."""
    from dateline.merge import merge_article
    from dateline.store import open_store

    store = open_store(db_path)
    for doc in docs:
        assert store.add_document(doc)
        merge_article(store, doc.article.id)
    store.close()
    base, server, thread = serve(db_path)
    yield base
    server.should_exit = True
    thread.join(timeout=10)
