import { loadTaxonomy } from '../src/policy.js';
import { intakeSubmission } from '../test/helpers/intake-form.js';
import { commandBody, payloadBody, sendSigned } from '../test/helpers/slack-request.js';

export type Case = 'help' | 'request' | 'submission';

// The default request types: what `/prodsec request` offers a team without a policy file.
const types = loadTaxonomy(undefined).requestTypes;

/** `submission` is the typed request form as `/prodsec request` opens it today (an automation request). */
export function bodyFor(kind: Case, i: number): string {
  if (kind === 'help') return commandBody({ text: 'help', user_id: `U${i % 50}` });
  if (kind === 'request') return commandBody({ text: 'request', user_id: `U${i % 50}` });
  return payloadBody(
    intakeSubmission(
      types,
      'automation',
      {
        title: `Bench request ${i}`,
        problem: 'AppSec triages every scanner finding by hand.',
        currentProcess: 'Two engineers, two hours a day.',
        desiredOutcome: 'Findings are deduplicated and routed automatically.',
        definitionOfDone: 'A bot routes 90% of findings without a human.',
        requestingTeam: 'AppSec',
        links: 'https://gitlab.com/gitlab-org/gitlab/-/issues/1',
      },
      { userId: `U${i % 50}`, viewId: `VB${Date.now()}${i}` },
    ),
  );
}

/** Fires `n` signed requests at once; returns each one's time to acknowledgement (HTTP response) in ms. */
export async function burst(
  url: string,
  kind: Case,
  n: number,
): Promise<{ latencies: number[]; failures: number }> {
  const bodies = Array.from({ length: n }, (_, i) => bodyFor(kind, i));
  let failures = 0;
  const latencies = await Promise.all(
    bodies.map(async (body) => {
      const t0 = performance.now();
      const res = await sendSigned(url, body).catch(() => undefined);
      if (res?.status !== 200) failures++;
      await res?.arrayBuffer();
      return performance.now() - t0;
    }),
  );
  return { latencies, failures };
}

/** Sends `total` requests keeping `concurrency` in flight. */
export async function sustained(
  url: string,
  kind: Case,
  total: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  let failures = 0;
  const lane = async () => {
    while (next < total) {
      const i = next++;
      const res = await sendSigned(url, bodyFor(kind, i)).catch(() => undefined);
      if (res?.status !== 200) failures++;
      await res?.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return failures;
}
