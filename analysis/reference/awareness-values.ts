/**
 * Awareness (知晓度, docs/satisfaction.md, Awareness): 1 if the answer to the awareness item is one of
 * the `aware` answers (know + heard, or know alone: configurable), 0 for any other answer (e.g. 不知道
 * `unaware`), NaN (no value) for a blank. It goes through the same design and estimator as
 * satisfaction but is its own figure, never blended into satisfaction. Reference for the tests
 * only: cells-from-respondents.ts gives cells the same values.
 */
export function awarenessValues(
  answers: ArrayLike<string | null | undefined>,
  aware: readonly string[],
): Float64Array {
  const values = new Float64Array(answers.length);
  for (let i = 0; i < answers.length; i++) {
    const answer = answers[i];
    values[i] =
      answer === null || answer === undefined || answer === ""
        ? Number.NaN
        : aware.includes(answer)
          ? 1
          : 0;
  }
  return values;
}
