/** The bus topic on which accepted jobs are announced (SPEC-DIGEST §7, check 39; ADR-0002 spells it `gatos/jobs/pending`). */
export const JOBS_TOPIC = 'gatos.jobs.pending';
