/** Every callback_id, action_id and block_id the bot uses; builders and listeners share these. */
export const COMMAND = '/prodsec' as const;

export const ids = {
  request: {
    callbackId: 'request_modal',
    blocks: {
      title: 'req_title',
      kind: 'req_kind',
      problem: 'req_problem',
      currentProcess: 'req_current_process',
      desiredOutcome: 'req_desired_outcome',
      definitionOfDone: 'req_definition_of_done',
      requestingTeam: 'req_requesting_team',
      links: 'req_links',
      confidential: 'req_confidential',
    },
    action: 'value',
    confidentialOption: 'confidential',
  },
  refine: {
    /** The Refine button on triage cards, candidate replies and the queue; value = issue ref `group/project#12`. */
    openButton: 'refine_open',
  },
  home: {
    newRequest: 'home_new_request',
    refresh: 'home_refresh',
  },
} as const;
