"""One background job at a time, with progress and cancellation.

``JobRunner.start(work)`` runs ``work(job)`` on a daemon thread and returns
the ``Job``; the work reports through ``job.progress(fraction, text)`` and
should call ``job.check()`` between steps, which raises ``Cancelled`` once
``job.cancel()`` was asked. The caller polls ``job.done`` (Blender: from a
modal operator's timer) and reads ``job.result`` or ``job.error``; nothing
here touches Blender data.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable


class BusyError(RuntimeError):
    pass


class Cancelled(Exception):
    pass


class Job:
    def __init__(self, label: str) -> None:
        self.label = label
        self.fraction = 0.0
        self.text = "starting"
        self.result = None
        self.error: BaseException | None = None
        self.details = ""
        self.messages: list[str] = []
        self.started = time.perf_counter()
        self.finished: float | None = None
        self._cancel = threading.Event()
        self._done = threading.Event()

    def progress(self, fraction: float | None = None, text: str | None = None) -> None:
        self.check()
        if fraction is not None:
            self.fraction = min(max(float(fraction), 0.0), 1.0)
        if text is not None:
            self.text = text

    def notify(self, message: str) -> None:
        """A message for the user (e.g. a CPU fallback), shown when the job ends."""
        self.messages.append(message)
        self.text = message

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled(f"{self.label} was cancelled")

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    @property
    def seconds(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    def _finish(self) -> None:
        self.finished = time.perf_counter()
        self._done.set()


class JobRunner:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.current: Job | None = None

    @property
    def busy(self) -> bool:
        return self.current is not None and not self.current.done

    def start(self, label: str, work: Callable[[Job], object], *, background: bool = True) -> Job:
        """Run ``work``; ``background=False`` runs it here (scripts, tests)
        with the same bookkeeping."""
        with self._lock:
            if self.busy:
                raise BusyError(f"Text2Motion is busy with '{self.current.label}'; wait for it or cancel it (Esc) first")
            job = Job(label)
            self.current = job

        def target() -> None:
            try:
                job.check()
                job.result = work(job)
                job.check()
                job.fraction = 1.0
            except Cancelled as error:
                job.error = error
            except BaseException as error:  # noqa: BLE001 - reported to the user
                job.error = error
                if not isinstance(error, ValueError):  # bad input needs its message, not a trace
                    job.details = traceback.format_exc()
            finally:
                job._finish()

        if background:
            threading.Thread(target=target, name=f"t2m: {label}", daemon=True).start()
        else:
            target()
        return job


_shared: list[JobRunner] = []


def shared_runner() -> JobRunner:
    if not _shared:
        _shared.append(JobRunner())
    return _shared[0]
