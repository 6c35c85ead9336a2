import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { sendSigned } from '../test/helpers/slack-request.js';
import { bodyFor } from './load.js';
import { spawnProductionBot } from './production.js';

const tsx = new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
const child = spawn(process.execPath, [tsx, new URL('./fakes-process.ts', import.meta.url).pathname, '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const line = await new Promise<string>((r) => createInterface({ input: child.stdout! }).once('line', r));
const bot = await spawnProductionBot(JSON.parse(line));
const res = await sendSigned(bot.url, bodyFor('submission', 1));
console.log(res.status, (await res.text()).slice(0, 300));
await new Promise((r) => setTimeout(r, 1500));
console.log('depth', await bot.outboxDepth());
await bot.stop();
child.kill();
