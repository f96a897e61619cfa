"""FastAPI conveniences (this module imports FastAPI; the rest of the package needs only Starlette)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from .middleware import usage
from .record import Usage

UsageDep = Annotated[Usage, Depends(usage)]
"""The request's usage record as a FastAPI dependency: `def handler(u: UsageDep): ...`."""

__all__ = ["UsageDep"]
