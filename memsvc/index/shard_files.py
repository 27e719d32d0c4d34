"""The edge shard's directory and its siblings: a rewrite's staging copy, the retired copy,
the mark that deletes are waiting for a rewrite; swapped so that a crash at any step leaves
one whole shard."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShardFiles:
    """Paths next to the shard directory (data_dir/index.compacting, .retired, .compact-pending)."""

    path: Path

    @property
    def staging(self) -> Path:
        """Where a rewrite builds the fresh shard."""
        return self._sibling("compacting")

    @property
    def retired(self) -> Path:
        """Where the old shard waits, for a moment, to be removed after a swap."""
        return self._sibling("retired")

    @property
    def pending(self) -> Path:
        """Present while deleted points may still sit in the shard's files."""
        return self._sibling("compact-pending")

    def _sibling(self, suffix: str) -> Path:
        return self.path.with_name(f"{self.path.name}.{suffix}")

    def recover(self) -> None:
        """Finish a swap a crash interrupted, and drop what an interrupted rewrite left."""
        # The staging shard is renamed only once complete and closed, so with the shard
        # itself gone (moved to retired) it is the newest whole copy.
        if not self.path.exists() and self.staging.is_dir() and self.retired.exists():
            log.warning("finishing an interrupted index compaction at %s", self.path)
            self.staging.rename(self.path)
        for leftover in (self.staging, self.retired):
            remove(leftover)

    def swap_in_staging(self) -> None:
        """Make the staging shard the shard and remove the old one (both closed)."""
        remove(self.retired)
        self.path.rename(self.retired)
        self.staging.rename(self.path)
        remove(self.retired)

    def mark_pending(self) -> None:
        """Note that deletes wait for a rewrite (survives a crash)."""
        self.pending.touch()

    def clear_pending(self) -> None:
        """Note that the shard's files hold no deleted points."""
        self.pending.unlink(missing_ok=True)


def remove(path: Path) -> None:
    """Remove a directory tree, a file or a link at path, if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
