"""What every navsok command shares: exit codes and the --index option."""

from __future__ import annotations

from pathlib import Path

import click

from navsok import config, interrupt

EXIT_HITS, EXIT_NO_HITS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = interrupt.EXIT_INTERRUPTED  # 128 + SIGINT, as shells report Ctrl-C

index_option = click.option(
    "--index",
    "index_flag",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Index folder [default: ${config.INDEX_ENV}, else navsok.toml, else {config.DEFAULT_INDEX}/].",
)
