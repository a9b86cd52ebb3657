import { readdirSync, readFileSync } from 'node:fs';

/**
 * SIGSTOP and waits until the kernel reports every thread of `pid` stopped: a signal is delivered
 * asynchronously, and a test that sends a request "to a frozen server" must not race the delivery.
 */
export async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  const deadline = Date.now() + 5000;
  while (!allThreadsStopped(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function allThreadsStopped(pid: number): boolean {
  try {
    const tasks = readFileSync(`/proc/${pid}/status`, 'utf8');
    if (!/^State:\s+T/m.test(tasks)) return false;
    return readdirSync(`/proc/${pid}/task`).every((tid) => /^State:\s+T/m.test(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8')));
  } catch {
    return false;
  }
}
