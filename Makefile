# Amane: the two commands a newcomer needs are `make lab` and `make test`.
# Every target installs what it is missing itself (venv, Debian packages, a Docker engine).

SHELL := /bin/bash
VENV := .venv
PYTHON ?= python3
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ANSIBLE_FORCE_COLOR := 0
# One scenario alone: make molecule SCENARIO=vpn
SCENARIO ?=
REPORTS_DIR ?= $(CURDIR)/reports

.PHONY: help deps venv image lab lab-up lab-enroll lab-down site report lint unit unit-fast integration molecule test clean \
	sanity docs artifact changelog release

help:
	@echo "make lab       build the image, bring the lab up, run playbooks/site.yml"
	@echo "make test      ruff, ansible-lint, unit tests and every Molecule scenario"
	@echo "make unit-fast the unit tests that start no program (seconds)"
	@echo "make molecule SCENARIO=<name>   one Molecule scenario alone"
	@echo "make lab-down  remove the lab's containers and network"
	@echo "make sanity    ansible-test sanity on the collection (local Python, no container)"
	@echo "make docs      lint the plugin and role docs, build the docs site into build/docs/html"
	@echo "make artifact  build the collection, install the artifact into an empty path, use it"
	@echo "make changelog lint the changelog fragments, check every code change has one, preview"
	@echo "make release VERSION=x.y.z   write CHANGELOG.md from the fragments (antsibull-changelog)"

deps:
	@bash scripts/install-deps.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	@touch $@

image: deps
	@bash scripts/build-image.sh

lab-up: venv image
	ansible-playbook playbooks/lab/up.yml

lab-down: venv
	ansible-playbook playbooks/lab/down.yml
	rm -rf .cache/facts  # facts of removed containers must not outlive them
	# the registry, pinned keys and secrets of removed laptops must not outlive them either
	rm -rf inventories/lab/registry.sqlite* inventories/lab/.state/$${AMANE_LAB_PREFIX:-amane-lab-} build/vpn-byod

site: venv
	ansible-playbook playbooks/site.yml

report: venv
	ansible-playbook playbooks/report.yml -e amane_report_dir="$(REPORTS_DIR)"

# Enroll and approve the lab's laptops with the documented playbooks (scripts/lab-enroll.sh).
lab-enroll: venv
	@bash scripts/lab-enroll.sh

lab: lab-up lab-enroll site report
	@python3 scripts/lab_summary.py "$(REPORTS_DIR)"

lint: venv
	ruff check .
	python3 scripts/role_docs.py --check
	ansible-lint

unit: venv
	pytest tests/unit

# The pure tier: no test in it starts a program (tests/unit/tiers.py proves it while they run).
unit-fast: venv
	pytest -q -m "not programs" tests/unit

molecule: venv image
	@test -n "$(SCENARIO)" || { echo "usage: make molecule SCENARIO=<name> (one of: $$(ls molecule))"; exit 2; }
	molecule test -s $(SCENARIO)

# The Ansible ecosystem's gates (scripts/*.sh say what each does); make test runs each of them
# through tests/integration/test_ecosystem_gates.py.
sanity: venv
	@bash scripts/sanity.sh

docs: venv
	@bash scripts/docs.sh

artifact: venv
	@bash scripts/artifact-check.sh

changelog: venv
	@bash scripts/changelog.sh

release: venv
	@[[ "$$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$$ ]] || { echo "usage: make release VERSION=x.y.z, three numbers (galaxy.yml's version is set to it); got '$$VERSION'"; exit 2; }
	sed -i "s/^version: .*/version: $$VERSION/" galaxy.yml
	antsibull-changelog release --version "$$VERSION"

# Lint first (fast feedback), then one pytest run over unit tests and every Molecule scenario,
# so the last line is pytest's summary of everything. Scenarios spend most of their time
# waiting on apt and services, so two run at once (TEST_WORKERS=1 runs them one by one).
TEST_WORKERS ?= 2
test: venv image lint
	pytest -n $(TEST_WORKERS) --dist loadgroup

clean:
	rm -rf .cache .pytest_cache .ruff_cache
