// What stops a run: SIGTERM/SIGINT (lifecycle) and the checks' time limit (runner). node's
// AbortController would do, but it is made on first use, and loading it and its EventTarget
// costs every start-up ~0.8 ms (docs/design.md, "Start-up"); the probes need only this much.
// Where a node API wants a real AbortSignal (child_process, timers), toAbortSignal makes one.

/** The part of AbortSignal a probe uses; node's own AbortSignal is one too. */
export interface RunSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  /** Throws an AbortError once aborted, as AbortSignal.throwIfAborted does. */
  throwIfAborted(): void;
}

function abortError(): Error {
  return Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

export interface Abort {
  readonly signal: RunSignal;
  /** Calls every listener once, in the order they were added; later calls do nothing. */
  abort(): void;
}

export function createAbort(): Abort {
  let aborted = false;
  const listeners = new Set<() => void>();
  const signal: RunSignal = {
    get aborted() {
      return aborted;
    },
    addEventListener: (_type, listener) => {
      if (!aborted) listeners.add(listener);
    },
    removeEventListener: (_type, listener) => {
      listeners.delete(listener);
    },
    throwIfAborted: () => {
      if (aborted) throw abortError();
    },
  };
  return {
    signal,
    abort() {
      if (aborted) return;
      aborted = true;
      const called = [...listeners];
      listeners.clear();
      for (const listener of called) {
        try {
          listener();
        } catch (err) {
          // As EventTarget does: the others still run, and the error surfaces as uncaught.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    },
  };
}

/** A node AbortSignal that follows `signal`, for APIs that take only those. */
export function toAbortSignal(signal: RunSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller.signal;
}
