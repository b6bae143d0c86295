#!/bin/sh
# /init of the micro-VM. Stage 1 copies the initramfs into a tmpfs and switch_roots there, because
# runc cannot pivot_root out of an initramfs. Stage 2 mounts the kernel file systems and cgroup2
# with the memory, cpu and pids controllers enabled, runs /scenarios.sh and powers off.
if [ ! -e /.stage2 ]; then
  mount -t tmpfs -o size=800m root /mnt
  for entry in /bin /sbin /usr /lib /lib64 /opt /etc /init /scenarios.sh; do
    [ -e "$entry" ] && cp -a "$entry" /mnt/
  done
  mkdir -p /mnt/proc /mnt/sys /mnt/dev /mnt/tmp /mnt/mnt
  touch /mnt/.stage2
  exec switch_root /mnt /init
fi

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup
# Only emergencies on the console: OOM-kill reports would interleave with the results.
echo 1 >/proc/sys/kernel/printk
echo '+memory +cpu +pids' >/sys/fs/cgroup/cgroup.subtree_control
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/ NO_COLOR=1

echo "@@VM-START $(uname -r)"
. /scenarios.sh
echo "@@VM-DONE"
poweroff -f
