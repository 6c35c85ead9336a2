import type { Deps } from '../../deps.js';
import { FILE_REQUEST, handleFileRequest } from './file-request.js';
import { handleSlackPost, SLACK_POST } from './slack-post.js';

/** Every outbox job kind and its handler. Features add their kinds here. */
export function registerOutboxHandlers(deps: Deps): void {
  deps.outbox.register(FILE_REQUEST, handleFileRequest(deps));
  deps.outbox.register(SLACK_POST, handleSlackPost(deps));
}
