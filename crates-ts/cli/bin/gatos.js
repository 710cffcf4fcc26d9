#!/usr/bin/env node
// Entry point for `gatos <verb>` (and, through git-gatos.js, `git gatos <verb>`).
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
