import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();

/**
 * A child process (bot, baseline, fakes) the bench started: killed when the bench exits, also on an
 * error, so a failed run does not leave processes using the CPU under the next measurement.
 */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

process.on('exit', () => {
  // SIGTERM, not SIGKILL: tsx passes it on to the script it runs.
  for (const child of children) child.kill('SIGTERM');
});
