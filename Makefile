# Shortcuts for the scripts in scripts/ and the tools in .venv.
# `make run` and `make test` install what is missing first.

VENV := .venv/bin

.PHONY: run test lint messages compile-messages migrate bench diagram

run:
	bash scripts/start.sh

# Pass pytest options with ARGS, e.g. make test ARGS="-k transitions -x"
test:
	bash scripts/test.sh $(ARGS)

lint:
	$(VENV)/ruff check . && $(VENV)/ruff format --check . && $(VENV)/lint-imports && $(VENV)/mypy

# Extract translatable strings into the template, then merge it into each language.
messages:
	$(VENV)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_text -k N_ --no-location --sort-output \
		-o translations/messages.pot --project sister-libraries states workflow web documents
	$(VENV)/pybabel update -d translations -i translations/messages.pot

compile-messages:
	$(VENV)/pybabel compile -d translations

migrate:
	$(VENV)/alembic -c workflow/migrations/alembic.ini upgrade head

bench:
	$(VENV)/python -m bench

# Write to a temporary file first so a failure does not leave a truncated SVG.
diagram:
	mkdir -p docs
	$(VENV)/flask --app wsgi diagram > docs/lifecycle.svg.tmp \
		&& mv docs/lifecycle.svg.tmp docs/lifecycle.svg \
		|| { rm -f docs/lifecycle.svg.tmp; exit 1; }
