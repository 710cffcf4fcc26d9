export function init() {
  return { invoiced: {}, paid: {} };
}

export function step(state, event) {
  const p = event.payload;
  if (event.type === 'invoice.created') state.invoiced[p.customer] = (state.invoiced[p.customer] ?? 0) + p.amount;
  else if (event.type === 'payment.received') state.paid[p.customer] = (state.paid[p.customer] ?? 0) + p.amount;
  return state;
}
