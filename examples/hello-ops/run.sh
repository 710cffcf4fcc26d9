#!/usr/bin/env bash
# hello-ops: the gatos walkthrough on a throwaway local repository (no server needed).
# Two actors keep a small ledger of invoices and payments; every event is signed, logged and verified.
# Run from the repository root after `npm ci`:  npm run demo
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/gatos-hello-ops.XXXXXX")
keep=${KEEP:-0}
cleanup() { if [ "$keep" = 1 ]; then echo "(kept $work)"; else rm -rf "$work"; fi; }
trap cleanup EXIT

export PATH="$root/bin:$PATH"                  # provides git-gatos, so `git gatos` works
export MANPATH="$root/crates-ts/cli/man:${MANPATH:-}"
export GATOS_HOME="$work/gatos-home"                # throwaway key store, never your real one
export GIT_AUTHOR_NAME=demo GIT_AUTHOR_EMAIL=demo@example.invalid GIT_COMMITTER_NAME=demo GIT_COMMITTER_EMAIL=demo@example.invalid

step() { printf '\n$ %s\n' "$*"; "$@"; }

cd "$work"
step git init -q -b main repo
cd repo

# 1. alice initialises gatos: key, trust graph, first policy bundle.
step git gatos init --actor user:alice

# 2. The fold that turns the finance journal into balances lives in the repository, like the policy.
mkdir -p gatos/folds && cp "$root/examples/hello-ops/gatos/folds/"* gatos/folds/
step git gatos foldc gatos/folds/balances.yaml
step git gatos lint gatos/folds

# 3. bob gets a key; alice trusts it and publishes the new policy (this also commits gatos/).
step git gatos key new --actor user:bob
step git gatos trust add user:bob
step git gatos trust group @leads user:alice user:bob
step git gatos policy publish

# 4. Both append signed events to their own journals in the finance namespace.
step git gatos event append --ns finance --type invoice.created --payload '{"invoice":"inv-1","customer":"acme","amount":1200}'
step git gatos event append --ns finance --type invoice.created --payload '{"invoice":"inv-2","customer":"globex","amount":450}'
step git gatos event append --ns finance --actor user:bob --type payment.received --payload '{"invoice":"inv-1","amount":1200}'
printf '%s\n' '{"type":"payment.received","payload":{"invoice":"inv-2","amount":200}}' \
              '{"type":"payment.received","payload":{"invoice":"inv-2","amount":100}}' > payments.jsonl
step git gatos event append --ns finance --actor user:bob --batch payments.jsonl

# 5. Read them back and verify every signature, CID and journal invariant.
step git gatos event log --ns finance
step git gatos event verify

# 6. Fold the journals into a checkpoint with Proof-of-Fold, read the state, and verify by replay.
step git gatos fold --ns finance
step git gatos state show finance --path customers
step git gatos fold verify finance
step git for-each-ref refs/gatos refs/notes
step git notes --ref=gatos/pof show refs/gatos/state/finance

# 7. A job: the input goes to the blob store, a worker claims and runs it, and the signed result
#    (Proof-of-Execution, also as an in-toto/DSSE attestation) verifies; the lifecycle is a fold too.
printf 'acme,1200\nglobex,450\n' > invoices.csv
pointer=$(git gatos blob put invoices.csv)
hash=$(printf '%s' "$pointer" | sed 's/.*"hash":"\([^"]*\)".*/\1/')
cat > count.yaml <<YAML
command: [sh, -c, "wc -l < invoices.csv > count.txt"]
inputs: [{kind: blobptr, algo: blake3, hash: "$hash", path: invoices.csv}]
timeout: 30s
outputs: [count.txt]
YAML
job=$(git gatos job submit count.yaml)
step git gatos worker --once
step git gatos job status "$job"
step git gatos job verify "$job"
step git gatos fold --ns jobs
step git gatos fold verify jobs

echo
echo "hello-ops: events signed and verified; balances folded, checkpointed and proven by replay;"
echo "a job run from a blob input, its Proof-of-Execution verified, its lifecycle folded and proven."
