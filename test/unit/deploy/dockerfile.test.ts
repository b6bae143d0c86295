// The Dockerfile's final stage, as the e2e tests read it to run the image's contract in the
// rootfs build-rootfs.sh lays out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/parse.js';
import { finalStageInstructions, IMAGE, imageConfig } from '../../support/image.js';

describe('Dockerfile final stage', () => {
  it('runs the bundle with the distroless runtime as the numeric nonroot user', () => {
    expect(IMAGE.entrypoint).toEqual(['/nodejs/bin/node', '--verify-snapshot-checksum', '--v8-pool-size=1', '/app/init-preflight.cjs']);
    expect(IMAGE.user).toEqual({ uid: 65532, gid: 65532 });
  });

  it('has a CMD the real CLI parser accepts', () => {
    expect(parseCli(IMAGE.cmd, {}).kind).toBe('options');
  });

  it('is read from the last stage, with continuation lines joined', () => {
    const dockerfile = [
      'FROM builder AS build',
      'USER 1:1',
      'ENTRYPOINT ["/build"]',
      'FROM runtime',
      '# a comment',
      'ENTRYPOINT ["/bin/a", \\',
      '  "b"]',
      'CMD ["c"]',
      'USER 7:8',
    ].join('\n');
    expect(imageConfig(dockerfile)).toEqual({ entrypoint: ['/bin/a', 'b'], cmd: ['c'], user: { uid: 7, gid: 8 } });
  });

  it('build-rootfs.sh lays out the paths the ENTRYPOINT names', () => {
    const script = readFileSync(new URL('../../../scripts/build-rootfs.sh', import.meta.url), 'utf8');
    for (const file of IMAGE.entrypoint.filter((a) => a.startsWith('/'))) expect(script).toContain(`$out${file}`);
  });

  it('both carry util-linux unshare at /usr/bin/unshare, which pidns-create runs', () => {
    const dockerfile = readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8');
    const copies = finalStageInstructions(dockerfile).filter((i) => i.keyword === 'COPY').map((i) => i.value);
    expect(copies).toContainEqual(expect.stringMatching(/\/usr\/bin\/unshare \/usr\/bin\/unshare$/));
    const script = readFileSync(new URL('../../../scripts/build-rootfs.sh', import.meta.url), 'utf8');
    expect(script).toContain('"$out/usr/bin/unshare"');
  });
});
