// Deterministic fold: each analysis.recorded event records one analysis run and the digest of its
// output; the state keeps every run by job id and the latest summary per dataset.
export function init() {
  return { runs: {}, latest: {} };
}

export function step(state, event) {
  if (event.type === 'analysis.recorded') {
    const p = event.payload;
    state.runs[p.job] = { dataset: p.dataset, summary: p.summary, n: p.n, mean_milli: p.mean_milli };
    state.latest[p.dataset] = p.summary;
  }
  return state;
}
