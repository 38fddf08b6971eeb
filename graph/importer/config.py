"""Read a partnership's data collection framework from ``partnership.toml``."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from graph import rules
from graph.errors import ImportProblem, ImportValidationError
from graph.importer.dates import InvalidDateError, parse_date
from graph.model import PartnershipConfig

CONFIG_KEYS = (
    "name",
    "start_on",
    "end_on",
    "stages",
    "activity_types",
    "outcome_types",
    "small_number_threshold",
    "targets",
    "collaboration_weights",
    "recency_half_life_days",
)


@dataclass
class ConfigReading:
    """A framework read from a file, with every problem in it.

    ``config`` keeps the defaults for keys that were invalid, and
    ``invalid_keys`` names those keys, so later checks can skip lists that
    could not be read instead of reporting every value against them.
    """

    config: PartnershipConfig
    problems: list[ImportProblem] = field(default_factory=list)
    invalid_keys: set[str] = field(default_factory=set)


def default_config() -> PartnershipConfig:
    """Return the framework used when a partnership has no ``partnership.toml``."""
    return PartnershipConfig(outcome_types=rules.DEFAULT_OUTCOME_TYPES)


def load_config(path: str | Path) -> PartnershipConfig:
    """Read ``partnership.toml`` at ``path``.

    Raises ``ImportValidationError`` listing every problem, each naming the
    file, the key and the value.
    """
    reading = read_config(Path(path))
    if reading.problems:
        raise ImportValidationError(reading.problems)
    return reading.config


def read_config(path: Path) -> ConfigReading:
    """Read ``partnership.toml`` at ``path``, collecting problems instead of
    raising."""
    reader = _ConfigReader(path.name)
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except FileNotFoundError:
        reader.report(None, "file not found")
        return reader.result(default_config())
    except OSError as err:
        reader.report(None, f"the file cannot be read: {err.strerror}")
        return reader.result(default_config())
    except UnicodeDecodeError:
        reader.report(None, "the file is not UTF-8 text; save it as UTF-8")
        return reader.result(default_config())
    except tomllib.TOMLDecodeError as err:
        reader.report(None, f"the file is not valid TOML: {err}")
        return reader.result(default_config())
    return reader.result(reader.read(document))


class _ConfigReader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[ImportProblem] = []
        self.invalid_keys: set[str] = set()

    def report(self, key: str | None, message: str, value: object = None) -> None:
        if key is not None:
            self.invalid_keys.add(key.split(".")[0])
        self.problems.append(
            ImportProblem(
                self.source,
                message,
                field=key,
                value=None if value is None else str(value),
            )
        )

    def result(self, config: PartnershipConfig) -> ConfigReading:
        return ConfigReading(config, self.problems, self.invalid_keys)

    def read(self, document: dict[str, object]) -> PartnershipConfig:
        for key in document:
            if key not in CONFIG_KEYS:
                self.report(
                    key,
                    f"unknown key; the accepted keys are {', '.join(CONFIG_KEYS)}",
                    document[key],
                )

        defaults = default_config()
        name = self.text(document, "name") or defaults.name
        start_on = self.date(document, "start_on")
        end_on = self.date(document, "end_on")
        if start_on and end_on and end_on < start_on:
            self.report(
                "end_on",
                f"the partnership ends before it starts on {start_on.isoformat()}",
                end_on.isoformat(),
            )
        stages = self.names(document, "stages")
        activity_types = self.names(document, "activity_types")
        outcome_types = self.names(document, "outcome_types")
        threshold = self.positive_integer(document, "small_number_threshold")
        targets = self.targets(document, outcome_types or defaults.outcome_types)
        weights = self.weights(document)
        half_life = self.positive_integer(document, "recency_half_life_days")

        return PartnershipConfig(
            name=name,
            start_on=start_on,
            end_on=end_on,
            stages=stages or (),
            activity_types=activity_types,
            outcome_types=outcome_types or defaults.outcome_types,
            targets=targets,
            small_number_threshold=(
                defaults.small_number_threshold if threshold is None else threshold
            ),
            collaboration_weights=weights,
            recency_half_life_days=(
                defaults.recency_half_life_days if half_life is None else half_life
            ),
        )

    def text(self, document: dict[str, object], key: str) -> str | None:
        value = document.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.report(key, "expected a non-empty string in quotes", value)
            return None
        return value.strip()

    def date(self, document: dict[str, object], key: str) -> date | None:
        value = document.get(key)
        if value is None:
            return None
        # datetime is a subclass of date, so it is tested first.
        if isinstance(value, datetime):
            self.report(
                key, "expected a date without a time, such as 2024-04-01", value
            )
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return parse_date(value)
            except InvalidDateError as err:
                self.report(key, f"invalid date: {err.reason}", value)
                return None
        self.report(key, "expected a date, such as 2024-04-01", value)
        return None

    def names(self, document: dict[str, object], key: str) -> tuple[str, ...] | None:
        value = document.get(key)
        if value is None:
            return None
        expected = (
            "expected a list of distinct non-empty strings, such as "
            '["engagement", "training"]; leave the key out to allow any value'
        )
        if not isinstance(value, list) or not value:
            self.report(key, expected, value)
            return None
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.report(key, expected, value)
            return None
        names = tuple(item.strip() for item in value)
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            self.report(key, f"{', '.join(duplicates)} listed more than once", value)
            return None
        return names

    def positive_integer(self, document: dict[str, object], key: str) -> int | None:
        value = document.get(key)
        if value is None:
            return None
        # bool is a subclass of int, and true is no threshold.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.report(key, "expected a whole number of 1 or more", value)
            return None
        return value

    def weights(self, document: dict[str, object]) -> dict[str, float]:
        value = document.get("collaboration_weights")
        if value is None:
            return {}
        components = ", ".join(rules.COLLABORATION_COMPONENTS)
        if not isinstance(value, dict):
            self.report(
                "collaboration_weights",
                f"expected a table of weights for {components}, such as "
                "[collaboration_weights] reciprocity = 2",
                value,
            )
            return {}
        weights = {}
        for name, weight in value.items():
            key = f"collaboration_weights.{name}"
            if name not in rules.COLLABORATION_COMPONENTS:
                self.report(
                    key, f"unknown measure; expected one of {components}", weight
                )
            elif (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not math.isfinite(weight)
                or weight < 0
            ):
                self.report(key, "expected a number of 0 or more", weight)
            else:
                weights[name] = float(weight)
        if weights and all(
            weights.get(name, 1.0) == 0 for name in rules.COLLABORATION_COMPONENTS
        ):
            self.report(
                "collaboration_weights",
                "every weight is 0, so no score could be computed; give at "
                "least one measure a weight above 0",
                value,
            )
            return {}
        return weights

    def targets(
        self, document: dict[str, object], outcome_types: tuple[str, ...]
    ) -> dict[str, int]:
        value = document.get("targets")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(
                "targets",
                "expected a table of outcome types and numbers, such as "
                "[targets] job_start = 500",
                value,
            )
            return {}
        targets = {}
        for outcome_type, target in value.items():
            key = f"targets.{outcome_type}"
            if outcome_type not in outcome_types and "outcome_types" not in (
                self.invalid_keys
            ):
                self.report(
                    key,
                    f"unknown outcome type; expected one of {', '.join(outcome_types)}",
                    target,
                )
            elif isinstance(target, bool) or not isinstance(target, int) or target < 1:
                self.report(key, "expected a whole number of 1 or more", target)
            else:
                targets[outcome_type] = target
        return targets
