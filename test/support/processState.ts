import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * Removes `<tmpdir>/<prefix><pid>-...` folders whose owning process is gone (a crashed run's servers;
 * their own --maximum-runtime or our SIGKILL ended the processes, but the copies stay behind).
 */
export function removeOrphanFolders(parent: string, prefix: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const owner = Number(name.slice(prefix.length).split('-')[0]);
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid) continue;
    if (processAlive(owner)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
