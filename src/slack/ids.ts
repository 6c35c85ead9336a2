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
    callbackId: 'refine_modal',
    confirmCallbackId: 'refine_confirm',
    /** "Save progress" inside the checklist modal (a block action reading the view's state). */
    saveButton: 'refine_save',
    blocks: {
      goal: 'ref_goal',
      definitionOfDone: 'ref_dod',
      breakdown: 'ref_breakdown',
      breakdownNote: 'ref_breakdown_note',
      solution: 'ref_solution',
      needsSolutionValidation: 'ref_solution_validation',
      weight: 'ref_weight',
      priority: 'ref_priority',
      metric: 'ref_metric',
      save: 'ref_save',
    },
    action: 'value',
  },
  home: {
    newRequest: 'home_new_request',
    refresh: 'home_refresh',
    /** "Connect GitLab": opens a modal with a fresh, single-use link to GitLab's consent page. */
    connectGitlab: 'home_connect_gitlab',
  },
  identity: {
    /** The link button to GitLab's consent page (a URL button: Slack opens it, the bot ignores the click). */
    connectOpen: 'identity_connect_open',
  },
  escalation: {
    callbackId: 'escalation_modal',
    resolveCallbackId: 'escalation_resolve_modal',
    blocks: { link: 'esc_link', explanation: 'esc_explanation', note: 'esc_note' },
    action: 'value',
    /** Buttons on the escalation post; value = escalation ref `E-12`. */
    acknowledge: 'escalation_ack',
    unacknowledge: 'escalation_unack',
    resolve: 'escalation_resolve',
    /** The Escalate button on a request's confirmation; value = request ref `R-12`. */
    fromRequest: 'escalation_from_request',
  },
  candidates: {
    /** The message shortcut "Flag as ProdSec candidate" (declared in manifest.yml). */
    flagShortcut: 'flag_candidate',
    flagCallbackId: 'flag_modal',
    flagBlocks: {
      message: 'flag_message',
      choice: 'flag_choice',
      title: 'flag_title',
      kind: 'flag_kind',
      notes: 'flag_notes',
      existing: 'flag_existing',
      confidential: 'flag_confidential',
      suggestions: 'flag_suggestions',
    },
    action: 'value',
    confidentialOption: 'confidential',
    /** Take on / Decline on triage cards and candidate replies; value = issue ref `group/project#12`. */
    takeOn: 'triage_take_on',
    /** "Take on as…": a select of metric kinds; the issue ref travels in the block_id after the prefix. */
    takeOnAs: 'triage_take_on_as',
    actionsBlockPrefix: 'triage|',
    decline: 'triage_decline',
    declineCallbackId: 'decline_modal',
    declineBlocks: { reason: 'decline_reason', community: 'decline_community' },
    communityOption: 'seek_community',
  },
  intake: {
    /** The request form of every type (domain/request-types.ts). */
    callbackId: 'intake_modal',
    /** The global shortcut "New ProdSec request" (declared in manifest.yml). */
    globalShortcut: 'new_request',
    /** The Workflow Builder custom step "File a ProdSec request" (manifest.yml `functions:`). */
    workflowStep: 'file_prodsec_request',
    blocks: { type: 'intake_type', title: 'intake_title', confidential: 'intake_confidential' },
    /** A field's block is this prefix plus the field id. */
    fieldBlockPrefix: 'intake_f_',
    /** The type picker (dispatch_action): choosing a type updates the form in place. */
    typePick: 'intake_type_pick',
    action: 'value',
    confidentialOption: 'confidential',
    /** Claim on a request's announcement; value = request ref `R-12`. */
    claim: 'request_claim',
    announcementBlockPrefix: 'announce|',
  },
  support: {
    /** Buttons on the support question post; value = question ref `Q-12`. */
    answered: 'support_answered',
    convert: 'support_convert',
    /** "Answered" asks for the link to the answer (default: the question's thread). */
    answerCallbackId: 'support_answer_modal',
    blocks: { answerLink: 'support_answer_link' },
    action: 'value',
    postBlockPrefix: 'support|',
  },
} as const;
