import { Args } from '@oclif/core';
import { findEvent } from '@gatos/ledger';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { eventView, type EventView } from '../../lib/eventView.js';

export default class EventShow extends GatosCommand {
  static override summary = 'Show one event by Event-CID or journal commit id.';
  static override examples = ['<%= config.bin %> event show bafyr4ierlccsl2tykpoggzeke4badjs3xd27fmaddlq3dthzxh5wsgwlsm'];
  static override args = { id: Args.string({ description: 'Event-CID (bafyr4i…) or 40-hex commit id', required: true }) };

  async run(): Promise<EventView> {
    const { args, flags } = await this.parse(EventShow);
    return withContext(flags, async (ctx) => {
      const view = eventView(await findEvent(ctx.repo, args.id));
      this.log(`event ${view.cid}\ncommit      ${view.commit}\nref         ${view.ref}\ntype        ${view.type}\nactor       ${view.actor}\nulid        ${view.ulid}${view.ts ? `\nts          ${view.ts}` : ''}\npolicy_root ${view.policy_root}\nsigner      ${view.signer}\npayload     ${JSON.stringify(view.payload, null, 2)}`);
      return view;
    });
  }
}
