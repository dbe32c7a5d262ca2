/**
 * Polls until `probe` returns something other than undefined, for consequences that follow a command
 * through the log (a reactor's write, a projection) rather than in the command's own answer.
 * Not a timing assertion: the bound only turns a missing consequence into a clear failure.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 10_000, everyMs = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
