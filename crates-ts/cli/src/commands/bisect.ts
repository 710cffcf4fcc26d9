import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import {
  bisectState, commandStatePredicate, jsStatePredicate, parseBisectPoint, type BisectEvent, type BisectPoint, type BisectResult, type StatePredicate,
} from '@gatos/echo';
import { GatosError } from '@gatos/core';
import { runGit, type Repository } from '@gatos/git';
import { GatosCommand } from '../lib/baseCommand.js';
import { withContext } from '../lib/context.js';
import { foldFor } from '../lib/foldFor.js';
import { toJsonValue } from '../lib/toJsonValue.js';

type EventView = Omit<BisectEvent, 'payload'> & { payload: unknown };
type BisectView = Omit<BisectResult, 'firstBad' | 'window'> & { firstBad: EventView | null; window: EventView[] };

export default class Bisect extends GatosCommand {
  static override summary = 'Find the first event after which a state predicate stops holding.';
  static override description = [
    'Binary-searches the events of a namespace, in fold order, between a good point and a bad point for the first event whose state fails the predicate, and prints that event with its neighbours.',
    'A point is a checkpoint commit (the events its Proof-of-Fold covers), a journal commit (up to and including its event), any revision naming one of those, or a time (RFC 3339 or a ULID: every event whose ULID time is at or before it).',
    'The predicate is a JS file exporting check(state) returning true (good) or false (bad), run in the deterministic fold sandbox with the fold limits; or a command after --, given the state JSON on stdin: exit 0 good, 125 skip, 1-124 bad, anything else aborts.',
    'States are folded with the namespace’s fold (as `git gatos fold` finds it) in memory, from the nearest usable checkpoint or the last good state: nothing is written. Progress goes to stderr. Exit 0 when one event is isolated, 1 when the predicate does not flip or skipped states leave several candidates, 2 for bad input or a predicate that cannot run.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> bisect --state acct --good 2026-11-01T00:00:00Z --bad refs/gatos/state/acct --predicate no-overdraft.js',
    '<%= config.bin %> bisect --state acct --good refs/gatos/state/acct~3 --bad refs/gatos/state/acct --json -- jq -e ".balance >= 0"',
  ];
  static override strict = false;
  static override flags = {
    state: Flags.string({ summary: 'Namespace whose state is bisected.', required: true }),
    good: Flags.string({ summary: 'A point where the predicate holds: commit, revision, RFC 3339 time or ULID.', required: true }),
    bad: Flags.string({ summary: 'A later point where it fails: commit, revision, RFC 3339 time or ULID.', required: true }),
    predicate: Flags.string({ summary: 'JS file exporting check(state) -> boolean; or give a command after -- (also spelt --predicate -- <cmd>).' }),
    fold: Flags.string({ summary: 'Fold name, when several folds read the namespace.' }),
    context: Flags.integer({ summary: 'Neighbouring events shown on each side of the first bad event.', default: 1, min: 0 }),
  };

  async run(): Promise<BisectView> {
    // `--predicate -- cmd …` is the same as `-- cmd …`; oclif would take `--` as the flag's value and
    // then parse the command's own options as ours, so the flag is dropped before parsing.
    const end = this.argv.indexOf('--');
    const raw = end > 0 && this.argv[end - 1] === '--predicate' ? [...this.argv.slice(0, end - 1), ...this.argv.slice(end)] : this.argv;
    const { flags, argv } = await this.parse(Bisect, raw);
    const command = argv as string[];
    const file = flags.predicate;
    if (file !== undefined && command.length > 0) throw usage('give either --predicate <file.js> or a command after --, not both');
    if (file === undefined && command.length === 0) throw usage('no predicate: give --predicate <file.js> or a command after -- (e.g. -- jq -e ".balance >= 0")');
    const predicate: StatePredicate = file !== undefined
      ? jsStatePredicate(readPredicate(file), file)
      : commandStatePredicate(command, { onOutput: (chunk) => process.stderr.write(chunk) });
    return withContext(flags, async (ctx) => {
      const fold = foldFor(ctx.repo, flags.state, flags.fold);
      const good = await toPoint(ctx.repo, flags.good, '--good');
      const bad = await toPoint(ctx.repo, flags.bad, '--bad');
      const result = await bisectState(ctx.repo, {
        fold, good, bad, predicate, context: flags.context, onProgress: (line) => process.stderr.write(`${line}\n`),
      });
      const view: BisectView = { ...result, firstBad: result.firstBad ? eventView(result.firstBad) : null, window: result.window.map(eventView) };
      this.report(view);
      if (!result.found) this.failCheck();
      return view;
    });
  }

  private report(r: BisectView): void {
    if (r.firstBad) {
      this.log(`first bad event: #${r.firstBad.index} ${r.firstBad.cid}`);
      this.log(`  the state after ${r.firstBad.index} events passes ${r.predicate}; after ${r.firstBad.index + 1} it fails`);
    } else {
      this.log(`no single first bad event: skipped states leave ${r.window.length} candidates (#${r.window[0]?.index ?? '?'}..#${r.window.at(-1)?.index ?? '?'})`);
    }
    this.log(`${r.evaluations} states evaluated, ${r.eventsFolded} events folded; good = ${r.good.events} events (${r.good.text}), bad = ${r.bad.events} events (${r.bad.text})`);
    for (const e of r.window) {
      const mark = r.firstBad?.index === e.index ? '>' : ' ';
      this.log(`${mark} #${e.index} ${e.ulid} ${e.actor} ${e.type} ${JSON.stringify(e.payload)}\n    ${e.cid}`);
    }
  }
}

function usage(message: string): GatosError {
  return new GatosError('USAGE', message);
}

function readPredicate(path: string): string {
  try {
    return readFileSync(resolve(path), 'utf8');
  } catch {
    throw new GatosError('BISECT_PREDICATE_INVALID', `cannot read predicate file ${path}`, { data: { predicate: path } });
  }
}

function eventView(e: BisectEvent): EventView {
  return { ...e, payload: toJsonValue(e.payload) };
}

/** A time or full commit id as given; anything else is resolved as a revision (`refs/gatos/state/acct~2`, an abbreviated id). */
async function toPoint(repo: Repository, text: string, flag: string): Promise<BisectPoint> {
  const parsed = parseBisectPoint(text);
  if (parsed) return parsed;
  const commit = (await runGit(repo.gitDir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${text}^{commit}`]).catch(() => '')).trim();
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) {
    throw new GatosError('BISECT_BAD_POINT', `${flag} ${JSON.stringify(text)} is neither a time (RFC 3339, ULID) nor a commit or revision in this repository`, { data: { point: text } });
  }
  return { kind: 'commit', commit, text };
}
