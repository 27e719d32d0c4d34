"""Resource methods written once, for both clients.

A resource method only *describes* its call: it returns an `APIRequest` (or a `PageRequest`
for list endpoints). The `endpoint` and `paginated` decorators turn it into a method that
hands that description to the resource's core: `SyncCore` runs it and returns the result,
`AsyncCore` returns an awaitable (or an async iterator). The overloads on `__get__` tell a
type checker which of the two a `Memsvc` or an `AsyncMemsvc` method returns, with the
decorated function's own keyword-only signature.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, cast, overload

from ._core import AsyncCore, BaseCore, SyncCore
from ._request import APIRequest, PageRequest

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")
CoreT = TypeVar("CoreT", bound=BaseCore)


class Resource(Generic[CoreT]):
    """A namespace of API methods bound to one core (sync or async)."""

    def __init__(self, core: CoreT) -> None:
        self._core: CoreT = core


class _Operation(Generic[P, R]):
    """Binds a request-describing function to the core of the resource it is read from."""

    _execute: str  # the core method that runs what the function describes

    def __init__(self, describe: Callable[Concatenate[Any, P], R]) -> None:
        self._describe = describe
        functools.update_wrapper(cast(Any, self), describe)
        # help() and IDEs should show the method's result, not the request it describes.
        self._signature = inspect.signature(describe).replace(
            return_annotation=inspect.Signature.empty
        )

    def _bind(self, resource: Resource[Any]) -> Callable[..., Any]:
        describe, execute = self._describe, getattr(resource._core, self._execute)

        @functools.wraps(describe)
        def method(owner: Resource[Any], /, *args: Any, **kwargs: Any) -> Any:
            return execute(describe(owner, *args, **kwargs))

        method.__signature__ = self._signature  # type: ignore[attr-defined]
        return types.MethodType(method, resource)


class endpoint(_Operation[P, APIRequest[T]]):
    """A method returning `T` on `Memsvc` and an awaitable of `T` on `AsyncMemsvc`."""

    _execute = "request"

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: Resource[SyncCore], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, resource: Resource[AsyncCore], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        return self if resource is None else self._bind(resource)


class paginated(_Operation[P, PageRequest[T]]):
    """A list method returning `Iterator[T]` on `Memsvc`, `AsyncIterator[T]` on `AsyncMemsvc`."""

    _execute = "paginate"

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, resource: Resource[SyncCore], owner: type[Any]
    ) -> Callable[P, Iterator[T]]: ...
    @overload
    def __get__(
        self, resource: Resource[AsyncCore], owner: type[Any]
    ) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        return self if resource is None else self._bind(resource)
