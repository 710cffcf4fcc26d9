/**
 * How many new commits a push may still bring (journal and state refs together), so one push cannot
 * make the gate read without bound. Shared by every ref check of one `evaluatePush`.
 */
export class CommitBudget {
  constructor(private remaining: number) {}

  /** Takes `n` commits from the budget; false (and nothing taken) when fewer than `n` remain. */
  take(n: number): boolean {
    if (n > this.remaining) return false;
    this.remaining -= n;
    return true;
  }
}
