/** Said when a modal's metadata does not parse (opened by an older release, or forged). */
export const LOST_TRACK = {
  refinement: 'This checklist lost track of its refinement. Close it and run `/prodsec refine` again.',
  decline: 'This form lost track of the issue; press Decline again.',
  flag: 'This form lost track of the message; please use the shortcut again.',
  escalation: 'This form lost track of its escalation. Close it and press the button again.',
  request: 'This form lost track of where it was opened. Close it and run `/prodsec request` again.',
} as const;
