import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';

export type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The ways a form can be answered: each acknowledges the submission, so call exactly one. */
export interface SubmissionReply {
  /** Keeps the form open with `message` under the block `blockId`. */
  error(blockId: string, message: string): Promise<void>;
  /**
   * Keeps the form open with a message under each field that failed validation; `blockIdOf`
   * names the block a field sits in. Fields without a message are left out.
   */
  fieldErrors<F extends string>(
    errors: Partial<Record<F, string | undefined>>,
    blockIdOf: (field: F) => string,
  ): Promise<void>;
  /** Replaces the form with `view` (a confirmation, a notice). */
  update(view: ModalView): Promise<void>;
  /** Closes the form. */
  close(): Promise<void>;
}

/**
 * A `view_submission` handler: the body reads the form, calls one use case and answers through
 * `reply`, so the acknowledgement shapes Slack expects are written once.
 */
export function onSubmission(
  handle: (args: SubmissionArgs, reply: SubmissionReply) => Promise<void>,
): (args: SubmissionArgs) => Promise<void> {
  return (args) => {
    const { ack } = args;
    const reply: SubmissionReply = {
      error: (blockId, message) => ack({ response_action: 'errors', errors: { [blockId]: message } }),
      fieldErrors: (errors, blockIdOf) => {
        const byBlock: Record<string, string> = {};
        for (const [field, message] of Object.entries(errors) as [string, string | undefined][])
          if (message) byBlock[blockIdOf(field as Parameters<typeof blockIdOf>[0])] = message;
        return ack({ response_action: 'errors', errors: byBlock });
      },
      update: (view) => ack({ response_action: 'update', view }),
      close: () => ack(),
    };
    return handle(args, reply);
  };
}
