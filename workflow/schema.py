"""Create and upgrade the schema with Alembic, from code or the command line.

python -m workflow.schema upgrade            # DATABASE_URL or the given URL
python -m workflow.schema revision "message" # autogenerate a migration
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def main(argv: list[str]) -> int:
    url = os.environ.get("DATABASE_URL", "sqlite:///instance/sister.sqlite3")
    if argv[:1] == ["upgrade"]:
        upgrade(argv[1] if len(argv) > 1 else url)
    elif argv[:1] == ["revision"] and len(argv) == 2:
        command.revision(alembic_config(url), message=argv[1], autogenerate=True)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
