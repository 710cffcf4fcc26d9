#!/usr/bin/env bash
# pox-research: a small synthetic experiment made machine-checkable with a Proof-of-Experiment.
# A seeded job generates data, an analysis job reads it (a blob pointer), the result is journalled and
# folded; `pox create` binds it all, `pox verify` checks it without re-running, `reproduce` re-runs it.
# Run from the repository root after `npm ci && npm run build`:  bash examples/pox-research/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/examples/pox-research"
work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/gatos-pox-research.XXXXXX")}   # WORK=<empty dir> to choose
keep=${KEEP:-0}
cleanup() { if [ "$keep" = 1 ]; then echo "(kept $work)"; else rm -rf "$work"; fi; }
trap cleanup EXIT

export PATH="$root/bin:$PATH"                  # provides git-gatos, so `git gatos` works
export GATOS_HOME="$work/gatos-home"                # throwaway key store, never your real one
export GIT_AUTHOR_NAME=demo GIT_AUTHOR_EMAIL=demo@example.invalid GIT_COMMITTER_NAME=demo GIT_COMMITTER_EMAIL=demo@example.invalid

step() { printf '\n$ %s\n' "$*" >&2; "$@"; }
field() { grep -o "\"$1\": *\"[^\"]*\"" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/'; }   # first string field "$1" of JSON

cd "$work"
git init -q -b main repo
cd repo

# 1. A researcher with a key and a policy; the results fold lives in the repository.
step git gatos init --actor user:ada >&2
mkdir -p gatos/folds && cp "$here/gatos/folds/"* gatos/folds/
step git gatos foldc gatos/folds/results.yaml >&2
step git gatos policy publish >&2

# 2. Deterministic data generation (fixed seed), run by a worker; its output becomes a blob.
gen=$(git gatos job submit "$here/jobs/generate.yaml")
step git gatos worker --once >&2
git show "refs/gatos/jobs/${gen#blake3:}/result:outputs/data.csv" > data.csv
data=$(git gatos blob put data.csv | field hash)

# 3. The analysis job reads the data through its blob pointer.
sed "s/@DATA@/$data/" "$here/jobs/analyse.yaml.in" > analyse.yaml
ana=$(git gatos job submit analyse.yaml)
step git gatos worker --once >&2
summary=$(git show "refs/gatos/jobs/${ana#blake3:}/result:result.json" | sed -n 's/.*"content_id":"\([^"]*\)","path":"summary.txt".*/\1/p')
mean=$(git show "refs/gatos/jobs/${ana#blake3:}/result:outputs/summary.txt" | sed -n 's/^mean_milli=//p')

# 4. The result is journalled and folded into a checkpoint with Proof-of-Fold.
step git gatos event append --ns research --type analysis.recorded \
  --payload "{\"job\":\"$ana\",\"dataset\":\"$data\",\"summary\":\"$summary\",\"n\":200,\"mean_milli\":$mean}" >&2
step git gatos fold --ns research >&2

# 5. Proof-of-Experiment: create, verify (no re-run), reproduce (re-run and refold).
pox=$(git gatos pox create --inputs "$data" --program "$gen" "$ana" --state research --json | field ulid)
step git gatos pox verify "$pox"
step git gatos reproduce "$pox"

echo
echo "pox-research: experiment $pox created, verified and reproduced identically."
echo "POX=$pox"
