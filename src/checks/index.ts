// The registry of checks, in report order (docs/design.md, "Checks and their policy").
import type { AnyCheck } from '../core/check.js';
import { capabilitiesCheck } from './capabilities.js';
import { cgroupCpuCheck } from './cgroup-cpu.js';
import { cgroupMemoryCheck } from './cgroup-memory.js';
import { cgroupPidsCheck } from './cgroup-pids.js';
import { kernelCheck } from './kernel.js';
import { nsLastPidCheck } from './ns-last-pid.js';
import { pidNamespaceCheck } from './pid-namespace.js';
import { pidnsCreateCheck } from './pidns-create.js';
import { staticBinaryCheck } from './static-binary.js';

export const CHECKS: readonly AnyCheck[] = [
  kernelCheck,
  pidNamespaceCheck,
  capabilitiesCheck,
  nsLastPidCheck,
  cgroupMemoryCheck,
  cgroupCpuCheck,
  cgroupPidsCheck,
  staticBinaryCheck,
  pidnsCreateCheck,
];
