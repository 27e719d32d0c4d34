"""User endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from memsvc.deps import DbDep, ReadDbDep, RuntimeDep, TenantDep
from memsvc.pagination import Cursor, Limit, Page
from memsvc.schemas import UserIdPath
from memsvc.users import service
from memsvc.users.schemas import UserCreate, UserRead

router = APIRouter(prefix="/v1/users", tags=["users"])


@router.post(
    "",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": UserRead, "description": "The user already existed"}},
)
def create_user(body: UserCreate, db: DbDep, tenant: TenantDep, response: Response) -> UserRead:
    """Register a user; returns the existing one (200) if the id is taken."""
    user, created = service.register(db, user_id=tenant.scope(body.id), metadata=body.metadata)
    if not created:
        response.status_code = status.HTTP_200_OK
    return user


@router.get("", response_model=Page[UserRead])
def list_users(
    db: ReadDbDep, tenant: TenantDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[UserRead]:
    """The tenant's users, oldest first."""
    return service.list_for_tenant(db, tenant_id=tenant.tenant_id, limit=limit, cursor=cursor)


@router.get("/{user_id}", response_model=UserRead)
def get_user(user_id: UserIdPath, db: ReadDbDep, tenant: TenantDep) -> UserRead:
    """A user with its session and turn counts."""
    return service.read(db, user_id=tenant.scope(user_id))


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: UserIdPath, db: DbDep, runtime: RuntimeDep, tenant: TenantDep) -> None:
    """Delete a user and everything remembered about it: SQL, index, working memory, jobs."""
    service.delete(db, runtime=runtime, user_id=tenant.scope(user_id))
