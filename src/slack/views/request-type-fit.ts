import { type RequestType, TEXT_KINDS } from '../../domain/request-types.js';
import { LIMITS } from '../limits.js';
import { typedRequestView } from './intake-form.js';

const over = (problems: string[], path: string, value: string | undefined, max: number, why: string) => {
  if (value !== undefined && value.length > max)
    problems.push(`${path}: must be at most ${max} characters (${why})`);
};

/**
 * Problems (paths relative to the type) that would make this type's form break Block Kit limits;
 * the policy is refused at start-up when there are any, rather than cut silently in the form.
 */
export function checkTypeFitsBlockKit(type: RequestType): string[] {
  const problems: string[] = [];
  over(problems, 'name', type.name, LIMITS.optionText, 'it is an option of the type picker');
  over(
    problems,
    'description',
    type.description,
    LIMITS.optionText,
    'it is shown under the option in the type picker',
  );
  for (const [i, f] of type.fields.entries()) {
    over(problems, `fields.${i}.label`, f.label, LIMITS.inputLabel, 'Slack input label');
    over(problems, `fields.${i}.hint`, f.hint, LIMITS.inputLabel, 'Slack input hint');
    over(problems, `fields.${i}.placeholder`, f.placeholder, 150, 'Slack placeholder');
    if (f.max !== undefined && TEXT_KINDS.includes(f.kind) && f.max > LIMITS.inputMaxLength)
      problems.push(`fields.${i}.max: must be at most ${LIMITS.inputMaxLength} (Slack text input)`);
    const options = f.options ?? [];
    if (options.length > 100) problems.push(`fields.${i}.options: at most 100 options fit a Slack select`);
    for (const [j, o] of options.entries()) {
      over(problems, `fields.${i}.options.${j}.label`, o.label, LIMITS.optionText, 'Slack option text');
      over(problems, `fields.${i}.options.${j}.value`, o.value, LIMITS.optionValue, 'Slack option value');
    }
  }
  const { blocks } = typedRequestView({ types: [type], typeId: type.id, metadata: { channelId: null } });
  if (blocks.length > LIMITS.modalBlocks)
    problems.push(
      `fields: ${type.fields.length} fields make a form of more than ${LIMITS.modalBlocks} blocks, the most Slack shows in a modal`,
    );
  return problems;
}

/** Every type's problems, prefixed with its path in the policy (`requestTypes.2.fields.0.label: …`). */
export function checkTypesFitBlockKit(types: readonly RequestType[]): string[] {
  return types.flatMap((t, i) => checkTypeFitsBlockKit(t).map((p) => `requestTypes.${i}.${p}`));
}
