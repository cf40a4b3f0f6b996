"""Shared fixtures: small hand-written tables, independent of the built-in ones."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from normalize import Normalizer, parse_table
from tests.linter_support import TABLE as LINTER_TABLE
from tests.linter_support import Project

CACHE_ENV = "TRANSLIT_NORMALIZE_CACHE"

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A long fuzzing run: HYPOTHESIS_PROFILE=stress python -m pytest tests/test_reference.py ...
settings.register_profile("stress", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

NEWS_TABLE = """
[table]
name = "news"
description = "a test table"

[[entity]]
canonical = "Zelenskyy"
source = "Зеленський"
lang = "uk"
variants = ["Selenskyj", "Zelenskiy", "Zelensky", "Zelens'kyj", "Zelenskyi", "Zelenskyj"]
except = ["Zelensky Street"]

[[entity]]
canonical = "Volodymyr Zelenskyy"
source = "Володимир Зеленський"
lang = "uk"
variants = ["Vladimir Zelenskiy", "Vladimir Zelenskyy", "Wolodymyr Selenskyj"]

[[entity]]
canonical = "Kyiv"
source = "Київ"
lang = "uk"
variants = ["Kiev", "Kiew", "Kijów"]
except = ["Chicken Kiev", "Battle of Kiev"]

[[entity]]
canonical = "Kherson"
source = "Херсон"
lang = "uk"
variants = ["Cherson"]

[[entity]]
canonical = "Kryvyi Rih"
source = "Кривий Ріг"
lang = "uk"
variants = ["Krivoy Rog", "Kryvyy Rih"]

[[entity]]
canonical = "Kim Jong Un"
source = "김정은"
lang = "ko"
variants = ["Kim Jong-un", "Kim Jong-Un"]

[[entity]]
canonical = "al-Qaida"
source = "القاعدة"
lang = "ar"
variants = ["al-Qa'ida", "al-Qaeda"]

[[entity]]
canonical = "TASS"
source = "ТАСС"
lang = "ru"
variants = ["Tass"]

[[entity]]
canonical = "Odesa"
source = "Одеса"
lang = "uk"
variants = ["Odessa"]
except = ["Odessa, Texas"]

[[entity]]
canonical = "Kyïv Café"
variants = ["Kiev Cafe"]

[[entity]]
canonical = "Donbas"
source = "Донбас"
lang = "uk"
variants = ["Donbass"]
"""


@pytest.fixture(scope="session")
def news() -> Normalizer:
    """A Normalizer over the test table only."""
    return Normalizer(tables=[parse_table(NEWS_TABLE, "news.toml")], builtin=False, context=())


@pytest.fixture()
def table_file(tmp_path: Path) -> Path:
    """The test table written to a file."""
    p = tmp_path / "news.toml"
    p.write_text(NEWS_TABLE, encoding="utf-8")
    return p


@pytest.fixture(scope="session", autouse=True)
def _test_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | None]:
    """Tests never touch the user's cache folder: one private cache for the session.

    It lives under pytest's own temporary folder and is removed when the session ends. It is
    set in ``os.environ`` itself (not per test), so that the subprocesses the tests start inherit
    it. A cache the caller chose (``TRANSLIT_NORMALIZE_CACHE=off python -m pytest``) is kept.
    """
    if os.environ.get(CACHE_ENV) is not None:
        yield None
        return
    folder = tmp_path_factory.mktemp("tn-test-cache", numbered=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(folder))
        yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A linter project folder (the current directory) with the linter tests' table beside it."""
    table = tmp_path / "names.toml"
    table.write_text(LINTER_TABLE, encoding="utf-8")
    root = tmp_path / "proj"
    root.mkdir()
    monkeypatch.chdir(root)
    return Project(root, table)
