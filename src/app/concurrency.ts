import { ConcurrencyConflict } from '../domain/errors';

/**
 * Runs a read-modify-write step again when another writer got there first. Each run re-reads, so the
 * step must do all its reading inside `step`. Eight rounds only fail under a storm no real unit makes.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, rounds = 8): Promise<T> {
  for (let round = 1; ; round += 1) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict) || round >= rounds) throw error;
    }
  }
}
