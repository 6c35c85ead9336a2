import { createServer } from 'node:http';
import { startFakeGitLab } from '../test/fakes/gitlab-api.js';

/**
 * The fake GitLab in its own process, so its JSON work does not share the bot's event loop
 * (real GitLab is remote). argv: milestone issue count, per-call latency in ms.
 * Prints one JSON line {url, token, control} and serves GET {control}/calls.
 */
const TEAM = 'team::Product Security Engineering';
const STATES = [
  'workflow::ready for development',
  'workflow::in dev',
  'workflow::in review',
  'workflow::blocked',
];

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100);
  const latency = Number(process.argv[3] ?? 50);
  const gitlab = await startFakeGitLab();
  gitlab.addProject({ path_with_namespace: 'sec/internal-tools' });
  gitlab.addProject({ path_with_namespace: 'sec/product' });
  const ms = gitlab.addMilestone('sec', { title: '17.3', start_date: '2024-03-01', due_date: '2024-03-31' });
  const make = (i: number) => ({
    title: `Work ${i}`,
    labels: [TEAM, STATES[i % STATES.length] as string],
    milestone: ms,
    weight: (i % 5) + 1,
  });
  const half = Math.floor(n / 2);
  gitlab.seedIssues('sec/internal-tools', half, make);
  gitlab.seedIssues('sec/product', n - half, make);
  gitlab.seedIssues('sec/product', 150, (i) => ({
    title: `Candidate ${i}`,
    labels: ['ProdSecEng Candidate'],
  }));
  gitlab.setLatency(latency);
  const control = createServer((req, res) => {
    if (req.url === '/reset') gitlab.calls.length = 0;
    res.end(JSON.stringify({ calls: gitlab.calls.length }));
  });
  control.listen(0, '127.0.0.1', () => {
    const port = (control.address() as { port: number }).port;
    console.log(
      JSON.stringify({ url: gitlab.url, token: gitlab.token, control: `http://127.0.0.1:${port}` }),
    );
  });
}

void main();
