// Limits of the DeskApi as plain values, without the contract's zod schemas: the renderer imports them from here,
// so the schemas stay out of the agent's first bundle (the host validates with them).
export const REPLY_MAX_CHARS = 10_000;
