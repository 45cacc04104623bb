"""The labelled secret corpus: fake credentials that must be masked, look-alikes that must not.

``tests/data/secrets/secrets.yaml`` holds recipes and the texts they appear in; the recipes are
filled with seeded random characters here, so the samples are the same on every run and the
repository holds no realistic key. ``lookalikes.yaml`` holds literal texts. A JSON-lines file
of ``{"id", "kind", "text", "secrets"}`` rows (empty ``secrets``: a look-alike) loads too.

:func:`score` runs a redaction function over samples and counts, per sample, a *leak* (any
labelled secret, or a 12-character piece of a long one, still in the output) or a
*destruction* (a look-alike's text changed at all).
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS_DIR = Path(__file__).parent / "data" / "secrets"
_CHARSETS = {
    "hex": "0123456789abcdef",
    "HEX": "0123456789ABCDEF",
    "b62": string.ascii_letters + string.digits,
    "b62_": string.ascii_letters + string.digits + "-_",
    "b64": string.ascii_letters + string.digits + "+/",
    "upper": string.ascii_uppercase + string.digits,
    "lower": string.ascii_lowercase + string.digits,
    "digits": string.digits,
}
_RECIPE = re.compile(r"\{(\w+)(?::(\d+))?\}")
_PIECE = 12


@dataclass(frozen=True)
class Sample:
    """One text and the secrets in it (none for a look-alike)."""

    id: str
    kind: str
    text: str
    secrets: tuple[str, ...] = ()


@dataclass
class Score:
    """What a redaction did to a set of samples."""

    secrets: int = 0
    lookalikes: int = 0
    leaked: list[Sample] = field(default_factory=list)
    destroyed: list[tuple[Sample, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line: counts of samples, leaks and destructions."""
        kinds_s = len({s.kind for s in self.leaked})
        return (f"{self.secrets} secrets: {len(self.leaked)} leaked ({kinds_s} kinds); "
                f"{self.lookalikes} look-alikes: {len(self.destroyed)} destroyed")


def _password(rng: random.Random) -> str:
    letters = string.ascii_letters + string.digits
    return (rng.choice("BCDFGHJKLMNPRSTVWXZ") + "".join(rng.choice(letters) for _ in range(9))
            + rng.choice("!#%*+") + "".join(rng.choice(string.digits) for _ in range(2)))


def fill_recipe(recipe: str, rng: random.Random) -> str:
    """The recipe with each ``{charset:N}``, ``{pw}``, ``{uuid}``, ``{b64pw}`` filled in."""

    def one(match: re.Match[str]) -> str:
        name, size = match.group(1), match.group(2)
        if name == "pw":
            return _password(rng)
        if name == "b64pw":
            return base64.b64encode(_password(rng).encode()).decode()
        if name == "uuid":
            h = "".join(rng.choice(_CHARSETS["hex"]) for _ in range(32))
            return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"
        return "".join(rng.choice(_CHARSETS[name]) for _ in range(int(size)))

    return _RECIPE.sub(one, recipe)


def load_secrets(path: Path = CORPUS_DIR / "secrets.yaml", seed: int = 18) -> list[Sample]:
    """Every (kind, text) of the recipe file, each with a freshly filled value."""
    rng = random.Random(seed)
    samples = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        for number, template in enumerate(entry["in"]):
            value = fill_recipe(entry["value"], rng)
            text = template.replace("{{", "\0").replace("}}", "\1").replace("{value}", value)
            text = text.replace("\0", "{").replace("\1", "}")
            samples.append(Sample(f"{entry['kind']}-{number}", entry["kind"], text, (value,)))
    return samples


def load_lookalikes(path: Path = CORPUS_DIR / "lookalikes.yaml") -> list[Sample]:
    """Every look-alike text of the file."""
    return [
        Sample(f"{entry['kind']}-{number}", entry["kind"], text)
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, text in enumerate(entry["in"])
    ]


def load_jsonl(path: Path) -> list[Sample]:
    """Samples of a JSON-lines file (``secrets`` empty for look-alikes)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Sample(r["id"], r["kind"], r["text"], tuple(r["secrets"])) for r in rows]


def _leaks(sample: Sample, output: str) -> bool:
    for secret in sample.secrets:
        if secret in output:
            return True
        pieces = (secret[i : i + _PIECE] for i in range(0, len(secret) - _PIECE + 1, _PIECE))
        if len(secret) >= 2 * _PIECE and any(piece in output for piece in pieces):
            return True
    return False


def score(samples: Iterable[Sample], redact: Callable[[str], str]) -> Score:
    """Leaks and destructions of ``redact`` over ``samples``."""
    result = Score()
    for sample in samples:
        output = redact(sample.text)
        if sample.secrets:
            result.secrets += 1
            if _leaks(sample, output):
                result.leaked.append(sample)
        else:
            result.lookalikes += 1
            if output != sample.text:
                result.destroyed.append((sample, output))
    return result
