// The registry of checks, in report order.
import type { CheckDefinition } from '../types.js';
import { capabilitiesCheck } from './capabilities.js';
import { kernelCheck } from './kernel.js';
import { nsLastPidCheck } from './ns-last-pid.js';
import { pidNamespaceCheck } from './pid-namespace.js';
import { pidnsCreateCheck } from './pidns-create.js';

export const CHECKS: readonly CheckDefinition[] = [
  kernelCheck,
  pidNamespaceCheck,
  capabilitiesCheck,
  nsLastPidCheck,
  pidnsCreateCheck,
];
