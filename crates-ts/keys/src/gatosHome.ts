import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where private keys live: `$GATOS_HOME`, else `$XDG_CONFIG_HOME/gatos`, else `~/.config/gatos`.
 * Always outside any repository, so a key can never be committed by accident.
 */
export function gatosHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATOS_HOME) return env.GATOS_HOME;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'gatos');
  return join(homedir(), '.config', 'gatos');
}
