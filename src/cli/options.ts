// The validated options every later stage reads (docs/design.md, "Command line"). parse.ts is
// the only producer.
import type { PatchTarget, Severity } from '../core/types.js';
import type { CheckOptions } from '../probe/context.js';

export type Command = 'run' | 'check' | 'explain' | 'scan';
/** prometheus: scan only (node-exporter textfile format). */
export const OUTPUT_FORMATS = ['text', 'json', 'prometheus'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The formats a command accepts: prometheus is scan's only. */
export function outputFormatsFor(command: string | undefined): OutputFormat[] {
  return OUTPUT_FORMATS.filter((f) => f !== 'prometheus' || command === 'scan');
}

export interface Options {
  command: Command;
  /** explain's optional CODE. */
  code: string | null;
  output: OutputFormat;
  only: string[] | null;
  skip: string[];
  handoffDir: string;
  flagName: string;
  severity: Record<string, Severity>;
  strict: boolean;
  timeoutMs: number;
  root: string;
  pid: 'self' | number;
  terminationLog: string;
  /** Given on the command line or in the environment (not the default). */
  terminationLogExplicit: boolean;
  /** Container names the remedies' patches use (--app-container, --init-container). */
  appContainer: string;
  initContainer: string;
  color: boolean | null;
  debug: boolean;
  checks: CheckOptions;
  scan: ScanOptions;
}

/** Options of the `scan` command only. */
export interface ScanOptions {
  /** Write the output to this file (atomic replacement) instead of stdout. */
  outputFile: string | null;
  /** Repeat the scan every this many seconds (a DaemonSet), or once. */
  intervalSeconds: number | null;
}

/** A user's mistake on the command line or in PREFLIGHT_* variables: exit 2, one line. */
export class UsageError extends Error {}

export const DEFAULT_TERMINATION_LOG = '/dev/termination-log';
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Whom the remedies' patches address, from the options (the same for `explain` and the report). */
export function patchTarget(options: Options): PatchTarget {
  return { appContainer: options.appContainer, initContainer: options.initContainer, handoffDir: options.handoffDir, checks: options.checks };
}
