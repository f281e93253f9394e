"""A parallel map whose failures stay with their task: a dead worker or a stalled task fails alone.

``concurrent.futures.ProcessPoolExecutor`` notices a dead worker but then fails every pending task,
and it cannot stop one stalled task; ``multiprocessing.Pool`` hangs forever. Here each worker is a
process we own, talking over its own pipe: when one dies (an out-of-memory kill, a crash in a C
library) or runs past the time cap, that task gets a ``TaskFailure``, the worker is killed and
replaced, and the other tasks go on. Results come back in task order, with at most ``window`` tasks
in flight, so a slow task never lets finished results pile up without bound.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from parsers.formats.convert import parent_death_signal

IN_FLIGHT_PER_WORKER = 4
_POLL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """A task that produced no result: its worker died, or it ran past the time cap."""

    reason: str


# Descriptors of the parent a worker must not keep: the run's lock (store.py registers it).
_CLOSE_IN_WORKERS: set[int] = set()


@contextlib.contextmanager
def closed_in_workers(fd: int) -> Iterator[None]:
    """Have every worker started inside the block close the parent's descriptor ``fd``."""
    _CLOSE_IN_WORKERS.add(fd)
    try:
        yield
    finally:
        _CLOSE_IN_WORKERS.discard(fd)


class _Worker:
    def __init__(self, context, func: Callable[[Any], Any], others: tuple[int, ...] = ()) -> None:
        self.conn, child = context.Pipe(duplex=True)
        parent, inherited = os.getpid(), (*others, *_CLOSE_IN_WORKERS)
        self.process = context.Process(target=_serve, args=(func, child, parent, inherited), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None  # the task it is working on
        self.started = 0.0

    def give(self, index: int, task) -> None:
        self.index, self.started = index, time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        self.conn.close()


def tune_gc() -> None:
    """Collect cycles less often in a process that parses: a publication makes some hundred thousand
    small objects, nearly all freed by reference counting, and the cycle collector run every 700
    allocations found nothing and cost about 5% of the parse. What the process holds already (the
    modules, their caches) is frozen out of the collections."""
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


def _serve(func: Callable[[Any], Any], conn: Connection, parent: int, inherited: tuple[int, ...]) -> None:
    # The parent decides when to stop; a Ctrl-C in the terminal reaches the whole process group,
    # and the parent's handler is the one that cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tune_gc()
    die_with_parent(parent)
    # A forked worker holds every descriptor its parent had: the run's lock, the other workers'
    # pipes. Kept, they outlive a killed parent and block every later run.
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(func(task))


def run_tasks(
    func: Callable[[Any], Any],
    tasks: Sequence,
    *,
    jobs: int = 1,
    timeout: float | None = None,
    window: int | None = None,
) -> Iterator[tuple[Any, Any]]:
    """Yield ``(task, func(task))`` in task order, running ``jobs`` worker processes.

    A task whose worker dies, or that runs longer than ``timeout`` seconds, yields a ``TaskFailure``
    in place of its result. ``func`` runs in forked workers: it must not rely on the caller's
    threads or open connections.
    """
    if not tasks:
        return
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    jobs = max(1, min(jobs, len(tasks)))
    window = window or IN_FLIGHT_PER_WORKER * jobs
    pool = _Pool(context, func, jobs, timeout)
    try:
        yield from pool.run(tasks, window)
    finally:
        pool.close()


class _Pool:
    def __init__(self, context, func, jobs: int, timeout: float | None) -> None:
        self.context, self.func, self.timeout = context, func, timeout
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []
        for _ in range(jobs):
            self.idle.append(_Worker(context, func, self._pipes()))

    def run(self, tasks: Sequence, window: int) -> Iterator[tuple[Any, Any]]:
        done: dict[int, Any] = {}
        next_task = next_yield = 0
        while next_yield < len(tasks):
            while self.idle and next_task < len(tasks) and next_task - next_yield < window:
                worker = self.idle.pop()
                worker.give(next_task, tasks[next_task])
                self.busy.append(worker)
                next_task += 1
            if next_yield in done:
                yield tasks[next_yield], done.pop(next_yield)
                next_yield += 1
                continue
            done.update(self._collect())

    def _collect(self) -> dict[int, Any]:
        """Wait for results (or deaths, or the time cap) of the busy workers."""
        ready = set(wait([w.conn for w in self.busy] + [w.process.sentinel for w in self.busy], self._wait()))
        results: dict[int, Any] = {}
        now = time.monotonic()
        for worker in list(self.busy):
            index = worker.index
            if worker.conn in ready:
                try:
                    results[index] = worker.conn.recv()
                except (EOFError, OSError):
                    results[index] = TaskFailure(_death(worker))
                    self._replace(worker)
                    continue
                self.busy.remove(worker)
                self.idle.append(worker)
            elif worker.process.sentinel in ready:
                results[index] = TaskFailure(_death(worker))
                self._replace(worker)
            elif self.timeout is not None and now - worker.started > self.timeout:
                results[index] = TaskFailure(f"stopped after {self.timeout:g} s (the time cap per file)")
                self._replace(worker)
        return results

    def _wait(self) -> float:
        if self.timeout is None:
            return _POLL_SECONDS * 60
        now = time.monotonic()
        first_deadline = min(w.started + self.timeout for w in self.busy)
        return max(0.0, min(first_deadline - now, _POLL_SECONDS * 60)) + 0.01

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self.busy.remove(worker)
        self.idle.append(_Worker(self.context, self.func, self._pipes()))

    def _pipes(self) -> tuple[int, ...]:
        """The parent's ends of the other workers' pipes, which a new worker inherits."""
        return tuple(w.conn.fileno() for w in (*self.idle, *self.busy) if not w.conn.closed)

    def close(self) -> None:
        for worker in self.busy:
            worker.kill()
        for worker in self.idle:
            worker.stop()
        self.busy, self.idle = [], []


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Have the kernel send ``sig`` to this process when its parent dies (Linux); exit if it has."""
    parent_death_signal(sig)
    if os.getppid() != parent:  # the parent died before the call above: nobody waits for us
        os._exit(1)


def _death(worker: _Worker) -> str:
    worker.process.join(timeout=5)
    code = worker.process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"its worker process was killed by {name}{hint}"
    return f"its worker process died (exit code {code})"
