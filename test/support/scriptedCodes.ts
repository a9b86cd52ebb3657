/**
 * Makes the next security codes drawn by `issueCode` the given ones, in order, so a test that needs two
 * codes to differ never depends on a one-in-a-million draw. Only draws of the code space (10^6) are
 * scripted; anything else that uses `crypto.randomInt` keeps the real generator. Call the returned
 * function (or `jest.restoreAllMocks()` in afterEach) to undo it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeCrypto = require('crypto') as typeof import('crypto');

const CODE_SPACE = 1_000_000;

export function scriptCodes(...codes: string[]): () => void {
  const queue = codes.map((code) => {
    if (!/^\d{6}$/.test(code)) throw new Error(`not a six-digit code: ${code}`);
    return Number(code);
  });
  const real = nodeCrypto.randomInt.bind(nodeCrypto) as (min: number, max: number) => number;
  const spy = jest.spyOn(nodeCrypto, 'randomInt').mockImplementation(((min: number, max: number) => {
    if (min === 0 && max === CODE_SPACE) {
      const next = queue.shift();
      if (next === undefined) throw new Error('scriptCodes: more codes drawn than scripted');
      return next;
    }
    return real(min, max);
  }) as never);
  return () => spy.mockRestore();
}
