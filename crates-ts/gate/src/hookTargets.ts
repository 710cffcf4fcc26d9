/**
 * Where each kind of server runs hooks from (FIELD-NOTES, pre-receive):
 * plain git runs `hooks/<name>`; Gitea and Forgejo run every file in `hooks/<name>.d/`;
 * GitLab (Gitaly) runs `custom_hooks/<name>.d/*` and ignores `hooks/`.
 */
export type HookTarget = 'plain' | 'gitea' | 'gitlab';

export const HOOK_TARGETS: readonly HookTarget[] = ['plain', 'gitea', 'gitlab'];

/** The hooks the gate installs: pre-receive decides, post-receive records a trust-on-first-use genesis. */
export type HookName = 'pre-receive' | 'post-receive';

export const HOOK_NAMES: readonly HookName[] = ['pre-receive', 'post-receive'];

/** Path of the gate's hook file for `name` under `target`, relative to the bare repository. */
export function hookPath(target: HookTarget, name: HookName): string {
  switch (target) {
    case 'plain':
      return `hooks/${name}`;
    case 'gitea':
      return `hooks/${name}.d/gatos`;
    case 'gitlab':
      return `custom_hooks/${name}.d/gatos`;
  }
}
