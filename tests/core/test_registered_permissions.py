"""Every permission the code checks is registered, and every `rules` permission is checked.

A typo in a permission name (`"offers.change_ofer"`) does not fail: `has_perm` simply
says no, and the page is closed to everyone. A permission declared in a `rules.py`
but never checked is a rule nobody enforces. This test reads the sources of
`quartier/` (Python by its syntax tree, templates by pattern) and fails for both.

A permission counts as checked where its name is
- an argument of a call whose name mentions a permission or a requirement
  (`has_perm`, `has_perms`, `permission_required`, `rules.test_rule`, `_require`, …),
- a keyword argument `perm=`/`perms=`/`permission=`/`permission_required=`,
- assigned to a name or attribute that mentions a permission (`EXPORT_PERM = "x.y"`,
  `permission_required = "x.y"`),
- in a template: `{% has_perm "x.y" … %}`, `{% test_rule "x.y" … %}` or `perms.x.y`.
"""

import ast
import re
from pathlib import Path

import rules
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2] / "quartier"

#: Calls that declare rather than check a permission.
DECLARING = {"add_perm", "set_perm", "remove_perm", "add_rule", "set_rule", "remove_rule"}
CHECK_WORDS = ("perm", "require", "rule")
KEYWORDS = {"perm", "perms", "permission", "permissions", "permission_required"}
TEMPLATE_CHECKS = (
    re.compile(r"""\{%\s*(?:has_perm|test_rule|test_perm)\s+["']([\w]+\.[\w]+)["']"""),
    re.compile(r"\bperms\.(\w+\.\w+)"),
)
PERMISSION_NAME = re.compile(r"^([a-z_]+)\.([a-z][a-z0-9_]*)$")


def _labels() -> set[str]:
    return {config.label for config in apps.get_app_configs()}


def _is_permission_name(value, labels) -> bool:
    if not isinstance(value, str):
        return False
    match = PERMISSION_NAME.match(value)
    return bool(match) and match.group(1) in labels


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _strings(node) -> list[str]:
    """String constants in an expression (`"a.b"`, `"a.b" if x else "c.d"`, tuples)."""
    return [
        child.value
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str)
    ]


def _target_names(target) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Attribute):
        return [target.attr]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _target_names(element)]
    return []


def python_checks(tree: ast.AST, labels: set[str]) -> tuple[set[str], set[str]]:
    """(permissions checked, permissions declared) in one module's syntax tree."""
    checked, declared = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _callee(node)
            found = [
                s for arg in node.args for s in _strings(arg) if _is_permission_name(s, labels)
            ]
            if name in DECLARING:
                declared.update(found[:1])
                continue
            if any(word in name.lower() for word in CHECK_WORDS):
                checked.update(found)
            for keyword in node.keywords:
                if keyword.arg in KEYWORDS:
                    checked.update(
                        s for s in _strings(keyword.value) if _is_permission_name(s, labels)
                    )
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n.lower() for t in targets for n in _target_names(t)]
            if node.value is not None and any("perm" in n for n in names):
                checked.update(s for s in _strings(node.value) if _is_permission_name(s, labels))
    return checked, declared


def template_checks(text: str) -> set[str]:
    return {match for pattern in TEMPLATE_CHECKS for match in pattern.findall(text)}


def scan(root: Path = ROOT) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(checked permission -> files, declared permission -> files) under `root`."""
    labels = _labels()
    checked: dict[str, set[str]] = {}
    declared: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found_checked, found_declared = python_checks(tree, labels)
        where = str(path.relative_to(root.parent))
        for perm in found_checked:
            checked.setdefault(perm, set()).add(where)
        for perm in found_declared:
            declared.setdefault(perm, set()).add(where)
    for path in sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt")):
        where = str(path.relative_to(root.parent))
        for perm in template_checks(path.read_text(encoding="utf-8")):
            checked.setdefault(perm, set()).add(where)
    return checked, declared


def model_permissions() -> set[str]:
    """Django's permissions of every installed model (default and `Meta.permissions`)."""
    names = set()
    for model in apps.get_models():
        opts = model._meta
        names.update(
            f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions
        )
        names.update(f"{opts.app_label}.{codename}" for codename, _label in opts.permissions)
    return names


def registered_permissions() -> set[str]:
    return set(rules.permissions.permissions) | model_permissions()


def test_every_checked_permission_is_registered():
    checked, _declared = scan()
    registered = registered_permissions()
    unknown = {perm: sorted(files) for perm, files in checked.items() if perm not in registered}
    assert not unknown, (
        f"Permissions checked but never declared (a typo, or a missing rules.add_perm): {unknown}"
    )


def test_every_rules_permission_is_checked_somewhere():
    checked, _declared = scan()
    unchecked = sorted(set(rules.permissions.permissions) - set(checked))
    assert not unchecked, (
        f"Permissions declared with rules.add_perm but never checked: {unchecked}; "
        "check them where the rule applies, or remove them"
    )


def test_every_rules_permission_is_declared_in_a_rules_module():
    _checked, declared = scan()
    outside = {
        perm: sorted(files)
        for perm, files in declared.items()
        if any(not file.endswith("rules.py") for file in files)
    }
    assert not outside, f"Permissions belong in the app's rules.py: {outside}"


def test_the_scanner_finds_each_form_of_a_check():
    labels = _labels()
    source = """
import rules
from rules.contrib.views import permission_required

@permission_required("offers.change_location", fn=lambda r, pk: None)
def view(request): ...

def other(request, actor, obj):
    request.user.has_perm("cases.export_case")
    rules.test_rule("reports.view_report", actor, obj)
    _require(actor, "core.view_project", obj)
    actor.has_perms(["cases.view_case", "cases.change_case"])
    action(perm="offers.view_offer")
    permission_required = "core.view_auditlog"

EXPORT_PERM = "cases.add_case"
rules.add_perm("core.view_reports", rules.always_allow)
ignored = "core.models"
"""
    checked, declared = python_checks(ast.parse(source), labels)
    assert checked == {
        "offers.change_location",
        "cases.export_case",
        "reports.view_report",
        "core.view_project",
        "cases.view_case",
        "cases.change_case",
        "offers.view_offer",
        "core.view_auditlog",
        "cases.add_case",
    }
    assert declared == {"core.view_reports"}
    template = (
        '{% load rules %}{% has_perm "offers.change_location" user location as can %}'
        "{% if perms.core.view_project %}{% test_rule 'reports.view_report' user p as r %}"
    )
    assert template_checks(template) == {
        "offers.change_location",
        "core.view_project",
        "reports.view_report",
    }
