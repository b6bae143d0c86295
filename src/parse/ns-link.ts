// /proc/<pid>/ns/* links read as "pid:[4026531836]".

/** The namespace inode named by a link text of the given type, or null. */
export function parseNamespaceLink(text: string, type: string): number | null {
  const m = /^([a-z_]+):\[(\d{1,20})\]$/.exec(text.trim());
  return m && m[1] === type ? Number(m[2]) : null;
}

/** PROC_PID_INIT_INO from include/linux/proc_ns.h: the initial PID namespace. */
export const INITIAL_PID_NS_INODE = 0xeffffffc;

/** PROC_USER_INIT_INO: the initial user namespace. */
export const INITIAL_USER_NS_INODE = 0xeffffffd;
