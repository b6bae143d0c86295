// The README's first command is `npm ci && npm start` on a fresh clone, and `npm install -g` links
// package.json's bin: both must name the file scripts/build.mjs writes, not an older bundle that a
// working tree may still hold in dist/.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; bin: Record<string, string>; scripts: Record<string, string> };
const written = /writeFileSync\('(dist\/[^']+)'/.exec(readFileSync('scripts/build.mjs', 'utf8'))?.[1];

describe('package.json entry points', () => {
  it('bin names the bundle the build writes, and it runs', async () => {
    expect(written).toBe('dist/init-preflight.cjs');
    expect(pkg.bin['init-preflight']).toBe(written);
    const result = await execa('node', [pkg.bin['init-preflight']!, '--version']);
    expect(result.stdout).toBe(pkg.version);
  });

  it('npm start builds, then runs check with that bundle', () => {
    expect(pkg.scripts.start).toBe(`npm run build --silent && node ${written} check`);
  });
});
