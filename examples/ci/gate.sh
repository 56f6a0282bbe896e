#!/usr/bin/env bash
# The doc-drift gate of a docs repository's pull request, as the workflow
# beside this script runs it (and as `codegen/tests/ci_example.rs` runs it
# locally over two folders of pages).
#
#   gate.sh BASE_PAGES HEAD_PAGES OUT_DIR
#
# BASE_PAGES: the pages of the base branch; HEAD_PAGES: the pull request's.
# Writes to OUT_DIR:
#   changed.txt      the pages the pull request adds or changes
#   annotations.txt  GitHub workflow commands for the findings the pull
#                    request brings (on its changed pages, and not in the
#                    base: `lint --baseline`)
#   lint.sarif       every lint finding of the head pages, each marked new
#                    or unchanged against the base (`baselineState`)
#   diff.sarif       the changes between base and head, breaking ones as errors
#   changelog.md     the changelog for a pull-request comment
# Exits 1 when the pull request makes a breaking change, 2 on a usage error.
# GRAPHGEN names the graphgen binary (default: graphgen on PATH).
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: gate.sh BASE_PAGES HEAD_PAGES OUT_DIR" >&2
  exit 2
fi
base=${1%/}
head=${2%/}
head=${head#./}
out=$3
graphgen=${GRAPHGEN:-graphgen}
mkdir -p "$out"

# The pages the pull request adds or changes, relative to HEAD_PAGES.
: > "$out/changed.txt"
while IFS= read -r -d '' page; do
  rel=${page#"$head"/}
  if ! cmp -s "$page" "$base/$rel"; then
    echo "$rel" >> "$out/changed.txt"
  fi
done < <(find "$head" -name '*.md' -type f -print0 | sort -z)
echo "changed pages: $(wc -l < "$out/changed.txt")"

# Lint the head pages (whole, so links between pages resolve) against the
# base's: annotate only what the pull request brings, on the pages it
# changes; the SARIF log keeps every finding.
"$graphgen" lint "$head" --baseline "$base" --format sarif > "$out/lint.sarif" || true
"$graphgen" lint "$head" --baseline "$base" --format github > "$out/all-annotations.txt" || true
: > "$out/annotations.txt"
while IFS= read -r rel; do
  grep -F "file=$head/$rel," "$out/all-annotations.txt" >> "$out/annotations.txt" || true
done < "$out/changed.txt"
rm -f "$out/all-annotations.txt"
cat "$out/annotations.txt"

# The changelog, and the gate: breaking changes fail it.
"$graphgen" diff "$base" "$head" --format markdown > "$out/changelog.md"
status=0
"$graphgen" diff "$base" "$head" --format sarif --fail-on breaking > "$out/diff.sarif" || status=$?
if [ "$status" -eq 1 ]; then
  echo "breaking changes: see $out/changelog.md"
fi
exit "$status"
