"""Story endpoints under ``/api``: stored stories and the related articles of an article.

``GET /api/stories`` lists the stories stored by ``dateline stories --save`` and kept current by
ingest (schema 3; an older database has none and answers an empty list), ``GET
/api/stories/{id}`` gives one with its articles and their outlets, and ``GET
/api/articles/{id}/related`` the most similar articles published within a window of that
article's date (TF-IDF, computed on request over that window only; see
:func:`dateline.merge.story_db.related_articles`). Read-only, on a cursor of the app's shared
read connection, like the endpoints of :mod:`dateline.web.api`.
"""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, Path as PathParam, Query, Request

from ..merge import story_db
from ..query import MAX_OFFSET
from ..store import DuckDBStore
from .api import ERROR_RESPONSES, known_parameters
from .errors import ApiError

router = APIRouter(prefix="/api", tags=["stories"], dependencies=[Depends(known_parameters)],
                   responses=ERROR_RESPONSES)

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_LIMIT = 1000


@router.get("/stories", summary="Stored stories (articles grouped by the happening they "
                                "report), filtered by date, sorted and paginated")
def list_stories(
    request: Request,
    since: Optional[str] = Query(None, pattern=DATE_PATTERN,
                                 description="Stories with an article on or after this day "
                                             "(YYYY[-MM[-DD]])."),
    until: Optional[str] = Query(None, pattern=DATE_PATTERN,
                                 description="Stories that began on or before this day."),
    min_size: int = Query(2, ge=1, description="Only stories of at least this many articles."),
    q: Optional[str] = Query(None, max_length=200, description="Text in the headline."),
    sort: str = Query("-last_seen", max_length=40,
                      description="last_seen, first_seen, num_articles, num_outlets or "
                                  "headline; prefix - for descending."),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    if since and until and since > until:
        raise ApiError(400, "bad-parameter", f"since ({since}) is after until ({until})")
    with request.app.state.db.reader() as cur:
        try:
            rows, total = story_db.list_stories(cur, since=since, until=until,
                                                min_size=min_size, q=q, sort=sort,
                                                limit=limit, offset=offset)
        except ValueError as exc:
            raise ApiError(400, "bad-parameter", str(exc)) from exc
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/stories/{story_id}", summary="One stored story: headline, dates, outlets and "
                                           "its articles")
def get_story(request: Request,
              story_id: str = PathParam(..., max_length=100)) -> dict[str, Any]:
    with request.app.state.db.reader() as cur:
        story = story_db.get_story(cur, story_id)
    if story is None:
        raise ApiError(404, "not-found", f"no story with id {story_id!r}")
    return story


@router.get("/articles/{article_id}/related",
            summary="The articles most similar to one article, published within a window of "
                    "its date, with their cosine and whether they share its stored story")
def related(request: Request, article_id: str = PathParam(..., max_length=100),
            k: int = Query(5, ge=1, le=50, description="How many articles."),
            window: int = Query(7, ge=0, le=366, description="Days either side of the "
                                                             "article's date."),
            min_similarity: float = Query(0.1, ge=0.0, le=1.0,
                                          description="Leave out weaker matches.")
            ) -> dict[str, Any]:
    with request.app.state.db.reader() as cur:
        found = story_db.related_articles(DuckDBStore.on_connection(cur), article_id, k=k,
                                          window_days=window, min_similarity=min_similarity)
    if found is None:
        raise ApiError(404, "not-found", f"no single article with id {article_id!r}")
    return found
