import { describe, expect, it } from 'vitest';
import { containerIdOf, parseContainerLogName, podUidOf, podUidOfLogTarget } from '../../../src/parse/kubelet-names.js';

const ID = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'b'.repeat(8);
const UID = '0c1f2b7e-9d11-4f6c-1b0e-2d5e4c8a9a43';
const UID_ = UID.replace(/-/g, '_');

describe('container IDs and pod UIDs from cgroup paths', () => {
  it.each([
    ['containerd, systemd driver', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/cri-containerd-${ID}.scope`, ID, UID],
    ['CRI-O, systemd driver', `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_}.slice/crio-${ID}.scope`, ID, UID],
    ['docker, systemd driver', `/kubepods.slice/kubepods-pod${UID_}.slice/docker-${ID}.scope`, ID, UID],
    ['containerd, cgroupfs driver', `/kubepods/burstable/pod${UID}/${ID}`, ID, UID],
    ['guaranteed pod, cgroupfs driver', `/kubepods/pod${UID}/${ID}`, ID, UID],
    ['v1 colon form', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice:cri-containerd:${ID}`, ID, UID],
    ['plain docker', `/docker/${ID}`, ID, null],
    ['the pod cgroup itself', `/kubepods/burstable/pod${UID}`, null, UID],
    ['CRI-O conmon is not the container', `/kubepods.slice/kubepods-pod${UID_}.slice/crio-conmon-${ID}.scope`, null, UID],
    ['a hex directory outside a pod', '/process_api/cbcb378f44c16dd1bede51178fd234e4', null, null],
    ['a pod-like name outside kubepods', `/system.slice/pod${UID}/${ID}`, ID, null],
    ['the root', '/', null, null],
  ])('%s', (_name, cgroupPath, id, uid) => {
    expect(containerIdOf(cgroupPath)).toBe(id);
    expect(podUidOf(cgroupPath)).toBe(uid);
  });
});

describe('kubelet log links', () => {
  it('splits <pod>_<namespace>_<container>-<id>.log, container names with dashes included', () => {
    expect(parseContainerLogName(`web-5c8b-x2_shop_log-shipper-${ID}.log`)).toEqual({ pod: 'web-5c8b-x2', namespace: 'shop', container: 'log-shipper', containerId: ID });
  });

  it.each(['notes.txt', `web_shop-${ID}.log`, `web_shop_app-${ID}.log.1`, 'web_shop_app-XYZ.log'])('%s is not one', (name) => {
    expect(parseContainerLogName(name)).toBeNull();
  });

  it('reads the pod UID from the link target', () => {
    expect(podUidOfLogTarget(`/var/log/pods/shop_web-5c8b-x2_${UID}/app/0.log`)).toBe(UID);
    expect(podUidOfLogTarget('/var/log/elsewhere/app.log')).toBeNull();
  });
});
