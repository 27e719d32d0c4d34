"""User endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from memsvc.deps import DbDep, RuntimeDep
from memsvc.users import service
from memsvc.users.schemas import UserCreate, UserRead

router = APIRouter(prefix="/v1/users", tags=["users"])


@router.post("", response_model=UserRead, status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, db: DbDep, response: Response) -> UserRead:
    """Register a user; returns the existing one (200) if the id is taken."""
    user, created = service.register(db, user_id=body.id, metadata=body.metadata)
    if not created:
        response.status_code = status.HTTP_200_OK
    return user


@router.get("/{user_id}", response_model=UserRead)
def get_user(user_id: str, db: DbDep) -> UserRead:
    """A user with its session and turn counts."""
    return service.read(db, user_id=user_id)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: str, db: DbDep, runtime: RuntimeDep) -> None:
    """Delete a user and everything remembered about it, from SQL and the index."""
    service.delete(db, runtime=runtime, user_id=user_id)
