// Deterministic fold: deposits raise the balance, withdrawals lower it (integers, minor units).
export function init() {
  return { balance: 0, deposits: 0, withdrawals: 0 };
}

export function step(state, event) {
  const amount = event.payload.amount;
  if (event.type === 'deposit') {
    state.balance += amount;
    state.deposits += 1;
  } else if (event.type === 'withdraw') {
    state.balance -= amount;
    state.withdrawals += 1;
  }
  return state;
}
