# Recipes for supatui. `just` itself comes from the dev extra (rust-just): .venv/bin/just

python := ".venv/bin/python"

# List the recipes.
default:
    @just --list

# Create .venv and install supatui with every extra.
setup:
    python3 -m venv .venv
    .venv/bin/pip install -q -e '.[dev]'

# Open the dashboard on a demo sandbox.
demo:
    {{python}} -m supatui demo

# Run the whole test suite.
test *args:
    {{python}} -m pytest {{args}}

# Check style with ruff.
lint:
    {{python}} -m ruff check supatui tests benchmarks

# Measure speed and memory; writes docs/benchmarks.md.
bench:
    {{python}} -m benchmarks

# Export an SVG of every dashboard screen (80x24 and 120x40) into screenshots/.
screenshots:
    {{python}} scripts/screenshots.py --out screenshots
