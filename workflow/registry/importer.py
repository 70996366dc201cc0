"""Import of library registers (CSV) into the registry, by a TOML mapping.

The mapping names, for each profile field, the column of the file that holds
it, optional maps of the file's values to ours, the values that mean
"unknown", and optionally the file's delimiter, encoding and a constant
country. Every row is validated; a rejected row is reported with its line
number and reason and the others are imported. Rows are matched to the
registry by their external id, so importing the same file again changes
nothing. A fatal error (an unreadable mapping or file, a missing column) is
raised before anything is written, and any error while writing rolls the whole
import back.

An unknown value ("b.d.", "-", an empty cell…) never overwrites what the
registry already knows: unknown is not the same as empty.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from states.text import Text, lazy_text
from workflow import changes, spreadsheet
from workflow.bounds import MAX_STORED_INT
from workflow.errors import DomainError
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import (
    DIRECTIONS,
    LIBRARY_STATUSES,
    LIBRARY_TYPES,
    SUBJECTS,
    Organisation,
    OrganisationChange,
    utcnow,
)
from workflow.registry.libraries import EDITABLE, PRIVATE, bump_partnerships

#: Profile fields a mapping may name, and the column of ``organisations`` each fills.
FIELDS: dict[str, str] = {
    "external_id": "external_id",
    "name": "name",
    "name_latin": "name_latin",
    "country": "country",
    "region": "region",
    "city": "city",
    "type": "library_type",
    "population": "population",
    "collection_size": "collection_size",
    "subjects": "subjects",
    "collection_languages": "collection_languages",
    "languages": "languages",
    "directions_sought": "directions_sought",
    "directions_offered": "directions_offered",
    "status": "status",
    "works_now_in": "works_now_in",
    "website": "website",
    "experience": "experience",
}
INTEGERS = ("population", "collection_size")
#: Fields holding several codes, each checked against its closed list (None: any code).
LISTS: dict[str, tuple[str, ...] | None] = {
    "subjects": SUBJECTS,
    "collection_languages": None,
    "languages": None,
    "directions_sought": DIRECTIONS,
    "directions_offered": DIRECTIONS,
}
CHOICES: dict[str, tuple[str, ...]] = {"type": LIBRARY_TYPES, "status": LIBRARY_STATUSES}
LENGTHS = {"external_id": 100, "name": 300, "name_latin": 300, "region": 200, "city": 200}
LENGTHS |= {"works_now_in": 200, "website": 300}
ENCODINGS = ("utf-8-sig", "cp1250", "cp1251")
_SPLIT = re.compile(r"[,;|/]")
_CODE = re.compile(r"^[a-z]{2,3}$")
_THOUSANDS = str.maketrans("", "", " \u00a0\u202f'_")
BATCH = 2000


class ImportFailed(DomainError):
    """Nothing was imported: the mapping or the file cannot be used at all."""

    message = lazy_text("Nothing was imported.")


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]
    delimiter: str | None = None
    encoding: str | None = None
    country: str | None = None
    missing: frozenset[str] = frozenset({""})
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Rejection:
    line: int
    reason: Text


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        """The summary line, in English, as commands print it."""
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {len(self.rejected)}"
        )


def _fold(value: str) -> str:
    return " ".join(value.split()).casefold()


def load_mapping(text: str) -> Mapping:
    """Read a TOML mapping; ``ImportFailed`` says what is wrong with it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailed(
            lazy_text("The mapping is not valid TOML: %(error)s", error=str(exc))
        ) from exc
    source = data.get("source", {})
    columns = data.get("columns", {})
    if not isinstance(source, dict) or not isinstance(columns, dict):
        raise ImportFailed(lazy_text("The mapping needs a [columns] table."))
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ImportFailed(
            lazy_text("The mapping names unknown fields: %(fields)s", fields=", ".join(unknown))
        )
    for needed in ("external_id", "name"):
        if needed not in columns:
            raise ImportFailed(
                lazy_text("The mapping must name the column of %(field)s.", field=needed)
            )
    country = source.get("country")
    if "country" not in columns and not country:
        raise ImportFailed(lazy_text("The mapping needs a country column or a constant country."))
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", str(country)):
        raise ImportFailed(lazy_text("The constant country must be a two-letter code."))
    encoding = source.get("encoding")
    if encoding is not None:
        try:
            "".encode(encoding)
        except LookupError as exc:
            raise ImportFailed(
                lazy_text("Unknown encoding: %(encoding)s", encoding=encoding)
            ) from exc
    values = data.get("values", {})
    return Mapping(
        columns={k: str(v) for k, v in columns.items()},
        delimiter=source.get("delimiter"),
        encoding=encoding,
        country=str(country).upper() if country else None,
        missing=frozenset(_fold(str(x)) for x in source.get("missing", [""])) | {""},
        values={
            f: {_fold(str(k)): str(v) for k, v in m.items()}
            for f, m in values.items()
            if isinstance(m, dict)
        },
    )


def decode(raw: bytes, encoding: str | None = None) -> str:
    """The file's text: the given encoding, or UTF-8 (BOM or not), cp1251 or cp1250."""
    if encoding:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                lazy_text("The file is not in the encoding %(encoding)s.", encoding=encoding)
            ) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # A single-byte Windows code page. Cyrillic words are runs of bytes >= 0x80
    # (letters in cp1251); Polish words have one or two such bytes among ASCII.
    runs = [len(m) for m in re.findall(rb"[\x80-\xff]+", raw)]
    long = sum(n for n in runs if n >= 3)
    return raw.decode("cp1251" if runs and long / sum(runs) > 0.5 else "cp1250", "replace")


def _reader(text: str, delimiter: str | None) -> Iterable[list[str]]:
    if not delimiter:
        sample = text[:20000]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


class _RowError(Exception):
    def __init__(self, reason: Text) -> None:
        self.reason = reason


#: Fields whose values repeat little: remembering their conversions gains nothing.
UNIQUE_FIELDS = ("external_id", "name", "name_latin", "experience", "website", *INTEGERS)


Clean = Callable[[str], str | None]


def _integer(name: str, clean: Clean) -> Callable[[str], int | None]:
    def integer(raw: str) -> int | None:
        value = clean(raw)
        if value is None:
            return None
        try:
            number = int(value.translate(_THOUSANDS))
        except ValueError:
            raise _RowError(
                lazy_text("%(field)s: “%(value)s” is not a whole number", field=name, value=value)
            ) from None
        if number < 0:
            raise _RowError(lazy_text("%(field)s must not be negative", field=name))
        if number > MAX_STORED_INT:
            raise _RowError(lazy_text("%(field)s is too large", field=name))
        return number

    return integer


def _code_list(
    name: str, clean: Clean, allowed: Any, part_map: dict[str, str], missing: Any
) -> Callable[[str], str | None]:
    def code_list(raw: str) -> str | None:
        value = clean(raw)
        if value is None:
            return None
        codes = []
        for part in _SPLIT.split(value):
            folded = _fold(part)
            if not folded or folded in missing:
                continue
            code = part_map.get(folded, folded).casefold()
            if allowed is None:
                if not _CODE.match(code):
                    raise _RowError(
                        lazy_text(
                            "%(field)s: “%(value)s” is not a language code",
                            field=name,
                            value=part.strip(),
                        )
                    )
            elif code not in allowed:
                raise _RowError(
                    lazy_text(
                        "%(field)s: unknown value “%(value)s”", field=name, value=part.strip()
                    )
                )
            codes.append(code)
        return ",".join(dict.fromkeys(codes))

    return code_list


def _choice(name: str, clean: Clean, allowed: Any) -> Callable[[str], str | None]:
    def choice(raw: str) -> str | None:
        value = clean(raw)
        if value is None:
            return None
        code = value.casefold()
        if code not in allowed:
            raise _RowError(
                lazy_text("%(field)s: unknown value “%(value)s”", field=name, value=value)
            )
        return code

    return choice


def _country(clean: Clean) -> Callable[[str], str | None]:
    def country(raw: str) -> str | None:
        value = clean(raw)
        if value is None:
            return None
        code = value.upper()
        if not (len(code) == 2 and code.isascii() and code.isalpha()):
            raise _RowError(lazy_text("country: “%(value)s” is not a two-letter code", value=value))
        return code

    return country


def _converter(name: str, mapping: Mapping) -> Callable[[str], Any]:
    """A function from one cell of field ``name`` to its column value.

    Returns None for an unknown value; raises ``_RowError`` for an invalid one.
    """
    missing = mapping.missing
    mapped = mapping.values.get(name)

    def clean(raw: str) -> str | None:
        if "\x00" in raw:
            raise _RowError(
                lazy_text("%(field)s contains a character that is not allowed (NUL)", field=name)
            )
        value = spreadsheet.unquote(" ".join(raw.split()))
        folded = value.casefold()
        if folded in missing:
            return None
        if mapped is not None:
            value = mapped.get(folded, value)
        return value

    if name in INTEGERS:
        return _integer(name, clean)
    if name in LISTS:
        return _code_list(name, clean, LISTS[name], mapped or {}, missing)
    if name in CHOICES:
        return _choice(name, clean, CHOICES[name])
    if name == "country":
        return _country(clean)
    limit = LENGTHS.get(name, 10000)

    def text(raw: str) -> str | None:
        value = clean(raw)
        if value is not None and len(value) > limit:
            raise _RowError(lazy_text("%(field)s is too long", field=name))
        return value

    return text


def _validator(
    mapping: Mapping, positions: list[tuple[str, int]]
) -> Callable[[list[str]], dict[str, Any]]:
    """A function from a row's cells to its column values, or ``_RowError``."""
    unset = object()
    plan = []
    for name, position in positions:
        memo: dict[str, Any] | None = None if name in UNIQUE_FIELDS else {}
        plan.append((FIELDS[name], position, _converter(name, mapping), memo))
    constant_country = mapping.country

    def validate(cells: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for column, position, convert, memo in plan:
            cell = cells[position]
            if memo is None:
                value = convert(cell)
            else:
                value = memo.get(cell, unset)
                if value is unset:
                    value = memo[cell] = convert(cell)
            if value is not None:
                out[column] = value
        if "external_id" not in out:
            raise _RowError(lazy_text("the external id is missing"))
        if "name" not in out:
            raise _RowError(lazy_text("the name is missing"))
        if "country" not in out:
            if constant_country is None:
                raise _RowError(lazy_text("the country is missing"))
            out["country"] = constant_country
        return out

    return validate


def parse(raw: bytes, mapping: Mapping) -> tuple[list[tuple[int, dict[str, Any]]], list[Rejection]]:
    """The valid rows (line number, column values) and the rejected ones."""
    text = decode(raw, mapping.encoding)
    reader = iter(_reader(text, mapping.delimiter))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed(lazy_text("The file is empty.")) from None
    except csv.Error as exc:
        raise ImportFailed(
            lazy_text("The file cannot be read as CSV: %(error)s", error=str(exc))
        ) from exc
    positions = {_fold(h): i for i, h in enumerate(header)}
    absent = [c for c in mapping.columns.values() if _fold(c) not in positions]
    if absent:
        raise ImportFailed(
            lazy_text(
                "The file has no column %(columns)s.", columns=", ".join(f"“{c}”" for c in absent)
            )
        )
    wanted = [(name, positions[_fold(col)]) for name, col in mapping.columns.items()]
    width = max(i for _, i in wanted) + 1
    validate = _validator(mapping, wanted)
    rows: list[tuple[int, dict[str, Any]]] = []
    rejected: list[Rejection] = []
    seen: dict[str, int] = {}
    line = reader.line_num  # type: ignore[attr-defined]
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportFailed(
                lazy_text(
                    "Line %(line)d cannot be read as CSV: %(error)s", line=start, error=str(exc)
                )
            ) from exc
        line = reader.line_num  # type: ignore[attr-defined]
        if not "".join(cells).strip():
            continue
        if len(cells) < width:
            rejected.append(Rejection(start, lazy_text("the row has too few columns")))
            continue
        try:
            values = validate(cells)
        except _RowError as error:
            rejected.append(Rejection(start, error.reason))
            continue
        key = values["external_id"]
        if key in seen:
            rejected.append(
                Rejection(
                    start, lazy_text("the external id is also on line %(line)d", line=seen[key])
                )
            )
            continue
        seen[key] = start
        rows.append((start, values))
    return rows, rejected


def import_register(
    session: Session,
    raw: bytes,
    mapping: Mapping,
    *,
    actor_id: int | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every row, then create or update libraries by external id.

    One transaction: the caller's session is committed at the end of a real
    run and rolled back on any error, so a failed import leaves nothing.
    ``progress(n)`` is told how many more rows were handled.
    """
    rows, rejected = parse(raw, mapping)
    report = ImportReport(rejected=rejected, dry_run=dry_run)
    creates, updates, changes = _plan(session, rows, report, actor_id)
    report.created = len(creates)
    report.updated = len(updates)
    if progress:
        progress(report.unchanged + len(rejected))
    if dry_run:
        if progress:
            progress(len(creates) + len(updates))
        return report
    with unit_of_work(session) as uow:
        _insert(session, creates, progress)
        for start in range(0, len(updates), BATCH):
            batch = updates[start : start + BATCH]
            for shape in _by_shape(batch):
                session.execute(update(Organisation), shape)
            if progress:
                progress(len(batch))
        if changes:
            session.execute(insert(OrganisationChange), changes)
            # Their documents show the profile: stored PDFs must not be served stale.
            bump_partnerships(session, [c["organisation_id"] for c in changes])
        uow.commit()
    return report


def _plan(
    session: Session,
    rows: list[tuple[int, dict[str, Any]]],
    report: ImportReport,
    actor_id: int | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """What the rows create, update (with each change's history) and leave as
    they are (counted in ``report.unchanged``), against the libraries kept."""
    fields = sorted({c for _, values in rows for c in values})
    table = Organisation.__table__
    cols = [table.c.id] + [table.c[c] for c in fields]
    existing: dict[str, tuple[Any, ...]] = {}
    if rows:
        for r in session.execute(
            select(*cols).where(table.c.external_id.is_not(None)).execution_options(yield_per=20000)
        ):
            existing[r.external_id] = tuple(r)
    index = {c: n + 1 for n, c in enumerate(fields)}
    now = utcnow()
    creates: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for _line, values in rows:
        old = existing.get(values["external_id"])
        if old is None:
            creates.append(values)
            continue
        diff = {c: [old[index[c]], v] for c, v in values.items() if old[index[c]] != v}
        if not diff:
            report.unchanged += 1
            continue
        updates.append({"id": old[0], "updated_at": now, **{c: v[1] for c, v in diff.items()}})
        changes.append(
            {
                "organisation_id": old[0],
                "actor_id": actor_id,
                "at": now,
                "source": "import",
                "changes": diff,
            }
        )
    return creates, updates, changes


#: What a created library has where the register says nothing.
CREATE_DEFAULTS: dict[str, Any] = {
    "kind": "library",
    "sector": "public",
    "status": "operating",
    "languages": "",
    "subjects": "",
    "collection_languages": "",
    "directions_sought": "",
    "directions_offered": "",
}


def _insert(
    session: Session, rows: list[dict[str, Any]], progress: Callable[[int], None] | None
) -> None:
    """Insert new libraries through the driver's executemany: one statement, tuples."""
    if not rows:
        return
    connection = session.connection()
    changes.mark(connection)  # the driver's executemany bypasses SQLAlchemy's events
    now: Any = utcnow()
    if connection.dialect.name == "sqlite":
        now = now.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores DateTime there
    columns = sorted({c for r in rows for c in r} | set(CREATE_DEFAULTS))
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO organisations ({', '.join(columns)}, updated_at) "
        f"VALUES ({', '.join([marker] * (len(columns) + 1))})"
    )
    defaults = [CREATE_DEFAULTS.get(c) for c in columns]
    columns_now = [*columns, "updated_at"]
    defaults_now = [*defaults, now]
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        # dict.get(column, default) for each column, in C: map over two lists.
        connection.exec_driver_sql(
            sql, [tuple(map(r.get, columns_now, defaults_now)) for r in batch]
        )
        if progress:
            progress(len(batch))


def _by_shape(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for r in rows:
        shapes.setdefault(tuple(sorted(r)), []).append(r)
    return shapes.values()


#: Every public field of a profile; private contacts are never exported.
EXPORT_FIELDS = ("id", "external_id", *(f for f in EDITABLE if f not in PRIVATE))


def export_registry(session: Session, out: io.TextIOBase | Any) -> int:
    """Write every library as CSV (UTF-8, comma, header); private contacts are left out."""
    table = Organisation.__table__
    writer = spreadsheet.writer(out)
    writer.writerow(EXPORT_FIELDS)
    count = 0
    query = (
        select(*(table.c[c] for c in EXPORT_FIELDS))
        .where(table.c.kind == "library")
        .order_by(table.c.id)
        .execution_options(yield_per=5000)
    )
    for row in session.execute(query):
        writer.writerow(["" if v is None else v for v in row])
        count += 1
    return count
