"""The wheel is self-contained: built from the project's files, installed into a throw-away
environment, run from a folder outside the checkout, it reviews, drafts with the scripted model
and runs the eval suite from what it ships.

The throw-away environment gets the wheel with ``--no-deps`` and borrows the dependencies of the
test environment through a plain path entry (a ``.pth`` line naming its site-packages), which
Python adds to ``sys.path`` without running the editable-install hook found there, so nothing of
the source tree can be imported.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    postmortem: Path
    outside: Path
    cases: Path


def _project_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the wheel is built from the project's tracked files")
    return [name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()]


def _run(*args: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    for name in _project_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-w", base / "dist", source, cwd=base)
    (wheel,) = (base / "dist").glob("*.whl")
    env = base / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", env, cwd=base)
    python = env / "bin" / "python"
    env_site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                         cwd=base).stdout.strip())
    (env_site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
         "--disable-pip-version-check", wheel, cwd=base)
    outside = base / "elsewhere"
    outside.mkdir()
    cases = Path(_run(python, "-c", "from assistant.evals.cases import CASES_DIR; print(CASES_DIR)",
                      cwd=outside).stdout.strip())
    return Installed(wheel, python, env / "bin" / "postmortem", outside, cases)


def test_wheel_installs_one_package_with_prompts_and_cases(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert {name.split("/")[0] for name in names} == {
        "assistant", "postmortem_assistant-0.1.0.dist-info"
    }
    assert "assistant/prompt_files/deepen_whys/v1.yaml" in names
    assert "assistant/evals/suite/baseline.json" in names
    assert "assistant/evals/suite/cases/bad-deploy-checkout/expected.yaml" in names
    where = _run(installed.python, "-c", "import assistant; print(assistant.__file__)",
                 cwd=installed.outside).stdout
    assert str(ROOT) not in where and "site-packages" in where
    for module in ("app", "evals"):
        done = _run(installed.python, "-c", f"import {module}", cwd=installed.outside, check=False)
        assert f"No module named '{module}'" in done.stderr


def test_installed_review_reads_a_shipped_postmortem(installed: Installed) -> None:
    draft = installed.cases / "config-push" / "postmortem.md"
    done = _run(installed.postmortem, "review", draft, "--format", "json", cwd=installed.outside)
    review = json.loads(done.stdout)
    assert review["schema_version"] == 2
    assert review["document"]["date"] == "2024-03-21"
    assert review["action_items"] and "what" in review["action_items"][0]


def test_installed_draft_replays_the_shipped_scripted_answers(installed: Installed) -> None:
    case = installed.cases / "bad-deploy-checkout"
    done = _run(installed.postmortem, "draft", "chat.txt", "notes.md", "alerts.csv",
                "--date", "2024-05-07", "--model", f"scripted:{case / 'responses'}",
                "--format", "json", cwd=case / "inputs")
    document = json.loads(done.stdout)
    assert document["provenance"]["summary"] == "model"
    assert all(event["evidence"] for event in document["timeline"])


def test_installed_eval_runs_one_case_against_the_shipped_baseline(installed: Installed) -> None:
    report = installed.outside / "report"
    done = _run(installed.postmortem, "eval", "--model", "scripted", "--case",
                "bad-deploy-checkout", "--report", report, cwd=installed.outside)
    assert "1 cases in" in done.stdout + done.stderr
    results = json.loads((report / "results.json").read_text())
    assert [case["id"] for case in results["cases"]] == ["bad-deploy-checkout"]
    assert "draft_summary@v1" in results["prompts"]
