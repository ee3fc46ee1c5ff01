#!/usr/bin/env bash
# Lists every "§" citation (and every Jobs endpoint number E1..E14) in the tree and fails when the cited
# section has no heading in docs/contract/jobs.md or docs/contract/heron.md.
#
# Which contract a citation means:
#   - an explicit name wins: "heron §4.3", "jobs.md §7.1", "docs/contract/heron.md §4.3",
#     "heron contract §7.12", or a suffix "§3.2 of docs/contract/jobs.md";
#   - otherwise the citing file's path decides: a path containing "heron" (any case) → heron.md,
#     anything else → jobs.md.
# A range (§5.2–5.3, §4.2–§4.3, §7.12–13, §1–§2) checks both ends; "–13" after "§7.12" means §7.13.
# Section N exists when a heading reads "## N. …"; N.M when a heading reads "### N.M …".
# E-numbers are checked in files that map to jobs.md only (Heron files use none; "%E2" is a URL escape).
#
# Usage: scripts/check-contract-citations.sh [-q]   (-q: print only problems and the summary)
set -euo pipefail
export LC_ALL=C.UTF-8 2>/dev/null || export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
quiet=0
[[ "${1:-}" == "-q" ]] && quiet=1

jobs_doc=docs/contract/jobs.md
heron_doc=docs/contract/heron.md
for f in "$jobs_doc" "$heron_doc"; do
  [[ -f "$f" ]] || { echo "missing $f" >&2; exit 2; }
done

# Section numbers present as headings: "## 7. Title" → 7, "### 7.1 Title" → 7.1.
sections() {
  awk '/^###?#? [0-9]+(\.[0-9]+)*\.? / { n = $2; sub(/\.$/, "", n); printf "%s ", n }' "$1"
}
jobs_sections=" $(sections "$jobs_doc")"
heron_sections=" $(sections "$heron_doc")"
# Endpoint numbers defined in the Jobs endpoint table ("| E1 | ...").
jobs_endpoints=" $(awk -F'|' '$2 ~ /^ E[0-9]+ $/ { gsub(/ /, "", $2); printf "%s ", $2 }' "$jobs_doc")"

targets=(src tests docs bench README.md)
existing=()
for t in "${targets[@]}"; do [[ -e "$t" ]] && existing+=("$t"); done

name='((docs/contract/)?(heron|jobs)(\.md)?( contract)? )?'
number='§ ?[0-9]+(\.[0-9]+)*'
range="((–|-)(§ ?)?[0-9]+(\.[0-9]+)*)?"
suffix='( of (docs/contract/)?(heron|jobs)\.md)?'

{
  grep -rnoIiE "${name}${number}${range}${suffix}" "${existing[@]}" | sed 's/^/S:/' || true
  grep -rnoIE '\bE[0-9]{1,2}\b' "${existing[@]}" | sed 's/^/E:/' || true
} | awk -v jobs="$jobs_sections" -v heron="$heron_sections" -v endpoints="$jobs_endpoints" -v quiet="$quiet" '
  function doc_for(path, text,   t) {
    t = tolower(text)
    if (t ~ /heron(\.md)?( contract)? *§/ || t ~ / of (docs\/contract\/)?heron\.md/) return "heron"
    if (t ~ /jobs(\.md)?( contract)? *§/ || t ~ / of (docs\/contract\/)?jobs\.md/) return "jobs"
    return (tolower(path) ~ /heron/) ? "heron" : "jobs"
  }
  function has(list, n) { return index(list, " " n " ") > 0 }
  function report(ok, path, line, what, doc,   missing) {
    missing = (what ~ /^E/) ? "no such endpoint in the table of" : "no such heading in"
    if (ok) { good++; if (!quiet) printf "ok       %s:%s  %s  → docs/contract/%s.md\n", path, line, what, doc }
    else    { bad++;  printf "MISSING  %s:%s  %s  → %s docs/contract/%s.md\n", path, line, what, missing, doc }
  }
  {
    kind = substr($0, 1, 1); rest = substr($0, 3)
    # rest = path:line:match (paths in this tree contain no colon)
    p1 = index(rest, ":"); path = substr(rest, 1, p1 - 1); rest = substr(rest, p1 + 1)
    p2 = index(rest, ":"); line = substr(rest, 1, p2 - 1); text = substr(rest, p2 + 1)
    if (path ~ /^scripts\//) next
    if (kind == "E") {
      if (tolower(path) ~ /heron/) next
      report(has(endpoints, text), path, line, text, "jobs")
      next
    }
    doc = doc_for(path, text)
    list = (doc == "heron") ? heron : jobs
    # The numbers in the match: the first is the section, a second (after a dash) the end of a range.
    s = text; sub(/^[^§]*§ ?/, "", s); sub(/ of .*$/, "", s)
    first = s; sub(/[^0-9.].*$/, "", first); sub(/\.$/, "", first)
    last = ""
    if (match(s, /(–|-)(§ ?)?[0-9]+(\.[0-9]+)*/)) {
      last = substr(s, RSTART, RLENGTH); sub(/^(–|-)(§ ?)?/, "", last)
      if (last !~ /\./ && first ~ /\./) { prefix = first; sub(/\.[0-9]+$/, "", prefix); last = prefix "." last }
    }
    report(has(list, first), path, line, "§" first, doc)
    if (last != "") report(has(list, last), path, line, "§" last " (end of range)", doc)
  }
  END {
    printf "%d citation%s checked, %d missing\n", good + bad, (good + bad == 1 ? "" : "s"), bad
    exit bad > 0 ? 1 : 0
  }'
