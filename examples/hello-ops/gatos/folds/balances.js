// Deterministic fold: invoices raise a customer's balance, payments lower it.
// Amounts are integers in minor units (cents); no floats, clocks or randomness in a fold.
export function init() {
  return { customers: {}, invoices: {} };
}

export function step(state, event) {
  const p = event.payload;
  if (event.type === 'invoice.created') {
    state.invoices[p.invoice] = { customer: p.customer, amount: p.amount, paid: 0 };
    state.customers[p.customer] = (state.customers[p.customer] ?? 0) + p.amount;
  } else if (event.type === 'payment.received') {
    const invoice = state.invoices[p.invoice];
    if (invoice) {
      invoice.paid += p.amount;
      state.customers[invoice.customer] -= p.amount;
    }
  }
  return state;
}
