"""Project configuration of ``align check``: which rules run, how severe they are, what fails.

Looked up from the working directory upwards; the first directory that has either file
decides, and in that directory ``align.toml`` wins over ``pyproject.toml`` (the two are
not merged). Command-line options (``--enable``, ``--disable``, ``--fail-on``,
``--consistency``) override the file; ``--config FILE`` names a file explicitly.

``align.toml``::

    [check]
    enable = ["inconsistent-source"]      # opt-in rules to turn on ("all": every rule)
    disable = ["double-space"]            # rules to turn off
    fail-on = "error"                     # "warning": warnings fail the run too
    consistency = "file"                  # or "run": inconsistency across all inputs
    [check.severity]
    untranslated = "warning"

``pyproject.toml`` takes the same keys under ``[tool.align.check]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from align.errors import ConfigError, InputError
from align.qa.rules import DEFAULT_RULES, RULES, SEVERITIES

SCOPES: tuple[str, ...] = ("file", "run")
_KEYS = ("enable", "disable", "fail-on", "consistency", "severity")


@dataclass(frozen=True)
class CheckConfig:
    """The rules to run and their severities; where the settings came from."""

    rules: frozenset[str] = DEFAULT_RULES
    severity: Mapping[str, str] = field(default_factory=dict)  # overrides of the defaults
    fail_on: str = "error"
    consistency: str = "file"
    source: str | None = None  # the file read, if any

    def severity_of(self, rule: str) -> str:
        return self.severity.get(rule) or RULES[rule].severity

    def fails(self, severity: str) -> bool:
        """Whether a finding of ``severity`` fails the run (exit 1)."""
        return severity == "error" or self.fail_on == "warning"

    def with_options(
        self,
        *,
        enable: Iterable[str] = (),
        disable: Iterable[str] = (),
        fail_on: str | None = None,
        consistency: str | None = None,
    ) -> CheckConfig:
        """This configuration with command-line options applied on top."""
        rules = set(self.rules) | set(_rule_ids(enable, "--enable"))
        rules -= set(_rule_ids(disable, "--disable"))
        return replace(
            self,
            rules=frozenset(rules),
            fail_on=_choice(fail_on, SEVERITIES, "--fail-on") if fail_on else self.fail_on,
            consistency=(
                _choice(consistency, SCOPES, "--consistency") if consistency else self.consistency
            ),
        )


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for value in values for v in str(value).split(",") if v.strip()]


def _rule_ids(values: Iterable[str], where: str) -> list[str]:
    ids = _split(values)
    if "all" in ids:
        return list(RULES)
    for r in ids:
        if r not in RULES:
            raise ConfigError(f"{where}: unknown rule {r!r}; rules: {', '.join(RULES)}")
    return ids


def _choice(value: str, choices: tuple[str, ...], where: str) -> str:
    if value not in choices:
        raise ConfigError(f"{where}: {value!r} is not one of: {', '.join(choices)}")
    return value


def parse_table(table: Mapping[str, Any], where: str) -> CheckConfig:
    """A configuration from a TOML table (``[check]`` / ``[tool.align.check]``)."""
    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}; keys: {', '.join(_KEYS)}")
    for key in ("enable", "disable"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key} must be a list of rule ids")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: severity must be a table of rule = \"error\"|\"warning\"")
    for rule, sev in severity.items():
        _rule_ids([rule], f"{where}: severity")
        if not isinstance(sev, str):
            raise ConfigError(f"{where}: severity of {rule!r} must be a string")
        _choice(sev, SEVERITIES, f"{where}: severity of {rule!r}")
    for key, choices in (("fail-on", SEVERITIES), ("consistency", SCOPES)):
        if key in table and not isinstance(table[key], str):
            raise ConfigError(f"{where}: {key} must be one of: {', '.join(choices)}")
    base = CheckConfig(severity=dict(severity), source=where)
    return base.with_options(
        enable=_rule_ids(table.get("enable", []), f"{where}: enable"),
        disable=_rule_ids(table.get("disable", []), f"{where}: disable"),
        fail_on=_checked(table, "fail-on", SEVERITIES, where),
        consistency=_checked(table, "consistency", SCOPES, where),
    )


def _checked(table: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str) -> str | None:
    if key not in table:
        return None
    return _choice(table[key], choices, f"{where}: {key}")


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None


def _table(path: Path) -> dict[str, Any] | None:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("align", {}).get("check")
    else:
        table = data.get("check")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: the check settings must be a table")
    return table


def find_config(start: str | Path = ".") -> Path | None:
    """The configuration file that applies in ``start``: the nearest directory upwards
    with an ``align.toml``, or a ``pyproject.toml`` that has ``[tool.align.check]``."""
    here = Path(start).resolve()
    for d in (here, *here.parents):
        if (d / "align.toml").is_file():
            return d / "align.toml"
        py = d / "pyproject.toml"
        if py.is_file() and _table(py) is not None:
            return py
    return None


def load_config(path: str | Path | None = None, *, start: str | Path = ".") -> CheckConfig:
    """The configuration in ``path`` (its ``[check]`` or ``[tool.align.check]`` table),
    else the one :func:`find_config` finds, else the defaults."""
    if path is None:
        found = find_config(start)
        if found is None:
            return CheckConfig()
        path = found
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such configuration file")
    table = _table(p)
    if table is None:
        key = "[tool.align.check]" if p.name == "pyproject.toml" else "[check]"
        raise ConfigError(f"{p}: no {key} table")
    return parse_table(table, str(p))
