// The image's run-time contract as the Dockerfile's final stage declares it. The e2e tests run
// exactly this in the rootfs scripts/build-rootfs.sh lays out, which keeps the two in lock-step.
import { readFileSync } from 'node:fs';

export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  user: { uid: number; gid: number };
}

type Instruction = { keyword: string; value: string };

/** Instructions of the last stage, continuation lines joined, comments dropped. */
export function finalStageInstructions(dockerfile: string): Instruction[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim());
  const instructions = lines
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [keyword = '', ...rest] = l.split(/\s+/);
      return { keyword: keyword.toUpperCase(), value: rest.join(' ') };
    });
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  return instructions.slice(lastFrom);
}

/** The value of the stage's last `keyword`: the one in force. */
function lastValue(stage: Instruction[], keyword: string): string {
  const value = stage.filter((i) => i.keyword === keyword).at(-1)?.value;
  if (value === undefined) throw new Error(`Dockerfile: final stage has no ${keyword}`);
  return value;
}

function execForm(stage: Instruction[], keyword: string): string[] {
  return JSON.parse(lastValue(stage, keyword)) as string[];
}

function numericUser(stage: Instruction[]): { uid: number; gid: number } {
  const value = lastValue(stage, 'USER');
  const match = /^(\d+):(\d+)$/.exec(value);
  if (!match) throw new Error(`Dockerfile: final stage USER must be numeric uid:gid, got "${value}"`);
  return { uid: Number(match[1]), gid: Number(match[2]) };
}

export function imageConfig(dockerfile: string): ImageConfig {
  const stage = finalStageInstructions(dockerfile);
  return { entrypoint: execForm(stage, 'ENTRYPOINT'), cmd: execForm(stage, 'CMD'), user: numericUser(stage) };
}

export const IMAGE = imageConfig(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'));
