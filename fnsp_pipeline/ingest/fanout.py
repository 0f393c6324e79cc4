"""Bounded fan-out for per-item requests: a sliding window of tasks, results as they finish."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


async def bounded_map(func: Callable[..., Awaitable[T]], arguments: Iterable[tuple],
                      window: int) -> AsyncIterator[tuple[tuple, T]]:
    """Run `func(*args)` for every args with at most `window` in flight; yield (args, result).

    The first exception cancels what is still in flight and propagates.
    """
    pending: dict[asyncio.Task, tuple] = {}
    iterator = iter(arguments)
    try:
        while True:
            while len(pending) < window:
                args = next(iterator, None)
                if args is None:
                    break
                pending[asyncio.create_task(func(*args))] = args
            if not pending:
                return
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                args = pending.pop(task)
                yield args, task.result()
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

