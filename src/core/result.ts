// The one shape for "a value, or the reason there is none" across parsers and probes. `code` is
// an errno name (ENOENT, EACCES …) for I/O, or a parse kind (malformed, truncated, too-large)
// for text and bytes that make no sense; `message` is one line a report can show.

export interface Failure {
  ok: false;
  code: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | Failure;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function failure(code: string, message: string): Failure {
  return { ok: false, code, message };
}

/** The errno name of a Node error (`ENOENT`, `EACCES` …), or `EUNKNOWN`. */
export function errnoOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A caught error as data: its errno and message. */
export function failureFrom(err: unknown): Failure {
  return failure(errnoOf(err), messageOf(err));
}

/** An Error with an errno-like `code`, as Node's own I/O errors have, for I/O-shaped refusals of ours. */
export function errnoError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}
