#!/usr/bin/env node
// Runs the gatos conformance suite against the CLI named by GATOS_CLI (default: this checkout's
// bin/gatos, else `gatos` on PATH). Prints `id PASS|FAIL reason` per check and a summary, or one
// JSON document with --json. Exit 0 when every selected check passes, 1 otherwise, 2 on bad usage.
import { pathToFileURL } from 'node:url';
import { checks } from './checks.mjs';
import { CheckFailure, Sandbox, resolveCli } from './lib.mjs';

/** Runs the selected checks; returns { cli, passed, failed, results }. */
export function runSuite({ cli = resolveCli(), only = [], keep = false } = {}) {
  const wanted = only.map((s) => s.toUpperCase());
  const selected = wanted.length === 0 ? checks : checks.filter((c) => wanted.includes(c.id) || wanted.includes(c.spec.toUpperCase()));
  const ctx = { sb: new Sandbox(cli), fixture: undefined };
  const results = [];
  try {
    for (const check of selected) {
      const started = Date.now();
      let ok = true;
      let reason = 'ok';
      try {
        check.run(ctx);
        if (check.partial) reason = `ok (partial: ${check.partial})`;
      } catch (err) {
        ok = false;
        reason = err instanceof CheckFailure ? err.message : `error: ${err instanceof Error ? err.message : String(err)}`;
      }
      results.push({ id: check.id, spec: check.spec, title: check.title, ok, reason, ms: Date.now() - started });
    }
  } finally {
    if (!keep) ctx.sb.dispose();
  }
  const passed = results.filter((r) => r.ok).length;
  return { cli, passed, failed: results.length - passed, results, ...(keep ? { scratch: ctx.sb.dir } : {}) };
}

function parseArgs(argv) {
  const opts = { json: false, only: [], list: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') opts.json = true;
    else if (a === '--list') opts.list = true;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--only' && argv[i + 1]) opts.only.push(...argv[++i].split(','));
    else if (a.startsWith('--only=')) opts.only.push(...a.slice(7).split(','));
    else if (a === '--cli' && argv[i + 1]) opts.cli = argv[++i];
    else throw new Error(`unknown argument ${a} (use --json, --list, --keep, --only <id>[,<id>], --cli <path>)`);
  }
  return opts;
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`error: ${err.message}\n`);
    return 2;
  }
  if (opts.list) {
    for (const c of checks) process.stdout.write(`${c.id} ${c.spec} ${c.title}\n`);
    return 0;
  }
  const known = new Set(checks.flatMap((c) => [c.id, c.spec.toUpperCase()]));
  const unknown = opts.only.filter((o) => !known.has(o.toUpperCase()));
  if (unknown.length > 0) {
    process.stderr.write(`error: unknown check id ${unknown.join(', ')} (known: ${checks.map((c) => c.id).join(', ')})\n`);
    return 2;
  }
  const report = runSuite({ cli: opts.cli ?? resolveCli(), only: opts.only, keep: opts.keep });
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const r of report.results) process.stdout.write(`${r.id} ${r.ok ? 'PASS' : 'FAIL'} ${r.spec}: ${r.reason}\n`);
    process.stdout.write(`conformance: ${report.passed} passed, ${report.failed} failed, ${report.results.length} checks (cli: ${report.cli})\n`);
    if (report.scratch) process.stdout.write(`(kept ${report.scratch})\n`);
  }
  return report.failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
