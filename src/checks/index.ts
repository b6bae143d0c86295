// The registry of checks, in report order (DESIGN §5).
import type { CheckDefinition } from '../types.js';
import { capabilitiesCheck } from './capabilities.js';
import { cgroupCpuCheck } from './cgroup-cpu.js';
import { cgroupMemoryCheck } from './cgroup-memory.js';
import { kernelCheck } from './kernel.js';
import { nsLastPidCheck } from './ns-last-pid.js';
import { pidNamespaceCheck } from './pid-namespace.js';
import { pidnsCreateCheck } from './pidns-create.js';
import { staticBinaryCheck } from './static-binary.js';

export const CHECKS: readonly CheckDefinition[] = [
  kernelCheck,
  pidNamespaceCheck,
  capabilitiesCheck,
  nsLastPidCheck,
  cgroupMemoryCheck,
  cgroupCpuCheck,
  staticBinaryCheck,
  pidnsCreateCheck,
];
