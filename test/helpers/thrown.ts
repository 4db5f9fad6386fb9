/** Returns what `run` throws; fails the test when it returns normally. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but the call returned');
}
