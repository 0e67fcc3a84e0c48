"""Every message key the code uses exists in both languages with the same parameters; no key
is built at run time; every key in the tables is used; an unknown key fails under tests.

The keys are found by reading the code (`ast`), not by running it: every string literal of
`sspos/` shaped like a key of one of the tables' namespaces (`tui.pay.paid`, `doctor.field.
phone`…) is a key, wherever it is written (a `t()` call, a `Binding`, a `DomainError`, a
small table mapping values to keys). A key assembled from pieces (an f-string, `+`, `%`,
`.format`) starting with such a namespace is refused.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import sspos
import sspos.i18n
from sspos.i18n import LANGS, STRICT_ENV, TABLES, messages, t

SOURCE = Path(sspos.__file__).parent
TABLE_DIR = Path(sspos.i18n.__file__).parent
# A literal like "config.toml" names a file, not a message.
FILE_NAME = re.compile(r"^[a-z_]+\.(toml|sqlite|json|lock|log)$")
# The functions that take a message key first and its params as keywords.
TRANSLATORS = {"t", "_t", "tr"}


def namespaces() -> set[str]:
    return {key.split(".")[0] for key in messages()}


def key_patterns(spaces: set[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a whole key of one of `spaces`, the start of one: what a built key begins with)."""
    names = "|".join(sorted(spaces))
    return re.compile(rf"^(?:{names})(?:\.[A-Za-z0-9_]+)+$"), re.compile(rf"^(?:{names})\.")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Use:
    key: str
    where: str  # file:line
    params: frozenset[str] | None = None  # keywords of a t() call, when all are explicit


@dataclass
class Scan:
    uses: list[Use]
    built: list[str]  # file:line: source of keys assembled at run time


def text_of(node: ast.AST | None) -> str | None:
    """The value of a string literal node, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def scan(source: str, path: str, spaces: set[str]) -> Scan:
    """The keys a module's source uses, and the keys it builds from pieces."""
    tree = ast.parse(source)
    pattern, start = key_patterns(spaces)
    starts_like_key = start.match
    found = Scan([], [])
    in_calls: dict[int, Use] = {}  # id of a t() call's key literal -> that use
    pieces: set[int] = set()  # ids of the literal parts of f-strings
    for node in ast.walk(tree):
        where = f"{path}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0] if node.args else None
            key = text_of(first)
            if name in TRANSLATORS and key is not None and pattern.match(key):
                explicit = all(k.arg is not None for k in node.keywords)
                params = frozenset(k.arg for k in node.keywords if k.arg) if explicit else None
                in_calls[id(first)] = Use(key, where, params)
            template = text_of(node.func.value) if isinstance(node.func, ast.Attribute) else None
            if name == "format" and template is not None and starts_like_key(template):
                found.built.append(f"{where}: {ast.unparse(node)}")
        elif isinstance(node, ast.JoinedStr):
            pieces.update(id(value) for value in node.values)
            head = text_of(node.values[0]) if node.values else None
            if head is not None and starts_like_key(head):
                found.built.append(f"{where}: {ast.unparse(node)}")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            left = text_of(node.left)
            if left is not None and starts_like_key(left):
                found.built.append(f"{where}: {ast.unparse(node)}")
    for node in ast.walk(tree):
        text = text_of(node)
        if (
            text is not None
            and pattern.match(text)
            and not FILE_NAME.search(text)
            and id(node) not in pieces
        ):
            where = f"{path}:{getattr(node, 'lineno', 0)}"
            found.uses.append(in_calls.get(id(node), Use(text, where)))
    return found


def code_files() -> Iterator[Path]:
    for path in sorted(SOURCE.rglob("*.py")):
        if path.parent == TABLE_DIR and path.name.startswith("messages_"):
            continue
        yield path


@pytest.fixture(scope="module")
def code() -> Scan:
    spaces = namespaces()
    total = Scan([], [])
    for path in code_files():
        found = scan(path.read_text(encoding="utf-8"), str(path.relative_to(SOURCE)), spaces)
        total.uses += found.uses
        total.built += found.built
    return total


def test_every_table_file_is_listed_and_every_table_is_literal() -> None:
    files = {path.stem for path in TABLE_DIR.glob("messages_*.py")}
    assert files == {module.__name__.rsplit(".", 1)[1] for module in TABLES}
    for module in TABLES:
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        tables = [
            node for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            and "MESSAGES" in ast.unparse(node.targets[0] if isinstance(node, ast.Assign)
                                          else node.target)
        ]
        assert len(tables) == 1, f"{module.__name__}: MESSAGES assigned once"
        table = tables[0].value
        assert isinstance(table, ast.Dict), f"{module.__name__}: MESSAGES is a dict literal"
        for key in table.keys:
            assert isinstance(key, ast.Constant) and isinstance(key.value, str), (
                f"{module.__name__}:{getattr(key, 'lineno', '?')}: a key written literally"
            )
        mutations = [
            node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and ast.unparse(node.value) == "MESSAGES"
        ]
        assert not mutations, f"{module.__name__}: MESSAGES changed at lines {mutations}"


def test_every_entry_has_both_languages_with_the_same_params() -> None:
    for key, entry in messages().items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key
        assert fields(entry["id"]) == fields(entry["en"]), key


def test_every_key_the_code_uses_exists(code: Scan) -> None:
    missing = sorted(f"{use.where}: {use.key}" for use in code.uses if use.key not in messages())
    assert not missing, "keys used but in no table:\n" + "\n".join(missing)


def test_every_key_in_the_tables_is_used(code: Scan) -> None:
    unused = sorted(messages().keys() - {use.key for use in code.uses})
    assert not unused, f"keys no code uses: {unused}"


def test_no_key_is_built_at_run_time(code: Scan) -> None:
    assert not code.built, "keys built from pieces:\n" + "\n".join(code.built)


def test_t_calls_pass_exactly_the_params_of_their_text(code: Scan) -> None:
    wrong = [
        f"{use.where}: {use.key} given {sorted(use.params)}, "
        f"its text wants {sorted(fields(messages()[use.key]['id']))}"
        for use in code.uses
        if use.params is not None
        and use.key in messages()
        and set(use.params) != fields(messages()[use.key]["id"])
    ]
    assert not wrong, "\n".join(wrong)


SPACES = {"tui", "doctor"}


@pytest.mark.parametrize(
    "line",
    [
        't(f"tui.pay.{status.lower()}", lang)',
        't("doctor.field." + field, lang)',
        't("tui.state.%s" % state, lang)',
        't("doctor.check.{}".format(name), lang)',
        'KEYS = [f"doctor.check.{name}" for name in NAMES]',
    ],
)
def test_the_scan_catches_a_key_built_at_run_time(line: str) -> None:
    assert scan(line, "x.py", SPACES).built


def test_the_scan_finds_keys_wherever_they_are_written() -> None:
    source = '''
t("tui.pay.paid", lang, amount=1)
Binding("f9", "pay", "tui.key.pay", id="sale.pay")
raise DomainError("doctor.check.shop", name=name)
STATUS_KEYS = {"PAID": "tui.pay.status_paid"}
open("config.toml"); logging.getLogger("sspos.tui.app")
'''
    found = scan(source, "x.py", SPACES)
    assert [use.key for use in found.uses] == [
        "tui.pay.paid", "tui.key.pay", "doctor.check.shop", "tui.pay.status_paid",
    ]
    assert found.uses[0].params == {"amount"} and found.uses[1].params is None
    assert not found.built


def test_an_unknown_key_fails_under_tests_and_shows_itself_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(KeyError, match="tui.no_such_key"):
        t("tui.no_such_key", "en")
    monkeypatch.delenv(STRICT_ENV)
    assert t("tui.no_such_key", "en") == "tui.no_such_key"
