"""The route template of a request (`/v1/translate/{job_id}`), never its raw path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from starlette.routing import BaseRoute, Match


def route_template(scope: Mapping[str, Any]) -> str | None:
    """The template of the route that serves `scope`, mount prefixes included; `None` when no route matches.

    `scope` must be the request's scope as it arrived (before routing rewrote `root_path` and `path_params`), with
    `scope["app"]` the Starlette or FastAPI application. Falls back on `scope["route"].path` for other apps.
    """
    app = scope.get("app")
    routes = getattr(app, "routes", None)
    if routes is not None:
        found = _match(routes, dict(scope), "")
        if found is not None:
            return found
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else None


def _match(routes: Iterable[BaseRoute], scope: dict[str, Any], prefix: str) -> str | None:
    partial: str | None = None
    for route in routes:
        try:
            match, child = route.matches(scope)
        except Exception:  # a custom route that cannot match this scope
            continue
        if match == Match.NONE:
            continue
        template = prefix + str(getattr(route, "path", ""))
        inner_routes = getattr(route, "routes", None)
        if inner_routes:
            # A Mount or Host: the inner router matches against the scope the outer one would pass down.
            inner = _match(inner_routes, {**scope, **child}, template)
            if inner is not None:
                return inner
            if match == Match.FULL:
                return template
            continue
        if match == Match.FULL:
            return template
        # PARTIAL: the path matches but not the method (405); the template is still the route's.
        partial = partial or template
    return partial
