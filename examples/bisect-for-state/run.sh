#!/usr/bin/env bash
# bisect-for-state: a ledger of 60 deposits and withdrawals in which one withdrawal overdraws the
# account; `git gatos bisect` finds that event with a predicate file, then with a command.
# Run from the repository root after `npm ci`:  bash examples/bisect-for-state/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/examples/bisect-for-state"
work=$(mktemp -d "${TMPDIR:-/tmp}/gatos-bisect.XXXXXX")
keep=${KEEP:-0}
cleanup() { if [ "$keep" = 1 ]; then echo "(kept $work)"; else rm -rf "$work"; fi; }
trap cleanup EXIT

export PATH="$root/bin:$PATH"                  # provides git-gatos, so `git gatos` works
export GATOS_HOME="$work/gatos-home"           # throwaway key store, never your real one
export GIT_AUTHOR_NAME=demo GIT_AUTHOR_EMAIL=demo@example.invalid GIT_COMMITTER_NAME=demo GIT_COMMITTER_EMAIL=demo@example.invalid

step() { printf '\n$ %s\n' "$*"; "$@"; }

cd "$work"
git init -q -b main repo
cd repo
step git gatos init --actor user:alice
mkdir -p gatos/folds && cp "$here/gatos/folds/"* gatos/folds/
cp "$here/no-overdraft.js" .

# 1. 30 events, folded into a checkpoint: the balance is healthy.
for i in $(seq 1 30); do
  if [ $((i % 3)) = 0 ]; then echo '{"type":"withdraw","payload":{"amount":15}}'; else echo '{"type":"deposit","payload":{"amount":20}}'; fi
done > first.jsonl
step git gatos event append --ns acct --batch first.jsonl
step git gatos fold --ns acct
good=$(git rev-parse refs/gatos/state/acct)

# 2. 30 more; event 47 (the 17th of this batch) withdraws far too much: the planted regression.
for i in $(seq 31 60); do
  if [ "$i" = 47 ]; then echo '{"type":"withdraw","payload":{"amount":5000}}';
  elif [ $((i % 3)) = 0 ]; then echo '{"type":"withdraw","payload":{"amount":15}}'; else echo '{"type":"deposit","payload":{"amount":20}}'; fi
done > second.jsonl
step git gatos event append --ns acct --batch second.jsonl
step git gatos fold --ns acct
step git gatos state show acct

# 3. Which event overdrew the account? A predicate file (run in the fold sandbox) ...
step git gatos bisect --state acct --good "$good" --bad refs/gatos/state/acct --predicate no-overdraft.js

# ... or any command that reads the state JSON on stdin (exit 0 good, 1 bad, 125 skip).
printf '\n$ git gatos bisect --state acct --good %s --bad refs/gatos/state/acct --json -- node -e ... > bisect.json\n' "$good"
git gatos bisect --state acct --good "$good" --bad refs/gatos/state/acct --json -- \
  node -e 'process.exit(JSON.parse(require("fs").readFileSync(0, "utf8")).balance >= 0 ? 0 : 1)' > bisect.json
node -e '
const r = JSON.parse(require("fs").readFileSync("bisect.json", "utf8"));
console.log(`first bad event #${r.firstBad.index} (${r.firstBad.type} ${r.firstBad.payload.amount}) after ${r.evaluations} evaluations`);
if (r.firstBad.index !== 46 || r.firstBad.payload.amount !== 5000) process.exit(1);'

echo
echo "bisect-for-state: the overdrawing withdrawal (event #46, the 47th) found by binary search over the fold."
