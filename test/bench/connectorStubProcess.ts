// The connector stub in its own process for the sweep benchmark, so the times it sees requests arrive are
// not skewed by the sweeping process's own event loop. Started with fork(); talks over IPC:
//   child -> { url }                       when listening
//   parent -> 'report'; child -> { requests: [{ at, status }], delivered }   then it exits
import { ConnectorStub } from '../support/connectorStub';

async function main(): Promise<void> {
  const stub = new ConnectorStub();
  // Every tenth request is throttled, as Teams does under load.
  stub.respond = ({ index }) => (index % 10 === 9 ? { status: 429, headers: { 'Retry-After': '1' } } : undefined);
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
