// Limits of the DeskApi as plain values, without the contract's zod schemas: the renderer imports them from here,
// so the schemas stay out of the agent's first bundle (the host validates with them).
export const REPLY_MAX_CHARS = 10_000;

/** The most messages one page of a transcript carries. */
export const TRANSCRIPT_PAGE_MAX = 2_000;
/** Opening a conversation loads its newest messages; scrolling up loads the earlier ones a page at a time. */
export const TRANSCRIPT_FIRST_PAGE = 200;
export const TRANSCRIPT_EARLIER_PAGE = 500;
