/** One round of a benchmark: the candidate and the baseline measured back to back, in operations per second. */
export interface BenchRound {
  readonly candidate: number;
  readonly baseline: number;
}

export interface BaselineComparison {
  /** The candidate's speed as a multiple of the baseline's (1.1 is 10% faster), over all rounds. */
  readonly ratio: number;
  /** Whether `ratio` reaches the goal (a ratio equal to the goal meets it). */
  readonly met: boolean;
}

const isSpeed = (value: number): boolean => Number.isFinite(value) && value > 0;

/** The median of the per-round ratios candidate ÷ baseline, and whether it reaches `goal`. */
export function compareToBaseline(rounds: readonly BenchRound[], goal: number): BaselineComparison {
  if (rounds.length === 0)
    throw new RangeError('no rounds to compare: run the candidate and the baseline at least once');
  const ratios = rounds.map((round, index) => {
    if (!isSpeed(round.candidate) || !isSpeed(round.baseline)) {
      throw new RangeError(
        `round ${index}: speeds must be finite and above 0, got ${round.candidate} and ${round.baseline}`,
      );
    }
    return round.candidate / round.baseline;
  });
  ratios.sort((a, b) => a - b);
  const middle = Math.floor(ratios.length / 2);
  const ratio = ratios.length % 2 === 1 ? ratios[middle]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
  return { ratio, met: ratio >= goal };
}
