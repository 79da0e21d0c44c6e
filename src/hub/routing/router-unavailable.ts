// The failure a router call answers when no routing node could be reached in time (cluster mode: none holds the
// routing lease yet, or the holder died mid-request). Retryable: the HTTP layer answers 503 with Retry-After and
// the socket layer `unavailable`, so bots and desks try again, on this node or another.
export class RouterUnavailableError extends Error {
  readonly code = 'unavailable';
  readonly retryAfterSeconds = 1;
  constructor(message = 'The hub node that routes hand-offs did not answer in time (it may be handing over to another node); try again in a second.') {
    super(message);
    this.name = 'RouterUnavailableError';
  }
}
