// Bisect predicate: the state is good while the account is not overdrawn.
export function check(state) {
  return state.balance >= 0;
}
