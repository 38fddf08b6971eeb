from datetime import date

import pytest

from graph import rules
from graph.errors import ImportProblem, ImportValidationError
from graph.importer import load_config, load_dataset
from graph.model import PartnershipConfig


def _write(tmp_path, text: str):
    path = tmp_path / "partnership.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path) -> list[ImportProblem]:
    with pytest.raises(ImportValidationError) as caught:
        load_config(path)
    return caught.value.problems


def test_full_config(tmp_path, good_config):
    config = load_config(_write(tmp_path, good_config))

    assert config == PartnershipConfig(
        name="Riverside Jobs Partnership",
        start_on=date(2024, 1, 1),
        end_on=date(2025, 12, 31),
        stages=("engagement", "training", "job_search"),
        activity_types=("mentoring", "cv_workshop"),
        outcome_types=("job_start", "job_sustained_13w", "education"),
        targets={"job_start": 500, "education": 40},
        small_number_threshold=5,
    )


def test_empty_config_gives_defaults(tmp_path):
    config = load_config(_write(tmp_path, ""))

    assert config.name == "Partnership"
    assert config.start_on is None
    assert config.stages == ()
    assert config.activity_types is None
    assert config.outcome_types == rules.DEFAULT_OUTCOME_TYPES
    assert config.targets == {}
    assert config.small_number_threshold == rules.DEFAULT_SMALL_NUMBER_THRESHOLD


def test_dates_as_strings(tmp_path):
    config = load_config(_write(tmp_path, 'start_on = "01/04/2024"\n'))

    assert config.start_on == date(2024, 4, 1)


def test_targets_for_default_outcome_types(tmp_path):
    config = load_config(_write(tmp_path, "[targets]\njob_sustained_26w = 120\n"))

    assert config.targets == {"job_sustained_26w": 120}


# (TOML text, key the problem names, expected message fragment, value)
BAD_CONFIGS = [
    ('colour = "blue"', "colour", "unknown key; the accepted keys are name", "blue"),
    ("name = 12", "name", "expected a non-empty string", "12"),
    ('name = "  "', "name", "expected a non-empty string", "  "),
    ('start_on = "13/13/2024"', "start_on", "month 13 does not exist", "13/13/2024"),
    ("start_on = 2024-01-01T09:00:00", "start_on", "without a time", None),
    ("start_on = 20240101", "start_on", "expected a date", "20240101"),
    (
        "start_on = 2025-01-01\nend_on = 2024-01-01",
        "end_on",
        "ends before it starts on 2025-01-01",
        "2024-01-01",
    ),
    ('stages = "engagement"', "stages", "expected a list of distinct", "engagement"),
    ("stages = []", "stages", "expected a list of distinct", "[]"),
    ('stages = ["a", ""]', "stages", "expected a list of distinct", None),
    ('activity_types = ["a", 1]', "activity_types", "expected a list", None),
    ('outcome_types = ["a", "a"]', "outcome_types", "a listed more than once", None),
    ("small_number_threshold = 0", "small_number_threshold", "1 or more", "0"),
    ("small_number_threshold = true", "small_number_threshold", "1 or more", "True"),
    ("small_number_threshold = 2.5", "small_number_threshold", "1 or more", "2.5"),
    ("recency_half_life_days = 0", "recency_half_life_days", "1 or more", "0"),
    ("recency_half_life_days = 30.5", "recency_half_life_days", "1 or more", "30.5"),
    ("targets = 500", "targets", "expected a table of outcome types", "500"),
    ("[targets]\nvolunteering = 5", "targets.volunteering", "unknown outcome", "5"),
    ("[targets]\njob_start = -5", "targets.job_start", "1 or more", "-5"),
    ('[targets]\njob_start = "500"', "targets.job_start", "1 or more", "500"),
]


@pytest.mark.parametrize(("text", "key", "message", "value"), BAD_CONFIGS)
def test_bad_config_reported(tmp_path, text, key, message, value):
    problems = _problems(_write(tmp_path, text + "\n"))

    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == "partnership.toml"
    assert problem.row is None
    assert problem.field == key
    assert message in problem.message
    if value is not None:
        assert problem.value == value


def test_target_for_type_outside_configured_list(tmp_path):
    text = 'outcome_types = ["job_start"]\n[targets]\neducation = 10\n'

    problems = _problems(_write(tmp_path, text))

    assert problems == [
        ImportProblem(
            "partnership.toml",
            "unknown outcome type; expected one of job_start",
            field="targets.education",
            value="10",
        )
    ]


def test_invalid_toml_reported(tmp_path):
    problems = _problems(_write(tmp_path, "name = \n"))

    assert len(problems) == 1
    assert problems[0].message.startswith("the file is not valid TOML")
    assert "line 1" in problems[0].message


def test_non_utf8_config_reported(tmp_path):
    path = tmp_path / "partnership.toml"
    path.write_bytes('name = "Caf\u00e9"\n'.encode("cp1252"))

    problems = _problems(path)

    assert problems[0].message == "the file is not UTF-8 text; save it as UTF-8"


def test_missing_config_file(tmp_path):
    problems = _problems(tmp_path / "partnership.toml")

    assert problems == [ImportProblem("partnership.toml", "file not found")]


def test_every_config_problem_reported(tmp_path):
    text = 'name = 1\nstart_on = "soon"\nsmall_number_threshold = 0\n'

    problems = _problems(_write(tmp_path, text))

    assert [problem.field for problem in problems] == [
        "name",
        "start_on",
        "small_number_threshold",
    ]


def test_config_problems_reported_with_file_problems(
    write_folder, good_tables, good_config
):
    config = good_config.replace('stages = ["engagement"', 'stages = [1, "engagement"')
    good_tables["activities"][1][4] = "not_a_stage"
    good_tables["partners"][1][1] = ""

    with pytest.raises(ImportValidationError) as caught:
        load_dataset(write_folder(good_tables, config=config))

    # The stage is not checked against a list that could not be read.
    assert [(p.file, p.field) for p in caught.value.problems] == [
        ("partnership.toml", "stages"),
        ("partners.csv", "name"),
    ]


def test_collaboration_weights(tmp_path):
    config = load_config(
        _write(tmp_path, "[collaboration_weights]\nreciprocity = 2\nshared = 0.5\n")
    )

    assert config.collaboration_weights == {"reciprocity": 2.0, "shared": 0.5}


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (
            "[collaboration_weights]\nfriendship = 1",
            "collaboration_weights.friendship",
            "unknown measure; expected one of volume, reciprocity",
        ),
        (
            "[collaboration_weights]\nvolume = -1",
            "collaboration_weights.volume",
            "expected a number of 0 or more",
        ),
        (
            '[collaboration_weights]\nvolume = "high"',
            "collaboration_weights.volume",
            "expected a number of 0 or more",
        ),
        (
            "[collaboration_weights]\nvolume = nan",
            "collaboration_weights.volume",
            "expected a number of 0 or more",
        ),
        (
            "collaboration_weights = 2",
            "collaboration_weights",
            "expected a table of weights",
        ),
        (
            "[collaboration_weights]\nvolume = 0\nreciprocity = 0\n"
            "acceptance = 0\nshared = 0\njoint_outcomes = 0\nrecency = 0",
            "collaboration_weights",
            "every weight is 0",
        ),
    ],
)
def test_bad_collaboration_weights(tmp_path, text, key, message):
    problems = _problems(_write(tmp_path, text))

    assert [problem.field for problem in problems] == [key]
    assert message in problems[0].message


def test_collaboration_weights_written_and_read_back(tmp_path):
    from graph.import_format import partnership_toml

    config = PartnershipConfig(
        name="Weighted",
        collaboration_weights={"volume": 0.0, "reciprocity": 2.5, "recency": 3.0},
        recency_half_life_days=30,
    )

    assert load_config(_write(tmp_path, partnership_toml(config))) == config


def test_recency_half_life(tmp_path):
    config = load_config(_write(tmp_path, "recency_half_life_days = 180\n"))

    assert config.recency_half_life_days == 180


def test_recency_half_life_default(tmp_path):
    config = load_config(_write(tmp_path, ""))

    assert config.recency_half_life_days == rules.DEFAULT_RECENCY_HALF_LIFE_DAYS
