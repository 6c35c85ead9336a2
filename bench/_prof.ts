import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { burst } from './load.js';
import { settle, spawnProductionBot } from './production.js';
import { summarize } from './stats.js';

const kind = (process.argv[2] ?? 'submission') as 'submission';
const tsx = new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
const child = spawn(process.execPath, [tsx, new URL('./fakes-process.ts', import.meta.url).pathname, '500'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const line = await new Promise<string>((r) => createInterface({ input: child.stdout! }).once('line', r));
const f = JSON.parse(line);
const bot = await spawnProductionBot(f);
for (let r = 0; r < Number(process.env.ROUNDS ?? 6); r++) {
  await settle([bot.child.pid!, child.pid!]);
  const a = await burst(bot.url, kind, Number(process.env.N ?? 200));
  console.log(r, JSON.stringify(summarize(a.latencies)));
}
await bot.stop();
child.kill();
