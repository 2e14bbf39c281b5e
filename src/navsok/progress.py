"""Progress of long work (an index run) as a Rich bar on stderr, only on a terminal."""

from __future__ import annotations


class ProgressBar:
    """A Rich progress bar on stderr, drawn only when stderr is a terminal.

    Use as a context manager; the instance is the ``progress(done, total)`` callback.
    """

    def __init__(self, description: str):
        self.description = description
        self._progress = None
        self._task = None

    def __enter__(self):
        import sys

        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=None)
        return self

    def __call__(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc_info):
        if self._progress is not None:
            self._progress.stop()
