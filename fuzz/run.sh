#!/usr/bin/env bash
# Runs one fuzz target for SECONDS (default 600), seeded from docs-input/
# (the project's own pages, never the corpus). Needs nightly and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Usage: fuzz/run.sh pages|emit|models_json [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-600}
mkdir -p "corpus/$target"
case $target in
  pages)
    # Each page, and pairs of pages joined by a form feed (the target's
    # page separator), so links and inheritance between pages start out live.
    for f in ../docs-input/*.md ../docs-input/api/*.md; do cp "$f" "corpus/pages/$(basename "$f")"; done
    printf '%s\f%s' "$(cat ../docs-input/book.md)" "$(cat ../docs-input/libraryItem.md)" > corpus/pages/pair-book-item
    printf '%s\f%s' "$(cat ../docs-input/api/book-checkout.md)" "$(cat ../docs-input/book.md)" > corpus/pages/pair-call-book
    extra=(-dict=pages.dict)
    ;;
  models_json)
    for f in ../docs-input/api/*.md; do
      awk '/^```http/{c=1;next} /^```/{c=0} c' "$f" | sed -n '/^{/,$p' > "corpus/models_json/$(basename "$f" .md).json"
    done
    extra=()
    ;;
  *) extra=() ;;
esac
# No sanitizer: safe Rust; speed finds more (and reaches 10M runs in minutes).
cargo +nightly fuzz run -s none "$target" "corpus/$target" -- -max_total_time="$seconds" -timeout=10 -max_len=4096 "${extra[@]}"
