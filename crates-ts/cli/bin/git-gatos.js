#!/usr/bin/env node
// `git gatos <verb>`: git runs `git-gatos` from PATH with the remaining arguments.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
