/**
 * Runs `work` with console.warn and console.error captured instead of printed.
 * survey-core reports problems (an unknown function in an expression, a value
 * it considers incorrect) only through the console, never by throwing; the
 * validator turns them into a start-up error or keeps them out of the logs.
 * Safe because `work` is synchronous: nothing else runs until it returns.
 */
export function captureConsole<T>(work: () => T): { result: T; messages: string[] } {
  const messages: string[] = [];
  const { warn, error } = console;
  const capture = (...args: unknown[]): void => {
    messages.push(args.map(String).join(" "));
  };
  console.warn = capture;
  console.error = capture;
  try {
    return { result: work(), messages };
  } finally {
    console.warn = warn;
    console.error = error;
  }
}
