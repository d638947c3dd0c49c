# The two commands of the README: `make run` and `make test`.
# Both create the virtual environment on first use (and again when
# pyproject.toml changes), so a fresh machine needs nothing installed by hand.
# constraints.txt (a `pip freeze` of a working environment) makes a fresh
# install and CI resolve the versions the app was tested with.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv run test bench translations installer clean-venv

$(STAMP): pyproject.toml constraints.txt scripts/system-packages.txt
	scripts/ensure-system-packages.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) -m correspondent_app $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks $(ARGS)

translations: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k N_ --no-location --sort-output -o translations/correspondent_app.pot .
	$(VENV)/bin/pybabel update -i translations/correspondent_app.pot -d translations -D correspondent_app

installer: $(STAMP)
	$(PY) -m pip install --quiet -c constraints.txt "pyinstaller>=6.3"
	QT_QPA_PLATFORM=offscreen $(PY) installer/build.py

clean-venv:
	rm -rf $(VENV)
