// /proc/<pid>/ns/* links read as "pid:[4026531836]".
import { isDigits, isWord } from './text.js';

/** The namespace inode named by a link text of the given type, or null. */
export function parseNamespaceLink(text: string, type: string): number | null {
  // /^([a-z_]+):\[(\d{1,20})\]$/ written out (parse/text.ts says why); the type must be the one asked.
  const link = text.trim();
  const inode = link.slice(type.length + 2, -1);
  const typed = link.startsWith(`${type}:[`) && link.endsWith(']') && isLowerWord(type);
  return typed && isDigits(inode, 20) ? Number(inode) : null;
}

const isLowerOrUnderscore = (code: number): boolean => (code >= 97 && code <= 122) || code === 95;
const isLowerWord = (text: string): boolean => isWord(text, isLowerOrUnderscore, isLowerOrUnderscore);

/** PROC_PID_INIT_INO from include/linux/proc_ns.h: the initial PID namespace. */
export const INITIAL_PID_NS_INODE = 0xeffffffc;

/** PROC_USER_INIT_INO: the initial user namespace. */
export const INITIAL_USER_NS_INODE = 0xeffffffd;
