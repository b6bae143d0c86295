// The test-side strategic-merge applier the remedy proofs rely on: if it merged differently from
// the API server, a patch could pass here and fail on a cluster.
import { describe, expect, it } from 'vitest';
import { strategicMerge } from '../../support/strategic-merge.js';

describe('strategicMerge', () => {
  const base = {
    volumes: [{ name: 'shared', emptyDir: {} }],
    containers: [
      { name: 'app', securityContext: { runAsUser: 1000, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }, volumeMounts: [{ name: 'shared', mountPath: '/shared', readOnly: true }] },
      { name: 'sidecar', image: 's' },
    ],
    hostPID: true,
  };

  it('merges containers and volumes by name, volumeMounts by mountPath; replaces capabilities.add; null deletes', () => {
    const patch = {
      volumes: [{ name: 'extra', hostPath: { path: '/x' } }],
      containers: [{ name: 'app', securityContext: { runAsUser: 0, capabilities: { add: ['CHECKPOINT_RESTORE'] } }, volumeMounts: [{ name: 'shared', mountPath: '/shared', readOnly: false }, { name: 'extra', mountPath: '/x' }] }],
      hostPID: null,
    };
    expect(strategicMerge(base, patch)).toEqual({
      volumes: [{ name: 'shared', emptyDir: {} }, { name: 'extra', hostPath: { path: '/x' } }],
      containers: [
        { name: 'app', securityContext: { runAsUser: 0, capabilities: { drop: ['ALL'], add: ['CHECKPOINT_RESTORE'] } }, volumeMounts: [{ name: 'shared', mountPath: '/shared', readOnly: false }, { name: 'extra', mountPath: '/x' }] },
        { name: 'sidecar', image: 's' },
      ],
    });
  });

  it('changes neither argument', () => {
    const copy = structuredClone(base);
    strategicMerge(base, { containers: [{ name: 'app', securityContext: { runAsUser: 0 } }] });
    expect(base).toEqual(copy);
  });
});
