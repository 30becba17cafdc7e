#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seeds: the example plan's and the test
# fixtures' entries and outcare.yaml files, and the request targets and Host
# headers in fuzz/seeds/serve_path/. The corpus then grows as the fuzzer runs;
# it is not committed (fuzz/.gitignore). Safe to run again: it only adds files.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
mkdir -p corpus/front_matter corpus/entry corpus/config corpus/serve_path

# Every entry file, named after its path so that reruns overwrite rather than pile up.
name() { printf '%s' "$1" | tr '/' '_'; }
while IFS= read -r file; do
  rel=${file#"$repo"/}
  cp "$file" "corpus/front_matter/$(name "$rel")"
  # entry's first byte picks the kind (outcare::fuzzing::KINDS): 0 persona,
  # 1 pain point, 2 post, 3 feedback; the rest is the file.
  case "$rel" in
    */content/personas/* | content/personas/*) kind='\000' ;;
    */content/pain-points/* | content/pain-points/*) kind='\001' ;;
    */content/posts/* | content/posts/*) kind='\002' ;;
    */content/feedback/* | content/feedback/*) kind='\003' ;;
    *) continue ;;
  esac
  { printf "$kind"; cat "$file"; } > "corpus/entry/$(name "$rel")"
done < <(find "$repo/content" "$repo/tests/fixtures" -name '*.md' -type f | sort)

while IFS= read -r file; do
  rel=${file#"$repo"/}
  cp "$file" "corpus/config/$(name "$rel")"
done < <(find "$repo/outcare.yaml" "$repo/tests/fixtures" "$repo/src/cmd/scaffold" -name outcare.yaml -type f | sort)

cp seeds/serve_path/* corpus/serve_path/
for target in front_matter entry config serve_path; do
  echo "corpus/$target: $(find "corpus/$target" -type f | wc -l) files"
done
