import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

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

/**
 * The line protocol the bench's child processes speak on stdout/stdin: `next()` resolves with the
 * next line printed, `ask(line)` writes one line and resolves with the line printed in answer.
 */
export function linesOf(child: ChildProcess) {
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => waiting.shift()?.(l));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  return {
    next,
    ask(line: string): Promise<string> {
      const answer = next();
      child.stdin?.write(`${line}\n`);
      return answer;
    },
  };
}
