// How a patch is printed wherever people read it (the text report, `explain`): one heading that
// says where to apply it, then the patch as YAML.
import type { WorkloadPatch } from '../core/types.js';
import { toYaml } from './yaml.js';

export const PATCH_HEADING = 'patch (strategic merge, for the workload: kubectl patch deployment NAME --patch-file FILE):';

/** The patch as YAML, each line indented by `indent`. */
export function patchLines(patch: WorkloadPatch, indent: string): string[] {
  return toYaml(patch).trimEnd().split('\n').map((l) => `${indent}${l}`);
}
