import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { recordBlobClasses, storedHash, type ClassifyResult } from '@gatos/opaque';
import { GatosCommand } from '../../lib/baseCommand.js';
import { readBlobTarget } from '../../lib/blobs.js';
import { withContext } from '../../lib/context.js';

export default class ResolverClassify extends GatosCommand {
  static override summary = 'Record the class of a stored blob, which the resolver\'s read rules use.';
  static override description = 'Writes gatos/objects/classes/<hex> on refs/gatos/objects. Give a pointer (JSON, @file or - for stdin: its class and stored hash are used) or blake3:<hex> with --class. A class is set once: a different class for the same blob is refused. Until a blob has a class, the resolver treats it as unclassed.';
  static override examples = [
    '<%= config.bin %> resolver classify @scan.ptr.json',
    'git gatos blob put scan.pdf --opaque --class medical | <%= config.bin %> resolver classify -',
    '<%= config.bin %> resolver classify blake3:3a7bd3e2… --class medical',
  ];
  static override args = {
    target: Args.string({ description: 'a pointer (JSON, @file or -), or blake3:<hex>', required: true }),
  };
  static override flags = {
    class: Flags.string({ summary: 'The class (default: the pointer\'s "class").' }),
  };

  async run(): Promise<ClassifyResult> {
    const { args, flags } = await this.parse(ResolverClassify);
    const target = readBlobTarget(args.target);
    let hash: string;
    let cls = flags.class;
    if ('hash' in target) hash = target.hash;
    else {
      const { pointer } = target;
      hash = storedHash(pointer);
      cls ??= pointer.class;
      if (pointer.class !== undefined && cls !== pointer.class) throw new GatosError('USAGE', `--class ${cls} differs from the pointer's class ${pointer.class}`);
    }
    if (cls === undefined) throw new GatosError('USAGE', "no class: the pointer has none; pass --class <name>");
    return withContext(flags, async (ctx) => {
      const result = await recordBlobClasses(ctx.repo, [{ hash, class: cls }]);
      this.log(result.added.length > 0 ? `${hash}: class ${cls}` : `${hash} already has class ${cls}`);
      return result;
    });
  }
}
