"""The shape of the code (docs/architecture.md), so a new app copies the right one.

Every feature app has the same rooms; a feature is a module inside a room, never a
feature-prefixed module beside it; a room package's `__init__` re-exports nothing; and
the tests mirror the code. The layers themselves (views/api above forms above
services/selectors above models, core imports no feature app) are import-linter's
contracts in pyproject.toml (`make lint`).
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
QUARTIER = ROOT / "quartier"
TESTS = ROOT / "tests"

#: Every app has these, each a module (`services.py`) or, past ~400 lines, a package.
ROOMS = ("models", "services", "selectors", "rules", "forms", "views", "api", "urls", "admin")

#: Apps that are not features: the API assembly and the demo seeding.
NOT_FEATURE_APPS = {"quartier.api", "quartier.demo"}

#: Rooms an app does not have yet, and why. Remove an entry when the room arrives.
ROOMS_NOT_YET = {
    # Its permissions are cases' (`cases.import_participants`, `cases.view_case`).
    "participants": {"rules"},
    # Its pages are for people in the browser; nothing of it is in the API.
    "privacy": {"api"},
    # Platform admins' pages only, and nothing to fill in yet.
    "operations": {"api", "forms"},
}

#: Room packages whose `__init__` holds only its docstring (the list of its modules).
DOCSTRING_ONLY_PACKAGES = ("services", "selectors", "views", "forms")

#: Feature-prefixed modules beside the rooms (`catalogue_forms.py`, `import_views.py`,
#: `api_selectors.py`): a feature is a module inside the room instead.
FEATURE_PREFIXED = re.compile(
    r"^(\w+_(forms|urls|views|selectors|services)|api_selectors|api_services)\.py$"
)


def feature_apps() -> list[str]:
    return sorted(
        config.name.removeprefix("quartier.")
        for config in apps.get_app_configs()
        if config.name.startswith("quartier.") and config.name not in NOT_FEATURE_APPS
    )


def python_files(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        if "migrations" not in path.parts and "__pycache__" not in path.parts:
            yield path


def is_package(path: Path) -> bool:
    return (path / "__init__.py").is_file()


@pytest.mark.parametrize("app", feature_apps())
def test_every_app_has_the_rooms(app):
    folder = QUARTIER / app
    missing, twice = [], []
    for room in ROOMS:
        module, package = (folder / f"{room}.py").is_file(), is_package(folder / room)
        if module and package:
            twice.append(room)
        elif not (module or package) and room not in ROOMS_NOT_YET.get(app, set()):
            missing.append(room)
    assert not missing, f"quartier/{app} has no {', '.join(missing)} (module or package)"
    assert not twice, f"quartier/{app} has both a module and a package for {twice}"


def test_no_feature_prefixed_modules_beside_the_rooms():
    found = [
        str(path.relative_to(ROOT))
        for path in python_files(QUARTIER)
        if FEATURE_PREFIXED.match(path.name)
    ]
    assert found == [], "move these into their room (services/x.py, forms/x.py, ...)"


def room_packages(rooms):
    for app in feature_apps():
        for room in rooms:
            if is_package(QUARTIER / app / room):
                yield QUARTIER / app / room / "__init__.py"


@pytest.mark.parametrize(
    "init", list(room_packages(DOCSTRING_ONLY_PACKAGES)), ids=lambda p: str(p.relative_to(ROOT))
)
def test_room_packages_hold_only_their_docstring(init):
    """One import path per function: `from quartier.offers.services.attendance import
    ...`, never a second one through the package."""
    module = ast.parse(init.read_text())
    assert ast.get_docstring(module), "the package's docstring lists its modules"
    assert module.body[1:] == [], "a room package's __init__ holds only its docstring"


@pytest.mark.parametrize(
    "init", list(room_packages(("api",))), ids=lambda p: str(p.relative_to(ROOT))
)
def test_api_packages_import_only_their_modules(init):
    """An `api/` package joins its modules' routers into `router` (for
    quartier.api.api); it imports modules, not functions to pass on."""
    package = ".".join(init.parent.relative_to(ROOT).parts)
    for node in ast.parse(init.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module.startswith("quartier."):
            assert node.module == package, f"{node.module}: import the package's own modules"
            for alias in node.names:
                assert (init.parent / f"{alias.name}.py").is_file(), (
                    f"{alias.name} is not a module of {package}"
                )


def test_tests_of_a_room_package_name_its_modules():
    """tests/<app>/<package>/test_<module>.py (or test_<module>_<aspect>.py) tests
    quartier/<app>/<package>/<module>.py; a test that spans modules lives in
    tests/<app>/."""
    strays = []
    for folder in sorted(TESTS.glob("*/*/")):
        if folder.name == "__pycache__" or not is_package(folder):
            continue
        app, package = folder.parent.name, folder.name
        code = QUARTIER / app / package
        if not is_package(code):
            strays.append(f"{folder.relative_to(ROOT)}/ (no package quartier/{app}/{package})")
            continue
        modules = {path.stem for path in code.glob("*.py")} | {
            path.name for path in code.iterdir() if is_package(path)
        }
        for test in sorted(folder.glob("test_*.py")):
            name = test.stem.removeprefix("test_")
            if not any(name == m or name.startswith(f"{m}_") for m in modules - {"__init__"}):
                strays.append(str(test.relative_to(ROOT)))
    assert strays == [], "name the module under test, or move a test spanning modules up"


def test_date_sensitive_modules_exist():
    """A test module moved or renamed keeps its `date_sensitive` mark (tests/conftest.py)."""
    from tests.conftest import DATE_SENSITIVE_MODULES

    missing = sorted(path for path in DATE_SENSITIVE_MODULES if not (ROOT / path).is_file())
    assert missing == [], "update DATE_SENSITIVE_MODULES in tests/conftest.py"
