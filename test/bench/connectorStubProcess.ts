// The connector stub in its own process for the sweep benchmark, so the times it sees requests arrive are
// not skewed by the sweeping process's own event loop. Started with fork(); talks over IPC:
//   child -> { url }                       when listening
//   parent -> 'report'; child -> { requests: [{ at, status }], delivered }   then it exits
import { ConnectorStub } from '../support/connectorStub';

async function main(): Promise<void> {
  const stub = new ConnectorStub();
  // One request in ten is throttled, as Teams does under load: drawn from a seeded generator, because a fixed
  // "every tenth" pattern resonates with a 1-second Retry-After at 50/s (50 requests later is again a tenth).
  let seed = 0x5eed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  stub.respond = () => (random() < 0.1 ? { status: 429, headers: { 'Retry-After': '1' } } : undefined);
  const url = await stub.start();
  process.send?.({ url });
  process.on('message', (message) => {
    if (message !== 'report') return;
    const requests = stub.requests.map((r) => ({ at: r.at, status: r.status }));
    process.send?.({ requests, delivered: stub.delivered().length }, () => {
      void stub.stop().then(() => process.exit(0));
    });
  });
}

void main();
